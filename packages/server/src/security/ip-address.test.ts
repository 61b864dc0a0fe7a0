import { describe, expect, it } from 'vitest';
import { createIpMatcher, formatIp, isValidRange, parseIp, rateLimitKey } from './ip-address.js';

const format = (text: string) => {
  const address = parseIp(text);
  return address === undefined ? undefined : formatIp(address);
};

describe('parseIp', () => {
  it('reads IPv4, IPv6, brackets, zone ids and IPv4-mapped IPv6', () => {
    expect(format('203.0.113.7')).toBe('203.0.113.7');
    expect(format('2001:db8::1')).toBe('2001:db8:0:0:0:0:0:1');
    expect(format('[2001:DB8::1]')).toBe('2001:db8:0:0:0:0:0:1');
    expect(format('fe80::1%eth0')).toBe('fe80:0:0:0:0:0:0:1');
    expect(format('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(format('::1')).toBe('0:0:0:0:0:0:0:1');
    expect(format('::')).toBe('0:0:0:0:0:0:0:0');
  });

  it('refuses everything else', () => {
    for (const text of ['', 'unknown', '256.1.1.1', '1.2.3', '01.2.3.4', '1.2.3.4.5', '1::2::3', '12345::', 'g::1', '1:2:3:4:5:6:7:8:9', '_hidden', ' 1.2.3.4 x']) {
      expect(parseIp(text), text).toBeUndefined();
    }
  });
});

describe('rateLimitKey', () => {
  it('limits IPv4 per address and IPv6 per /64 (a visitor owns a whole /64)', () => {
    expect(rateLimitKey(parseIp('203.0.113.7')!)).toBe('203.0.113.7');
    expect(rateLimitKey(parseIp('2001:db8:1:2:aaaa::1')!)).toBe(rateLimitKey(parseIp('2001:db8:1:2:bbbb::99')!));
    expect(rateLimitKey(parseIp('2001:db8:1:2::1')!)).not.toBe(rateLimitKey(parseIp('2001:db8:1:3::1')!));
  });
});

describe('createIpMatcher', () => {
  it('matches CIDRs, single addresses and named ranges', () => {
    const trusted = createIpMatcher(['10.0.0.0/8', '192.0.2.1', 'loopback', '2001:db8::/32']);
    const check = (text: string) => trusted(parseIp(text)!);
    expect(check('10.255.0.1')).toBe(true);
    expect(check('11.0.0.1')).toBe(false);
    expect(check('192.0.2.1')).toBe(true);
    expect(check('192.0.2.2')).toBe(false);
    expect(check('127.0.0.1')).toBe(true);
    expect(check('::1')).toBe(true);
    expect(check('::ffff:10.1.2.3')).toBe(true);
    expect(check('2001:db8:ffff::1')).toBe(true);
    expect(check('2001:db9::1')).toBe(false);
  });

  it('handles prefixes that do not end on a byte', () => {
    const trusted = createIpMatcher(['172.16.0.0/12']);
    expect(trusted(parseIp('172.31.255.255')!)).toBe(true);
    expect(trusted(parseIp('172.32.0.0')!)).toBe(false);
  });

  it('knows which entries are valid', () => {
    for (const entry of ['10.0.0.0/8', '::1', 'private', 'linklocal', '2001:db8::/32']) expect(isValidRange(entry), entry).toBe(true);
    for (const entry of ['10.0.0.0/33', 'example.com', '10.0.0.0/8/1', '']) expect(isValidRange(entry), entry).toBe(false);
    expect(() => createIpMatcher(['nonsense'])).toThrow(/nonsense/);
  });
});

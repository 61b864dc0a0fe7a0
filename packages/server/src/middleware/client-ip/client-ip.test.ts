import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createIpMatcher, formatIp } from '../../security/ip-address.js';
import { clientIp, type ClientIpVariables, resolveClientAddress } from './client-ip.js';

function resolve(peer: string | undefined, headers: Record<string, string>, trusted: string[]) {
  const address = resolveClientAddress(peer, new Headers(headers), createIpMatcher(trusted));
  return address === undefined ? undefined : formatIp(address);
}

describe('resolveClientAddress', () => {
  it('ignores forwarding headers from a peer that is not a trusted proxy', () => {
    expect(resolve('203.0.113.9', { 'x-forwarded-for': '1.1.1.1' }, [])).toBe('203.0.113.9');
    expect(resolve('203.0.113.9', { forwarded: 'for=1.1.1.1' }, ['10.0.0.0/8'])).toBe('203.0.113.9');
  });

  it('takes the right-most untrusted hop behind trusted proxies, whatever the client prepended', () => {
    const headers = { 'x-forwarded-for': '6.6.6.6, 198.51.100.4, 10.0.0.2' };
    expect(resolve('10.0.0.1', headers, ['10.0.0.0/8'])).toBe('198.51.100.4');
  });

  it('reads Forwarded (RFC 7239) with quotes, ports and IPv6 when there is no X-Forwarded-For', () => {
    const headers = { forwarded: 'for=6.6.6.6, for="[2001:db8:cafe::17]:4711";proto=https, for=10.0.0.2' };
    expect(resolve('10.0.0.1', headers, ['private'])).toBe('2001:db8:cafe:0:0:0:0:17');
    expect(resolve('10.0.0.1', { 'x-forwarded-for': '198.51.100.4:5555' }, ['private'])).toBe('198.51.100.4');
  });

  it('stops at a hop that is not an address, and at the left-most hop when every hop is trusted', () => {
    expect(resolve('10.0.0.1', { 'x-forwarded-for': 'garbage, 10.0.0.3' }, ['private'])).toBe('10.0.0.3');
    expect(resolve('10.0.0.1', { 'x-forwarded-for': '10.0.0.5, 10.0.0.3' }, ['private'])).toBe('10.0.0.5');
    expect(resolve('10.0.0.1', {}, ['private'])).toBe('10.0.0.1');
  });

  it('knows nothing when the runtime gives no peer', () => {
    expect(resolve(undefined, { 'x-forwarded-for': '1.1.1.1' }, ['0.0.0.0/0'])).toBeUndefined();
  });
});

describe('clientIp middleware', () => {
  function app(peer: string | undefined, trustedProxies: string[] = []) {
    const hono = new Hono<{ Variables: ClientIpVariables }>();
    hono.use(clientIp({ peerAddress: () => peer, trustedProxies }));
    hono.get('/', (c) => c.json({ ip: c.get('clientIp') ?? null, key: c.get('clientIpKey') ?? null }));
    return hono;
  }

  it('sets the address and the key per-address limits use', async () => {
    const response = await app('2001:db8:1:2::77').request('/');
    expect(await response.json()).toEqual({ ip: '2001:db8:1:2:0:0:0:77', key: '2001:db8:1:2:0:0:0:0/64' });
    const behindProxy = await app('127.0.0.1', ['loopback']).request('/', { headers: { 'x-forwarded-for': '198.51.100.4' } });
    expect(await behindProxy.json()).toEqual({ ip: '198.51.100.4', key: '198.51.100.4' });
  });

  it('survives a runtime whose connection info throws', async () => {
    const hono = new Hono<{ Variables: ClientIpVariables }>();
    hono.use(clientIp({ peerAddress: () => { throw new Error('no socket'); } }));
    hono.get('/', (c) => c.json({ ip: c.get('clientIp') ?? null }));
    expect(await (await hono.request('/')).json()).toEqual({ ip: null });
  });
});

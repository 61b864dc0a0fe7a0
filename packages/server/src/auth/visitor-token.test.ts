import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createVisitorToken, verifyVisitorToken } from './visitor-token.js';

const SECRET = 'test-secret-0123456789-abcdefghijklmnop';
const NOW = Date.UTC(2030, 0, 1);
const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** A token built by hand, as another JWT library (or an attacker) would. */
function handMade(header: object, claims: object, secret = SECRET, algorithm = 'sha256'): string {
  const body = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  return `${body}.${createHmac(algorithm, secret).update(body).digest('base64url')}`;
}

const claims = (extra: object = {}) => ({ sub: 'visitor-1', aud: 'sitechat', iat: NOW / 1000, exp: NOW / 1000 + 600, ...extra });

describe('visitor tokens', () => {
  it('round-trips: the visitor id and the expiry come back', async () => {
    const token = await createVisitorToken(SECRET, { visitorId: 'user-42', expiresIn: 900, now: NOW });
    expect(await verifyVisitorToken(token, SECRET, { now: NOW + 1000 })).toEqual({ valid: true, visitorId: 'user-42', expiresAt: NOW + 900_000 });
  });

  it('accepts a token minted by any HS256 JWT library with the documented claims', async () => {
    expect(await verifyVisitorToken(handMade({ alg: 'HS256', typ: 'JWT' }, claims()), SECRET, { now: NOW })).toMatchObject({ valid: true });
  });

  it('refuses expired tokens, allowing 30 s of clock difference', async () => {
    const token = await createVisitorToken(SECRET, { visitorId: 'v', expiresIn: 60, now: NOW });
    expect(await verifyVisitorToken(token, SECRET, { now: NOW + 80_000 })).toMatchObject({ valid: true });
    expect(await verifyVisitorToken(token, SECRET, { now: NOW + 91_000 })).toEqual({ valid: false, reason: 'expired' });
  });

  it('refuses a forged signature, another secret, and a tampered payload', async () => {
    const token = await createVisitorToken(SECRET, { visitorId: 'v', now: NOW });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'AB' : 'AA'}`;
    expect(await verifyVisitorToken(`${header}.${payload}.${flipped}`, SECRET, { now: NOW })).toEqual({ valid: false, reason: 'signature' });
    expect(await verifyVisitorToken(handMade({ alg: 'HS256' }, claims(), `${SECRET}-other`), SECRET, { now: NOW })).toEqual({ valid: false, reason: 'signature' });
    const otherVisitor = base64url(JSON.stringify(claims({ sub: 'admin' })));
    expect(await verifyVisitorToken(`${header}.${otherVisitor}.${signature}`, SECRET, { now: NOW })).toEqual({ valid: false, reason: 'signature' });
  });

  it('refuses alg:none and every algorithm but HS256, before looking at the signature', async () => {
    const none = `${base64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url(JSON.stringify(claims()))}.`;
    expect(await verifyVisitorToken(none, SECRET, { now: NOW })).toEqual({ valid: false, reason: 'algorithm' });
    for (const alg of ['HS512', 'RS256', 'hs256', 'ES256', undefined]) {
      expect(await verifyVisitorToken(handMade({ alg }, claims()), SECRET, { now: NOW }), String(alg)).toEqual({ valid: false, reason: 'algorithm' });
    }
    expect(await verifyVisitorToken(handMade({ alg: 'HS512' }, claims(), SECRET, 'sha512'), SECRET, { now: NOW })).toEqual({ valid: false, reason: 'algorithm' });
  });

  it('requires sub, aud "sitechat" and exp, and honours nbf', async () => {
    const check = (extra: object) => verifyVisitorToken(handMade({ alg: 'HS256' }, claims(extra)), SECRET, { now: NOW });
    expect(await check({ aud: 'another-app' })).toEqual({ valid: false, reason: 'claims' });
    expect(await check({ sub: undefined })).toEqual({ valid: false, reason: 'claims' });
    expect(await check({ sub: 'x'.repeat(200) })).toEqual({ valid: false, reason: 'claims' });
    expect(await check({ exp: undefined })).toEqual({ valid: false, reason: 'claims' });
    expect(await check({ exp: 'tomorrow' })).toEqual({ valid: false, reason: 'claims' });
    expect(await check({ nbf: NOW / 1000 + 3600 })).toEqual({ valid: false, reason: 'claims' });
    expect(await check({ aud: ['other', 'sitechat'] })).toMatchObject({ valid: true });
  });

  it('refuses garbage without throwing', async () => {
    for (const token of ['', 'a.b', 'a.b.c.d', '!!!.???.###', `${'x'.repeat(5000)}.y.z`, 'eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.AAAA']) {
      expect((await verifyVisitorToken(token, SECRET, { now: NOW })).valid, token.slice(0, 20)).toBe(false);
    }
  });

  it('refuses weak secrets and bad arguments when minting', async () => {
    await expect(createVisitorToken('short', { visitorId: 'v' })).rejects.toThrow(/at least 32/);
    await expect(createVisitorToken(SECRET, { visitorId: 'has space' })).rejects.toThrow(/visitorId/);
    await expect(createVisitorToken(SECRET, { visitorId: 'v', expiresIn: 0 })).rejects.toThrow(/expiresIn/);
  });
});

import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { recordingLogger } from '../../__fixtures__/harness.js';
import { createErrorHandler } from '../../http/on-error.js';
import { createVisitorToken } from '../visitor-token.js';
import { visitorIdentity, type VisitorIdentityOptions, type VisitorIdentityVariables } from './visitor-identity.js';

const SECRET = 'identity-secret-0123456789-abcdefghij';

function app(options: VisitorIdentityOptions = {}) {
  const hono = new Hono<{ Variables: VisitorIdentityVariables }>();
  hono.onError(createErrorHandler(recordingLogger()));
  hono.use('/api/*', visitorIdentity(options));
  hono.all('/api/*', (c) => c.json({ visitor: c.get('visitor') ?? null }));
  return hono;
}

describe('visitorIdentity', () => {
  it('without tokens: the visitor id header names the visitor, unverified; a malformed one is ignored', async () => {
    const hono = app();
    const named = await hono.request('/api/chat', { method: 'POST', headers: { 'x-sitechat-visitor': 'abcDEF123_-xyz' } });
    expect(await named.json()).toEqual({ visitor: { id: 'abcDEF123_-xyz', verified: false } });
    for (const id of ['short', 'has spaces in it', 'x'.repeat(200), 'token:abcdefgh']) {
      const response = await hono.request('/api/chat', { method: 'POST', headers: { 'x-sitechat-visitor': id } });
      expect(await response.json(), id).toEqual({ visitor: null });
    }
  });

  it('with tokens: a valid bearer token names the visitor, verified, and the header is not believed', async () => {
    const token = await createVisitorToken(SECRET, { visitorId: 'user-7' });
    const response = await app({ tokenSecret: SECRET }).request('/api/chat', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'x-sitechat-visitor': 'someone-else-123' },
    });
    expect(await response.json()).toEqual({ visitor: { id: 'user-7', verified: true } });
  });

  it('with tokens: missing, malformed or wrongly signed tokens get 401 invalid_token with WWW-Authenticate', async () => {
    const forged = await createVisitorToken(`${SECRET}-not-ours`, { visitorId: 'user-7' });
    for (const authorization of [undefined, 'Basic abc', 'Bearer', `Bearer ${forged}`, 'Bearer a.b.c']) {
      const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
      const response = await app({ tokenSecret: SECRET }).request('/api/chat', { method: 'POST', headers });
      expect(response.status, String(authorization)).toBe(401);
      expect((await response.json()).error.code).toBe('invalid_token');
      expect(response.headers.get('www-authenticate')).toContain('invalid_token');
    }
  });

  it('with tokens: preflights and GET /api/config need none', async () => {
    const hono = app({ tokenSecret: SECRET });
    expect((await hono.request('/api/config')).status).toBe(200);
    expect((await hono.request('/api/chat', { method: 'OPTIONS' })).status).toBe(200);
    expect((await hono.request('/api/conversations')).status).toBe(401);
  });
});

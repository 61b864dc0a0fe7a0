/**
 * Risks: another website embedding the owner's chat (Origin), and anyone at all using it when the owner
 * wants only their own signed-in visitors (tokens). Through the whole app, as a browser or a script would.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { chatBody, type Harness, message, startHarness } from '../__fixtures__/harness.js';
import { createVisitorToken } from '../auth/visitor-token.js';
import { peerAddress, postFrom } from './__fixtures__/requests.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterEach(() => harness.model.reset());
afterAll(() => harness.close());

const body = chatBody([message('user', 'hi')]);

describe('origins', () => {
  const app = () => harness.app({ allowedOrigins: ['https://www.fernhill.example'] }, { peerAddress });

  it('refuses a page the owner did not allow with 403 origin_not_allowed, and never calls the model', async () => {
    const response = await postFrom(app(), body, { headers: { origin: 'https://evil.example' } });
    expect(response.status).toBe(403);
    expect((await response.json()).error).toEqual({ code: 'origin_not_allowed', message: 'This website is not allowed to use this assistant.', retryable: false });
    expect(harness.model.requests).toHaveLength(0);
  });

  it('answers an allowed page with CORS headers, its preflight included, and lets it read Retry-After', async () => {
    const preflight = await app().request('/api/chat', {
      method: 'OPTIONS',
      headers: { origin: 'https://www.fernhill.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://www.fernhill.example');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const response = await postFrom(app(), body, { headers: { origin: 'https://www.fernhill.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://www.fernhill.example');
    expect(response.headers.get('access-control-expose-headers')).toContain('retry-after');
    await response.text();
  });

  it('keeps CORS headers on refusals, so the widget can show why', async () => {
    const limited = harness.app({ allowedOrigins: ['https://www.fernhill.example'], limits: { requestsPerMinutePerIp: 1 } }, { peerAddress });
    await (await postFrom(limited, body, { headers: { origin: 'https://www.fernhill.example' } })).text();
    const refused = await postFrom(limited, body, { headers: { origin: 'https://www.fernhill.example' } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('access-control-allow-origin')).toBe('https://www.fernhill.example');
    expect(refused.headers.get('retry-after')).not.toBeNull();
  });

  it("serves the server's own pages, and scripts without an Origin unless requireOrigin", async () => {
    const own = await app().request(
      'http://chat.fernhill.example/api/chat',
      { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://chat.fernhill.example' }, body: JSON.stringify(body) },
      { peer: '203.0.113.10' },
    );
    expect(own.status).toBe(200);
    await own.text();
    expect((await postFrom(app(), body)).status).toBe(200);
    expect((await postFrom(harness.app({ requireOrigin: true }, { peerAddress }), body)).status).toBe(403);
  });
});

describe('visitor tokens', () => {
  const secret = 'fernhill-visitor-secret-0123456789abcdef';
  const app = () => harness.app({ auth: { visitorTokens: { secret } } }, { peerAddress });
  const withToken = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = { sub: 'visitor-1', aud: 'sitechat', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 };

  async function expectRefused(response: Response) {
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe('invalid_token');
  }

  it('answers a visitor with a valid token', async () => {
    const token = await createVisitorToken(secret, { visitorId: 'visitor-1', expiresIn: 300 });
    const response = await postFrom(app(), body, withToken(token));
    expect(response.status).toBe(200);
    await response.text();
  });

  it('refuses a missing, expired, forged, alg:none or wrong-algorithm token, and never calls the model', async () => {
    await expectRefused(await postFrom(app(), body));
    const expired = await createVisitorToken(secret, { visitorId: 'v', expiresIn: 60, now: Date.now() - 3_600_000 });
    await expectRefused(await postFrom(app(), body, withToken(expired)));
    await expectRefused(await postFrom(app(), body, withToken(await createVisitorToken(`${secret}-attacker`, { visitorId: 'v' }))));
    await expectRefused(await postFrom(app(), body, withToken(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`)));
    const hs512Body = `${b64({ alg: 'HS512', typ: 'JWT' })}.${b64(claims)}`;
    await expectRefused(await postFrom(app(), body, withToken(`${hs512Body}.${createHmac('sha512', secret).update(hs512Body).digest('base64url')}`)));
    // The key confusion attack: an RS256 header, "signed" with HMAC.
    const rsBody = `${b64({ alg: 'RS256' })}.${b64(claims)}`;
    await expectRefused(await postFrom(app(), body, withToken(`${rsBody}.${createHmac('sha256', secret).update(rsBody).digest('base64url')}`)));
    expect(harness.model.requests).toHaveLength(0);
  });

  it('keys per-visitor limits by the token, not by a header anyone can change', async () => {
    const limited = harness.app({ auth: { visitorTokens: { secret } }, limits: { requestsPerMinutePerVisitor: 1, requestsPerMinutePerIp: 0 } }, { peerAddress });
    const token = await createVisitorToken(secret, { visitorId: 'visitor-9' });
    await (await postFrom(limited, body, { headers: { authorization: `Bearer ${token}`, 'x-sitechat-visitor': 'aaaaaaaaaa' } })).text();
    const again = await postFrom(limited, body, { headers: { authorization: `Bearer ${token}`, 'x-sitechat-visitor': 'bbbbbbbbbb' } });
    expect(again.status).toBe(429);
  });
});

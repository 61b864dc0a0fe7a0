import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { recordingLogger } from '../../__fixtures__/harness.js';
import type { Visitor } from '../../auth/visitor-identity/visitor-identity.js';
import { createErrorHandler } from '../../http/on-error.js';
import type { LimitStore } from '../limit-store.js';
import { MemoryLimitStore } from '../memory-store.js';
import { rateLimit, type RateLimitOptions } from './rate-limit.js';

type Who = { ip?: string; visitor?: Visitor };

function app(options: RateLimitOptions) {
  const hono = new Hono<{ Variables: { clientIp: string | undefined; clientIpKey: string | undefined; visitor: Visitor | undefined } }>();
  hono.onError(createErrorHandler(recordingLogger()));
  hono.use(async (c, next) => {
    const who = JSON.parse(c.req.header('x-test-who') ?? '{}') as Who;
    c.set('clientIp', who.ip);
    c.set('clientIpKey', who.ip);
    c.set('visitor', who.visitor);
    await next();
  });
  hono.use(rateLimit(options));
  hono.all('/', (c) => c.text('ok'));
  return (who: Who, method = 'POST') => hono.request('/', { method, headers: { 'x-test-who': JSON.stringify(who) } });
}

describe('rateLimit', () => {
  it('refuses the request past the per-address limit with 429 rate_limited and Retry-After', async () => {
    let now = 1_000_000_000_000;
    const request = app({ perIpPerMinute: 3, perVisitorPerMinute: 0, now: () => now });
    for (let index = 0; index < 3; index++) expect((await request({ ip: '198.51.100.1' })).status).toBe(200);
    const refused = await request({ ip: '198.51.100.1' });
    expect(refused.status).toBe(429);
    const body = await refused.json();
    expect(body.error).toMatchObject({ code: 'rate_limited', retryable: true });
    expect(body.error.message).toMatch(/too quickly/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(120);
    // Another address is not affected; the same one is allowed again once the window has slid by.
    expect((await request({ ip: '198.51.100.2' })).status).toBe(200);
    now += 2 * 60_000;
    expect((await request({ ip: '198.51.100.1' })).status).toBe(200);
  });

  it('limits each visitor too, and a new visitor id does not escape the address limit', async () => {
    const request = app({ perIpPerMinute: 4, perVisitorPerMinute: 2 });
    const visitor = (id: string): Visitor => ({ id, verified: false });
    expect((await request({ ip: '203.0.113.1', visitor: visitor('aaaaaaaa') })).status).toBe(200);
    expect((await request({ ip: '203.0.113.1', visitor: visitor('aaaaaaaa') })).status).toBe(200);
    expect((await request({ ip: '203.0.113.1', visitor: visitor('aaaaaaaa') })).status).toBe(429);
    expect((await request({ ip: '203.0.113.1', visitor: visitor('bbbbbbbb') })).status).toBe(200);
    expect((await request({ ip: '203.0.113.1', visitor: visitor('cccccccc') })).status).toBe(429);
  });

  it('does not count reads and preflights', async () => {
    const request = app({ perIpPerMinute: 1 });
    for (let index = 0; index < 5; index++) expect((await request({ ip: '203.0.113.9' }, 'GET')).status).toBe(200);
    expect((await request({ ip: '203.0.113.9' }, 'OPTIONS')).status).toBe(200);
    expect((await request({ ip: '203.0.113.9' })).status).toBe(200);
  });

  it('refuses with 503 limits_unavailable when the store fails, rather than letting requests through', async () => {
    const broken: LimitStore = {
      ...new MemoryLimitStore(),
      hit: () => Promise.reject(new Error('ECONNREFUSED')),
      add: () => Promise.reject(new Error('ECONNREFUSED')),
      acquire: () => Promise.reject(new Error('ECONNREFUSED')),
      release: () => Promise.resolve(),
    };
    const response = await app({ store: broken })({ ip: '203.0.113.9' });
    expect(response.status).toBe(503);
    expect((await response.json()).error.code).toBe('limits_unavailable');
  });
});

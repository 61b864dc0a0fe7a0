import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { recordingLogger } from '../../__fixtures__/harness.js';
import { createErrorHandler } from '../../http/on-error.js';
import { isValidOriginEntry, origins, type OriginsOptions } from './origins.js';

function app(options: OriginsOptions = {}) {
  const hono = new Hono();
  hono.onError(createErrorHandler(recordingLogger()));
  hono.use('/api/*', origins(options));
  hono.post('/api/chat', (c) => c.json({ ok: true }));
  return hono;
}

const post = (hono: Hono, origin?: string) =>
  hono.request('http://chat.example.com/api/chat', { method: 'POST', headers: origin === undefined ? {} : { origin } });

const preflight = (hono: Hono, origin: string) =>
  hono.request('http://chat.example.com/api/chat', {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization, x-sitechat-visitor' },
  });

describe('origins', () => {
  it('allows the server\'s own pages and listed origins, and names the origin in CORS headers', async () => {
    const hono = app({ allowedOrigins: ['https://www.example.com'] });
    const own = await post(hono, 'https://chat.example.com');
    expect(own.status).toBe(200);
    const listed = await post(hono, 'https://www.example.com');
    expect(listed.status).toBe(200);
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://www.example.com');
    expect(listed.headers.get('access-control-expose-headers')).toContain('retry-after');
    expect(listed.headers.get('vary')).toContain('Origin');
    expect(listed.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('answers an allowed preflight with methods, headers and a max age', async () => {
    const response = await preflight(app({ allowedOrigins: ['https://www.example.com'] }), 'https://www.example.com');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://www.example.com');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toBe('content-type,authorization,x-sitechat-visitor');
    expect(response.headers.get('access-control-max-age')).toBe('600');
  });

  it('refuses other origins with 403 origin_not_allowed, preflights included, and logs each origin once', async () => {
    const logger = recordingLogger();
    const hono = app({ allowedOrigins: ['https://www.example.com'], logger });
    for (const origin of ['https://evil.example', 'https://www.example.com.evil.example', 'http://www.example.com', 'null', 'file://', 'https://evil.example']) {
      const response = await post(hono, origin);
      expect(response.status, origin).toBe(403);
      expect((await response.json()).error.code).toBe('origin_not_allowed');
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
    expect((await preflight(hono, 'https://evil.example')).status).toBe(403);
    expect(logger.entries.filter((entry) => entry.fields?.origin === 'https://evil.example')).toHaveLength(1);
  });

  it('matches subdomain wildcards but not the apex, and * allows any page', async () => {
    const hono = app({ allowedOrigins: ['https://*.example.com'] });
    expect((await post(hono, 'https://shop.example.com')).status).toBe(200);
    expect((await post(hono, 'https://example.com')).status).toBe(403);
    expect((await post(hono, 'https://shop.example.com.evil.example')).status).toBe(403);
    expect((await post(app({ allowedOrigins: ['*'] }), 'https://anywhere.example')).status).toBe(200);
  });

  it('allows localhost pages only in development', async () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:3000', 'http://[::1]:8080']) {
      expect((await post(app(), origin)).status, origin).toBe(403);
      expect((await post(app({ development: true }), origin)).status, origin).toBe(200);
    }
  });

  it('lets requests without an Origin through (curl, servers) unless requireOrigin', async () => {
    expect((await post(app())).status).toBe(200);
    expect((await post(app({ requireOrigin: true }))).status).toBe(403);
  });

  it('validates configured entries', () => {
    for (const entry of ['*', 'https://www.example.com', 'http://localhost:3000', 'https://*.example.com']) expect(isValidOriginEntry(entry), entry).toBe(true);
    for (const entry of ['www.example.com', 'https://www.example.com/path', 'ftp://x.example', 'https://*']) expect(isValidOriginEntry(entry), entry).toBe(false);
  });
});

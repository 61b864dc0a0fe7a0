import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { recordingLogger } from '../../__fixtures__/harness.js';
import type { Visitor } from '../../auth/visitor-identity/visitor-identity.js';
import { createErrorHandler } from '../../http/on-error.js';
import { concurrentStreams } from './concurrent-streams.js';

/** An endpoint whose stream stays open until the test says so. */
function app(perVisitor: number, perIp = 0) {
  const open: Array<ReadableStreamDefaultController<Uint8Array>> = [];
  const hono = new Hono<{ Variables: { clientIp: string | undefined; clientIpKey: string | undefined; visitor: Visitor | undefined } }>();
  hono.onError(createErrorHandler(recordingLogger()));
  hono.use(async (c, next) => {
    c.set('clientIpKey', c.req.header('x-test-ip'));
    c.set('visitor', { id: c.req.header('x-test-visitor') ?? 'nobody00', verified: false });
    await next();
  });
  hono.use(concurrentStreams({ perVisitor, perIp }));
  hono.post('/stream', () => {
    const body = new ReadableStream<Uint8Array>({ start: (controller) => void open.push(controller) });
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  });
  hono.post('/json', (c) => c.json({ ok: true }));
  const request = (path: string, visitor = 'visitor1', ip = '203.0.113.1') =>
    hono.request(path, { method: 'POST', headers: { 'x-test-visitor': visitor, 'x-test-ip': ip } });
  return { request, open };
}

describe('concurrentStreams', () => {
  it('refuses a third stream for one visitor with 429 too_many_streams, until one ends', async () => {
    const { request, open } = app(2);
    const first = await request('/stream');
    const second = await request('/stream');
    expect([first.status, second.status]).toEqual([200, 200]);
    const third = await request('/stream');
    expect(third.status).toBe(429);
    expect((await third.json()).error.code).toBe('too_many_streams');
    expect(third.headers.get('retry-after')).toBe('2');
    expect((await request('/stream', 'visitor2')).status).toBe(200);

    open[0]!.close();
    await first.text();
    expect((await request('/stream')).status).toBe(200);
  });

  it('gives the slot back when the reader cancels (the visitor left)', async () => {
    const { request } = app(1);
    const first = await request('/stream');
    expect((await request('/stream')).status).toBe(429);
    await first.body!.cancel();
    expect((await request('/stream')).status).toBe(200);
  });

  it('gives the slot back at once for a response that is not a stream', async () => {
    const { request } = app(1);
    for (let index = 0; index < 3; index++) expect((await request('/json')).status).toBe(200);
  });

  it('limits an address across visitor ids', async () => {
    const { request } = app(5, 2);
    expect((await request('/stream', 'aaaaaaaa')).status).toBe(200);
    expect((await request('/stream', 'bbbbbbbb')).status).toBe(200);
    expect((await request('/stream', 'cccccccc')).status).toBe(429);
    expect((await request('/stream', 'cccccccc', '203.0.113.2')).status).toBe(200);
  });
});

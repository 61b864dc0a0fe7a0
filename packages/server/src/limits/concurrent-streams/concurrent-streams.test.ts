import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { recordingLogger } from '../../__fixtures__/harness.js';
import type { Visitor } from '../../auth/visitor-identity/visitor-identity.js';
import { createErrorHandler } from '../../http/on-error.js';
import { concurrentStreams, type StreamSlotVariables } from './concurrent-streams.js';

/** An endpoint whose stream stays open until the test says so. */
function app(perVisitor: number, perIp = 0) {
  const open: Array<ReadableStreamDefaultController<Uint8Array>> = [];
  const releases: Array<() => void> = [];
  const hono = new Hono<{
    Variables: { clientIp: string | undefined; clientIpKey: string | undefined; visitor: Visitor | undefined } & StreamSlotVariables;
  }>();
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
  // A handler that says itself when its stream ends (as the chat route does).
  hono.post('/claimed', (c) => {
    const release = c.get('claimStreamSlots')?.();
    if (release !== undefined) releases.push(release);
    const body = new ReadableStream<Uint8Array>({ start: (controller) => void open.push(controller) });
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  });
  const request = (path: string, visitor = 'visitor1', ip = '203.0.113.1') =>
    hono.request(path, { method: 'POST', headers: { 'x-test-visitor': visitor, 'x-test-ip': ip } });
  return { request, open, releases };
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

  it('lets a handler that claims the slots give them back when its stream ends, whatever the body does', async () => {
    const { request, open, releases } = app(1);
    const first = await request('/claimed');
    expect(first.status).toBe(200);
    open[0]!.close();
    await first.text();
    // Read to the end, but the handler has not said its stream ended: the slot is still taken.
    expect((await request('/claimed')).status).toBe(429);
    releases[0]!();
    releases[0]!();
    expect((await request('/claimed')).status).toBe(200);
    expect((await request('/claimed')).status).toBe(429);
  });

  it('offers no claim when no slot was taken', async () => {
    const { request, releases } = app(0, 0);
    expect((await request('/claimed')).status).toBe(200);
    expect(releases).toEqual([]);
  });

  it('limits an address across visitor ids', async () => {
    const { request } = app(5, 2);
    expect((await request('/stream', 'aaaaaaaa')).status).toBe(200);
    expect((await request('/stream', 'bbbbbbbb')).status).toBe(200);
    expect((await request('/stream', 'cccccccc')).status).toBe(429);
    expect((await request('/stream', 'cccccccc', '203.0.113.2')).status).toBe(200);
  });
});

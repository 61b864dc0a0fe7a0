import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readChunks } from '@sitechat/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chatBody, type Harness, message, recordingLogger, startHarness, withinMs } from './__fixtures__/harness.js';
import { type RunningServer, startServer } from './node.js';

let directory: string;
let site: string;
let widgetFile: string;
let harness: Harness;
const servers: RunningServer[] = [];

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sitechat-node-'));
  site = join(directory, 'site');
  await mkdir(join(site, 'about'), { recursive: true });
  await writeFile(join(site, 'index.html'), '<h1>Test Bakery</h1>');
  await writeFile(join(site, 'about', 'index.html'), '<h1>About us</h1>');
  await mkdir(join(directory, 'widget-dist'));
  widgetFile = join(directory, 'widget-dist', 'sitechat.js');
  await writeFile(widgetFile, 'customElements.define("chat-widget", class extends HTMLElement {});');
  await writeFile(join(directory, 'widget-dist', 'chunk-abc.js'), 'export const lazy = 1;');
  harness = await startHarness();
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  harness.model.reset();
});
afterAll(async () => {
  await harness.close();
  await rm(directory, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startServer>[0] = {}): Promise<RunningServer> {
  // A folder of its own per server: each gets a fresh conversation store (.sitechat/ under it).
  const server = await startServer({ port: 0, widgetFile, logger: recordingLogger(), cwd: await mkdtemp(join(directory, 'cwd-')), ...options });
  servers.push(server);
  return server;
}

describe('startServer', () => {
  it('serves the API, the widget script and the site from one port', async () => {
    const server = await start({ site });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    expect(await (await fetch(`${server.url}/`)).text()).toBe('<h1>Test Bakery</h1>');
    expect(await (await fetch(`${server.url}/about/`)).text()).toBe('<h1>About us</h1>');
    expect(await (await fetch(`${server.url}/api/config`)).json()).toEqual({
      modelConfigured: false,
      features: { history: true, feedback: true, comparisons: true },
    });

    const script = await fetch(`${server.url}/sitechat.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(script.headers.get('cache-control')).toBe('no-cache');
    expect(await script.text()).toContain('chat-widget');
    expect(await (await fetch(`${server.url}/sitechat/chunk-abc.js`)).text()).toBe('export const lazy = 1;');

    const missing = await fetch(`${server.url}/nope.html`);
    expect(missing.status).toBe(404);
    const apiMissing = await fetch(`${server.url}/api/nope`);
    expect((await apiMissing.json()).error.code).toBe('not_found');
    expect((await fetch(`${server.url}/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });

  it('keeps idle connections longer than the 60 s of nginx and load balancers, and says so', async () => {
    const server = await start({ site });
    // A proxy that reuses a connection just as Sitechat closes it answers the visitor's POST with a 502.
    const keepAlive = await new Promise<string | undefined>((resolve, reject) => {
      get(`${server.url}/healthz`, (response) => {
        response.resume();
        resolve(String(response.headers['keep-alive']));
      }).on('error', reject);
    });
    expect(keepAlive).toBe('timeout=65');
  });

  it('serves a demo page without a site folder', async () => {
    const server = await start();
    const page = await (await fetch(`${server.url}/`)).text();
    expect(page).toContain('<chat-widget>');
    expect(page).toContain(`${server.url}/sitechat.js`);
  });

  it('says how to build the widget when its script is missing', async () => {
    const server = await start({ widgetFile: join(directory, 'not-built', 'sitechat.js') });
    expect(server.widgetFile).toBeUndefined();
    const response = await fetch(`${server.url}/sitechat.js`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('pnpm build');
  });

  it('streams a whole answer over real HTTP with the headers the middleware set, and logs it once it has ended', async () => {
    harness.model.enqueue({ text: 'Fresh bread daily.', chunkSize: 3 });
    const logger = recordingLogger();
    const server = await start({ logger, config: { model: { baseURL: harness.model.url }, ops: { requestLog: true } } });
    const response = await fetch(`${server.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'answer-1' },
      body: JSON.stringify(chatBody([message('user', 'hi')])),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(response.headers.get('x-request-id')).toBe('answer-1');
    expect(response.headers.get('server-timing')).toMatch(/^sitechat;desc="Sitechat overhead";dur=[\d.]+, model;desc="model first token";dur=[\d.]+$/);
    let text = '';
    let last = '';
    for await (const chunk of readChunks(response.body!)) {
      if (chunk.type === 'text-delta') text += chunk.delta;
      last = chunk.type;
    }
    expect(text).toBe('Fresh bread daily.');
    expect(last).toBe('finish');
    const line = logger.entries.find((entry) => entry.message === 'request' && entry.fields?.path === '/api/chat');
    expect(line?.fields).toMatchObject({ requestId: 'answer-1', status: 200, finishReason: 'stop' });
  });

  it('streams over real HTTP, and a visitor who disconnects stops the model', async () => {
    harness.model.enqueue({ text: 'word '.repeat(300), chunkSize: 5, chunkDelayMs: 10 });
    const server = await start({ config: { model: { baseURL: harness.model.url } } });
    const visitor = new AbortController();
    const response = await fetch(`${server.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(chatBody([message('user', 'hi')])),
      signal: visitor.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    expect(response.headers.get('content-encoding')).toBeNull();
    const reader = readChunks(response.body!);
    for await (const chunk of reader) if (chunk.type === 'text-delta') break;
    visitor.abort();
    const [upstream] = await harness.model.waitForRequests(1);
    await withinMs(upstream!.settled, 1000, 'upstream settled');
    expect(upstream!.aborted).toBe(true);
  });

  it('close() cuts answers still running after the grace period, which stops the model', async () => {
    harness.model.enqueue({ text: 'word '.repeat(300), chunkSize: 5, chunkDelayMs: 10 });
    const server = await startServer({ port: 0, widgetFile, logger: recordingLogger(), shutdownGraceMs: 100, cwd: await mkdtemp(join(directory, 'cwd-')), config: { model: { baseURL: harness.model.url } } });
    const response = await fetch(`${server.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(chatBody([message('user', 'hi')])),
    });
    const body = response.text().catch(() => 'cut');
    await withinMs(server.close(), 2000, 'server closed');
    const [upstream] = await harness.model.waitForRequests(1);
    await withinMs(upstream!.settled, 1000, 'upstream settled');
    expect(upstream!.aborted).toBe(true);
    await body;
  });

  describe('a failure before the first byte, where the entry decides the head (the route does not wait)', () => {
    const ask = (server: RunningServer, init: { signal?: AbortSignal; headers?: Record<string, string> } = {}) =>
      fetch(`${server.url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...init.headers },
        body: JSON.stringify(chatBody([message('user', 'hi')])),
        ...(init.signal === undefined ? {} : { signal: init.signal }),
      });
    const requestLine = (logger: ReturnType<typeof recordingLogger>) =>
      logger.entries.find((entry) => entry.message === 'request' && entry.fields?.path === '/api/chat')?.fields;

    it("is the error's own status and JSON, with Retry-After and the middleware's headers, and the log line says so", async () => {
      harness.model.enqueue({ error: { status: 429, headers: { 'retry-after': '7' } } });
      const logger = recordingLogger();
      const server = await start({
        logger,
        config: { model: { baseURL: harness.model.url, maxRetries: 0 }, allowedOrigins: ['https://bakery.example'], ops: { requestLog: true } },
      });
      const response = await ask(server, { headers: { origin: 'https://bakery.example', 'x-request-id': 'refused-1' } });
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('7');
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('x-accel-buffering')).toBeNull();
      expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBeNull();
      expect(response.headers.get('x-request-id')).toBe('refused-1');
      expect(response.headers.get('access-control-allow-origin')).toBe('https://bakery.example');
      expect(response.headers.get('server-timing')).toMatch(/^sitechat;desc="Sitechat overhead";dur=[\d.]+$/);
      expect((await response.json()).error.code).toBe('upstream_rate_limited');
      await withinMs(
        (async () => {
          while (requestLine(logger) === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
        })(),
        1000,
        'request logged',
      );
      expect(requestLine(logger)).toMatchObject({ requestId: 'refused-1', status: 429, errorCode: 'upstream_rate_limited' });
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/sitechat_active_streams 0/);
      expect(metrics).toMatch(/code="upstream_rate_limited"/);
    });

    it('a model that does not answer in time is 504 upstream_timeout', async () => {
      harness.model.enqueue({ text: 'too late', headersDelayMs: 2000 });
      const server = await start({ config: { model: { baseURL: harness.model.url, maxRetries: 0, timeoutMs: 200 } } });
      const response = await ask(server);
      expect(response.status).toBe(504);
      expect((await response.json()).error.code).toBe('upstream_timeout');
    });

    it('a model slow to start still gets its 200 after a heartbeat interval, then heartbeats, then the answer', async () => {
      harness.model.enqueue({ text: 'late but here', headersDelayMs: 300 });
      const server = await start({ heartbeatIntervalMs: 40, config: { model: { baseURL: harness.model.url, maxRetries: 0 } } });
      const response = await ask(server);
      expect(response.status).toBe(200);
      expect(response.headers.get('server-timing')).toMatch(/^sitechat;desc="Sitechat overhead";dur=[\d.]+$/);
      const raw = await response.text();
      expect(raw.slice(0, raw.indexOf('"text-delta"'))).toMatch(/^: ping$/m);
      expect(raw).toContain('"delta":"late but here"');
    });

    it('a visitor who leaves while the model has not answered stops it, frees the stream slot and is logged as gone', async () => {
      harness.model.enqueue({ text: 'never read', headersDelayMs: 3000 }, { text: 'Welcome back.', chunkSize: 50 });
      const logger = recordingLogger();
      const server = await start({
        logger,
        config: { model: { baseURL: harness.model.url, maxRetries: 0 }, limits: { concurrentStreamsPerVisitor: 1 }, ops: { requestLog: true } },
      });
      const visitor = new AbortController();
      const asked = ask(server, { signal: visitor.signal, headers: { 'x-sitechat-visitor': 'leaving-visitor' } }).catch(() => undefined);
      const [upstream] = await harness.model.waitForRequests(1);
      visitor.abort();
      await asked;
      await withinMs(upstream!.settled, 1000, 'upstream request aborted');
      expect(upstream!.aborted).toBe(true);
      await withinMs(
        (async () => {
          while (requestLine(logger) === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
        })(),
        1000,
        'request logged',
      );
      expect(requestLine(logger)).toMatchObject({ status: 499, aborted: true });
      const again = await ask(server, { headers: { 'x-sitechat-visitor': 'leaving-visitor' } });
      expect(again.status).toBe(200);
      expect(await again.text()).toContain('Welcome back.');
    });
  });

  it('reports a port that is taken', async () => {
    const first = await start();
    const port = Number(new URL(first.url).port);
    await expect(startServer({ port, widgetFile, cwd: directory })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

/**
 * The Workers entry point in workerd itself (Miniflare 4 runs the real runtime from npm): bundled as
 * wrangler would bundle it, configured from bindings, streaming an answer from the fake model on loopback.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readChunks } from '@sitechat/protocol';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerText, chatBody, type Harness, message, startHarness } from '../__fixtures__/harness.js';

let harness: Harness;
let directory: string;
let worker: Miniflare;

beforeAll(async () => {
  harness = await startHarness();
  directory = await mkdtemp(join(tmpdir(), 'sitechat-workers-'));
  const script = join(directory, 'worker.js');
  await build({
    entryPoints: [fileURLToPath(new URL('./workers.ts', import.meta.url))],
    outfile: script,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    // The store (SQLite, PostgreSQL drivers) is Node-only; the app imports it lazily, only where one is used.
    alias: { '@sitechat/store': fileURLToPath(new URL('./no-store.ts', import.meta.url)) },
    logLevel: 'silent',
  });
  worker = new Miniflare({
    modules: true,
    script: await readFile(script, 'utf8'),
    compatibilityDate: '2025-09-01',
    bindings: { OPENAI_BASE_URL: harness.model.url, SITECHAT_MODEL: 'workers-model', SITECHAT_METRICS_TOKEN: 'workers-metrics-token-123' },
  });
  await worker.ready;
}, 60_000);

afterAll(async () => {
  await worker?.dispose();
  await harness?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe('Cloudflare Workers entry point (workerd)', () => {
  it('streams an answer, configured from bindings', async () => {
    harness.model.enqueue({ text: 'Hello from the edge', chunkSize: 3, chunkDelayMs: 2 });
    const response = await worker.dispatchFetch('http://sitechat.test/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.9' },
      body: JSON.stringify(chatBody([message('user', 'hi')])),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('x-request-id')).toBeTruthy();
    expect(response.headers.get('server-timing')).toMatch(/^sitechat;/);
    const chunks = [];
    for await (const chunk of readChunks(response.body as unknown as ReadableStream<Uint8Array>)) chunks.push(chunk);
    expect(answerText(chunks)).toBe('Hello from the edge');
    expect(harness.model.requests.at(-1)?.body).toMatchObject({ model: 'workers-model', stream: true });
  });

  it('serves health, readiness and token-protected metrics', async () => {
    expect((await worker.dispatchFetch('http://sitechat.test/healthz')).status).toBe(200);
    expect(await (await worker.dispatchFetch('http://sitechat.test/readyz')).json()).toMatchObject({ status: 'ready' });
    expect((await worker.dispatchFetch('http://sitechat.test/metrics')).status).toBe(401);
    const metrics = await worker.dispatchFetch('http://sitechat.test/metrics', { headers: { authorization: 'Bearer workers-metrics-token-123' } });
    expect(await metrics.text()).toContain('sitechat_http_requests_total{route="/api/chat",method="POST",status="200"} 1');
  });
});

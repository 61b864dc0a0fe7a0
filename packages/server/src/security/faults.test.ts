/**
 * Risk: an upstream failure costing the visitor their answer, hanging the request, or being retried after
 * text was shown (the visitor would read it twice). Each fault of the fake model server gives a clear
 * error, keeps what had arrived, and is retried only before the first byte. Every case runs twice: with the
 * model request over `fetch` (every runtime) and over `node:http` (what `startServer` uses, decision 0012).
 */
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { answerText, chatBody, type Harness, message, readAllChunks, startHarness, withinMs } from '../__fixtures__/harness.js';
import type { SitechatConfigInput } from '../config/schema.js';
import type { SitechatOptions } from '../app.js';
import type { ModelTransport } from '../providers/model-transport.js';
import { nodeModelTransport } from '../providers/node-transport.js';
import { peerAddress, postFrom } from './__fixtures__/requests.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterEach(() => harness.model.reset());
afterAll(() => harness.close());

const transports: Array<[string, ModelTransport | undefined]> = [
  ['fetch', undefined],
  ['node:http', nodeModelTransport()],
];

describe.each(transports)('model requests over %s', (_name, transport) => {
  const appOver = (config?: SitechatConfigInput, options: SitechatOptions = {}) =>
    harness.app(config, transport === undefined ? options : { ...options, modelTransport: transport });

  const body = chatBody([message('user', 'hi')]);
  const chat = (path = '/v1/chat/completions') => harness.model.requests.filter((request) => request.path === path);
  const retrying = (model: Record<string, unknown> = {}) => appOver({ model: { maxRetries: 2, maxRetryDelayMs: 2000, ...model } }, { peerAddress });

  describe('failures before the first byte: retried, then surfaced', () => {
    it('429 with Retry-After: retried after the wait, and the answer arrives', async () => {
      harness.model.enqueue({ error: { status: 429, headers: { 'retry-after': '1' } } }, { text: 'after the wait', chunkSize: 100 });
      const started = Date.now();
      const response = await postFrom(retrying(), body);
      expect(answerText(await readAllChunks(response))).toBe('after the wait');
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(chat()).toHaveLength(2);
    });

    it('429 until the retries are spent: surfaced as 429 with the upstream Retry-After', async () => {
      const error = { status: 429, headers: { 'retry-after': '1' } };
      harness.model.enqueue({ error }, { error });
      const response = await postFrom(retrying({ maxRetries: 1 }), body);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('1');
      expect((await response.json()).error.code).toBe('upstream_rate_limited');
      expect(chat()).toHaveLength(2);
    });

    it('429 asking for longer than the cap: surfaced at once, not waited for', async () => {
      harness.model.enqueue({ error: { status: 429, headers: { 'retry-after': '120' } } });
      const started = Date.now();
      const response = await postFrom(retrying(), body);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('120');
      expect(Date.now() - started).toBeLessThan(1000);
      expect(chat()).toHaveLength(1);
    });

    it('500: retried with backoff, then 502 upstream_error', async () => {
      harness.model.enqueue({ error: { status: 500 } }, { error: { status: 500 } });
      const response = await postFrom(retrying({ maxRetries: 1 }), body);
      expect(response.status).toBe(502);
      expect((await response.json()).error).toMatchObject({ code: 'upstream_error', retryable: true });
      expect(chat()).toHaveLength(2);
    });

    it('503: the fallback model answers', async () => {
      harness.model.enqueue({ error: { status: 503 } });
      const app = appOver({ model: { maxRetries: 0, fallbacks: [{ name: 'test-fallback' }] } }, { peerAddress });
      const response = await postFrom(app, body);
      expect(answerText(await readAllChunks(response))).toBe('You said: hi');
      expect(chat().map((request) => request.body.model)).toEqual(['test-model', 'test-fallback']);
    });

    it('slow headers: 504 upstream_timeout after model.timeoutMs, not retried', async () => {
      harness.model.enqueue({ text: 'too late', headersDelayMs: 2000 });
      const started = Date.now();
      const response = await postFrom(retrying({ timeoutMs: 200 }), body);
      expect(response.status).toBe(504);
      expect((await response.json()).error.code).toBe('upstream_timeout');
      expect(Date.now() - started).toBeLessThan(1500);
      expect(chat()).toHaveLength(1);
    });
  });

  describe('failures after the first byte: a clear error, the partial answer kept, never retried', () => {
    it('a mid-stream drop', async () => {
      harness.model.enqueue({ text: 'abcdefghijklmnop', chunkSize: 4, dropAfterDeltas: 2 });
      const chunks = await readAllChunks(await postFrom(retrying(), body));
      expect(answerText(chunks)).toBe('abcdefgh');
      expect(chunks.at(-2)).toEqual({ type: 'data-error', data: { code: 'stream_interrupted', retryable: true }, transient: true });
      expect(chunks.at(-1)).toEqual({ type: 'error', errorText: 'The answer was interrupted. Please try again.' });
      expect(chat()).toHaveLength(1);
    });

    it('a malformed chunk', async () => {
      harness.model.enqueue({ text: 'abcdefghijklmnop', chunkSize: 4, malformedAfterDeltas: 3 });
      const chunks = await readAllChunks(await postFrom(retrying(), body));
      expect(answerText(chunks)).toBe('abcdefghijkl');
      expect(chunks.at(-2)).toEqual({ type: 'data-error', data: { code: 'upstream_error', retryable: true }, transient: true });
      expect(chunks.at(-1)?.type).toBe('error');
      expect(chat()).toHaveLength(1);
    });
  });

  describe('provider quirks', () => {
    it("Azure's empty-choices first chunk is skipped", async () => {
      harness.model.enqueue({ text: 'Hello', chunkSize: 100, azurePromptFilterChunk: true });
      expect(answerText(await readAllChunks(await postFrom(retrying(), body)))).toBe('Hello');
    });

    it('a server that rejects stream_options is asked again without it, and tokens are then counted locally', async () => {
      harness.model.enqueue({ error: { status: 400, message: 'Unrecognized request argument supplied: stream_options' } });
      // A budget only an estimate can exhaust: the answer is ~250 tokens, and the server reports none.
      harness.model.enqueue({ text: 'word '.repeat(200), chunkSize: 50 });
      const app = appOver({ limits: { tokensPerConversation: 200 }, model: { maxOutputTokens: 10 } }, { peerAddress });
      const first = await postFrom(app, chatBody([message('user', 'hi')], { id: 'quirk' }));
      expect(answerText(await readAllChunks(first))).toBe('word '.repeat(200));
      expect(chat().map((request) => 'stream_options' in request.body)).toEqual([true, false]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const second = await postFrom(app, chatBody([message('user', 'hi')], { id: 'quirk' }));
      expect(second.status).toBe(429);
      expect((await second.json()).error.code).toBe('budget_exceeded');
    });
  });

  describe('the visitor leaving', () => {
    it('a visitor who reads one chunk and disconnects has the upstream request aborted within one second, and frees the slot', async () => {
      harness.model.enqueue({ text: 'word '.repeat(2000), chunkSize: 5, chunkDelayMs: 20 });
      const app = appOver({ limits: { concurrentStreamsPerVisitor: 1 } }, { peerAddress: (c) => getConnInfo(c).remote.address });
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      try {
        const { port } = server.address() as AddressInfo;
        const visitor = new AbortController();
        const response = await fetch(`http://127.0.0.1:${port}/api/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-sitechat-visitor': 'leaving-visitor' },
          body: JSON.stringify(body),
          signal: visitor.signal,
        });
        const reader = response.body!.getReader();
        expect((await reader.read()).done).toBe(false);
        const leftAt = Date.now();
        visitor.abort();
        const [upstream] = await harness.model.waitForRequests(1);
        await withinMs(upstream!.settled, 1000, 'upstream request aborted');
        expect(upstream!.aborted).toBe(true);
        expect(Date.now() - leftAt).toBeLessThan(1000);
        // The stream slot came back with the connection: the same visitor may ask again.
        const again = await fetch(`http://127.0.0.1:${port}/api/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-sitechat-visitor': 'leaving-visitor' },
          body: JSON.stringify(body),
        });
        expect(again.status).toBe(200);
        await again.text();
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });
});

import type { UIMessageChunk } from '@sitechat/protocol';
import { readChunks } from '@sitechat/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  answerText,
  chatBody,
  type Harness,
  message,
  postChat,
  SECRET_HEADERS,
  SECRET_MESSAGE,
  SECRET_STRINGS,
  startHarness,
  visibleText,
} from '../__fixtures__/harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterEach(() => {
  harness.model.reset();
  harness.logger.entries.length = 0;
});
afterAll(() => harness.close());

function expectNoLeaks(response: Response, body: string) {
  const visible = visibleText(response, body, harness.logger);
  for (const secret of SECRET_STRINGS) expect(visible).not.toContain(secret);
  for (const name of ['set-cookie', 'openai-organization', 'openai-project', 'x-ratelimit-remaining-tokens']) {
    expect(response.headers.has(name)).toBe(false);
  }
  // The server sets its own X-Request-Id (ops/); the upstream's never passes (its value is in SECRET_STRINGS).
  expect(response.headers.get('x-request-id')).not.toBe(SECRET_HEADERS['x-request-id']);
}

async function chunksOf(raw: string): Promise<UIMessageChunk[]> {
  const chunks: UIMessageChunk[] = [];
  for await (const chunk of readChunks(new Response(raw).body!)) chunks.push(chunk);
  return chunks;
}

describe('upstream failure before the answer starts: a JSON error with a proper status', () => {
  const cases = [
    {
      name: '429 keeps Retry-After',
      error: { status: 429, message: SECRET_MESSAGE, headers: { ...SECRET_HEADERS, 'retry-after': '7' } },
      status: 429,
      code: 'upstream_rate_limited',
      retryable: true,
    },
    { name: '500', error: { status: 500, message: SECRET_MESSAGE, headers: SECRET_HEADERS }, status: 502, code: 'upstream_error', retryable: true },
    { name: '503', error: { status: 503, message: SECRET_MESSAGE }, status: 502, code: 'upstream_error', retryable: true },
    // Twice: an OpenAI-compatible server's first 400 is retried once without stream_options.
    { name: '400', error: { status: 400, message: SECRET_MESSAGE }, times: 2, status: 502, code: 'upstream_error', retryable: false },
    { name: '401', error: { status: 401, message: `Incorrect API key provided: ${SECRET_MESSAGE}`, headers: SECRET_HEADERS }, status: 502, code: 'upstream_auth', retryable: false },
    { name: '403', error: { status: 403, message: SECRET_MESSAGE }, status: 502, code: 'upstream_auth', retryable: false },
  ];
  for (const testCase of cases) {
    it(`${testCase.name} -> ${testCase.status} ${testCase.code}, no upstream text, header or key`, async () => {
      for (let time = 0; time < (testCase.times ?? 1); time++) harness.model.enqueue({ error: testCase.error });
      const response = await postChat(harness.app(), chatBody([message('user', 'hi')]));
      const body = await response.text();
      expect(response.status).toBe(testCase.status);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const parsed = JSON.parse(body);
      expect(parsed.error.code).toBe(testCase.code);
      expect(parsed.error.retryable).toBe(testCase.retryable);
      expect(parsed.error.message).toMatch(/^The assistant /);
      expect(response.headers.get('retry-after')).toBe(testCase.status === 429 ? '7' : null);
      expectNoLeaks(response, body);
      // The owner still learns what happened, in our words.
      expect(harness.logger.entries).toContainEqual(
        expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ code: testCase.code, upstreamStatus: testCase.error.status }) }),
      );
    });
  }

  it('a 429 with a malformed Retry-After passes no Retry-After on', async () => {
    harness.model.enqueue({ error: { status: 429, headers: { 'retry-after': 'soon <script>' } } });
    const response = await postChat(harness.app(), chatBody([message('user', 'hi')]));
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBeNull();
  });

  it('no answer within the timeout -> 504 upstream_timeout', async () => {
    harness.model.enqueue({ text: 'too late', headersDelayMs: 1500 });
    const app = harness.app({ model: { timeoutMs: 100 } });
    const response = await postChat(app, chatBody([message('user', 'hi')]));
    expect(response.status).toBe(504);
    expect((await response.json()).error.code).toBe('upstream_timeout');
  });

  it('a model server that is not running -> 502 upstream_error', async () => {
    const app = harness.app({ model: { baseURL: 'http://127.0.0.1:9/v1' } });
    const response = await postChat(app, chatBody([message('user', 'hi')]));
    expect(response.status).toBe(502);
    expect((await response.json()).error.code).toBe('upstream_error');
  });
});

describe('upstream failure in the middle of the answer: partial text, then data-error and error', () => {
  it('a dropped connection keeps the partial text and ends with stream_interrupted', async () => {
    harness.model.enqueue({ text: 'abcdefghijklmnopqrstuvwxyz', chunkSize: 4, dropAfterDeltas: 3, responseHeaders: SECRET_HEADERS });
    const response = await postChat(harness.app(), chatBody([message('user', 'hi')]));
    expect(response.status).toBe(200);
    const raw = await response.text();
    const chunks = await chunksOf(raw);
    expect(answerText(chunks)).toBe('abcdefghijkl');
    expect(chunks.slice(-3)).toEqual([
      { type: 'text-end', id: 'text-0' },
      { type: 'data-error', data: { code: 'stream_interrupted', retryable: true }, transient: true },
      { type: 'error', errorText: 'The answer was interrupted. Please try again.' },
    ]);
    expect(raw.endsWith('data: [DONE]\n\n')).toBe(true);
    expectNoLeaks(response, raw);
    expect(harness.logger.entries).toContainEqual(
      expect.objectContaining({ message: 'answer interrupted', fields: expect.objectContaining({ code: 'stream_interrupted' }) }),
    );
  });

  it('a malformed event ends with upstream_error', async () => {
    harness.model.enqueue({ text: 'abcdefghijkl', chunkSize: 4, malformedAfterDeltas: 2 });
    const response = await postChat(harness.app(), chatBody([message('user', 'hi')]));
    const raw = await response.text();
    const chunks = await chunksOf(raw);
    expect(answerText(chunks)).toBe('abcdefgh');
    expect(chunks.at(-2)).toEqual({ type: 'data-error', data: { code: 'upstream_error', retryable: true }, transient: true });
    expect(chunks.at(-1)?.type).toBe('error');
    expectNoLeaks(response, raw);
  });

  it('a model that falls silent mid-answer ends with upstream_timeout', async () => {
    harness.model.enqueue({ text: 'abcdefgh', chunkSize: 4, chunkDelayMs: 400 });
    const app = harness.app({ model: { timeoutMs: 150 } }, { heartbeatIntervalMs: 50 });
    const response = await postChat(app, chatBody([message('user', 'hi')]));
    const chunks = await chunksOf(await response.text());
    expect(chunks.at(-2)).toEqual({ type: 'data-error', data: { code: 'upstream_timeout', retryable: true }, transient: true });
    const [upstream] = harness.model.requests;
    await upstream!.settled;
    expect(upstream!.aborted).toBe(true);
  });

  it('a failure after a slow start (the 200 already sent) still ends with an error chunk', async () => {
    harness.model.enqueue({ headersDelayMs: 150, error: { status: 429, message: SECRET_MESSAGE, headers: { 'retry-after': '3' } } });
    const app = harness.app({}, { heartbeatIntervalMs: 25 });
    const response = await postChat(app, chatBody([message('user', 'hi')]));
    expect(response.status).toBe(200);
    const raw = await response.text();
    const chunks = await chunksOf(raw);
    expect(chunks.at(-2)).toEqual({ type: 'data-error', data: { code: 'upstream_rate_limited', retryable: true }, transient: true });
    expect(chunks.at(-1)).toEqual({ type: 'error', errorText: 'The assistant is busy right now. Please try again in a moment.' });
    expectNoLeaks(response, raw);
  });
});

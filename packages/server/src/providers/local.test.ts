/**
 * The local model through the whole server: the tiny GGUF model @sitechat/local-model's tests generate,
 * loaded by the real node-llama-cpp, behind `createSitechat`, read with the protocol's own decoder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AnswerStats, createLocalProvider, LocalModelBusyError, LocalModelError, type LocalProvider } from '@sitechat/local-model';
import { readChunks, type UIMessageChunk } from '@sitechat/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerText, chatBody, message, postChat, readAllChunks, recordingLogger, withinMs } from '../__fixtures__/harness.js';
import { createSitechat } from '../app.js';
import { toProviderError } from './errors.js';
import { fromLocalProvider, type LocalModelEngine, type LocalModelProvider } from './local.js';
import { writeTinyModel } from './__fixtures__/tiny-model.js';

const ANSWER_TOKENS = 600;
let folder: string;
let engine: LocalProvider;
let provider: LocalModelProvider;
const stats: AnswerStats[] = [];
const logger = recordingLogger();
let app: ReturnType<typeof createSitechat>;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'sitechat-local-'));
  // A context long enough that an answer runs for a while (the model never ends on its own), so that a
  // request can be stopped, or queued behind another, while it generates.
  const modelPath = await writeTinyModel(folder, { contextLength: 2048 });
  engine = createLocalProvider({
    model: { path: modelPath },
    gpu: false,
    threads: 1,
    contextSize: 2048,
    temperature: 0,
    seed: 1,
    maxOutputTokens: ANSWER_TOKENS,
    concurrency: 1,
    maxQueue: 1,
    logLevel: 'error',
    onStats: (answer) => stats.push(answer),
  });
  provider = fromLocalProvider(engine, { logger });
  await engine.load();
  app = createSitechat({ systemPrompt: 'You are the Test Bakery assistant.' }, { provider, logger });
}, 120_000);

afterAll(async () => {
  await provider?.close();
  await rm(folder, { recursive: true, force: true });
});

function ask(text: string, init: RequestInit = {}): Promise<Response> {
  return postChat(app, chatBody([message('user', text)]), init);
}

/** The stats of the answer after the first `seen` (they are reported once llama.cpp has stopped). */
async function nextStats(seen: number): Promise<AnswerStats> {
  await withinMs(
    (async () => {
      while (stats.length <= seen) await new Promise((resolve) => setTimeout(resolve, 5));
    })(),
    10_000,
    'answer stats',
  );
  return stats[seen]!;
}

async function untilIdle(): Promise<void> {
  await withinMs(
    (async () => {
      while (provider.queue.active > 0 || provider.queue.queued > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    })(),
    5_000,
    'the model is idle',
  );
}

// llama.cpp on a busy 2-core machine: seconds, not milliseconds.
describe('the local provider behind createSitechat', { timeout: 60_000 }, () => {
  it('streams an answer in the UI message stream protocol: deltas, finish with usage, [DONE]', async () => {
    const response = await ask('When do you open?');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    const raw = await response.text();
    expect(raw.trimEnd().endsWith('data: [DONE]')).toBe(true);

    const chunks: UIMessageChunk[] = [];
    for await (const chunk of readChunks(new Response(raw).body!)) chunks.push(chunk);
    const types = chunks.map((chunk) => chunk.type);
    expect(types[0]).toBe('start');
    expect(types.filter((type) => type === 'text-delta').length).toBeGreaterThan(1);
    expect(answerText(chunks).length).toBeGreaterThan(0);
    expect(types.at(-1)).toBe('finish');
    // The tiny model never ends on its own: the answer ran to its token limit.
    expect(chunks.at(-1)).toMatchObject({ type: 'finish', finishReason: 'length' });
    expect(await nextStats(0)).toMatchObject({ outputTokens: ANSWER_TOKENS, stopReason: 'length' });
    expect(provider.info).toMatchObject({ name: 'sitechat-tiny-test', gpu: false, threads: 1 });
    // The sequence is free again as soon as the answer ended, though the route stopped reading at `finish`.
    await untilIdle();
  });

  it('stops generating when the visitor stops or leaves, and frees the model for the next visitor', async () => {
    const before = stats.length;
    const visitor = new AbortController();
    const response = await ask('Tell me everything.', { signal: visitor.signal });
    expect(response.status).toBe(200);
    const reader = readChunks(response.body!);
    for await (const chunk of reader) if (chunk.type === 'text-delta') break;
    visitor.abort();
    await untilIdle();
    const stopped = await nextStats(before);
    expect(stopped.stopReason).toBe('abort');
    expect(stopped.outputTokens).toBeLessThan(ANSWER_TOKENS);

    // The next visitor is answered at once.
    const next = await ask('Hello?');
    expect(next.status).toBe(200);
    expect(answerText(await readAllChunks(next)).length).toBeGreaterThan(0);
  });

  it('queues one request behind the one generating and refuses a third with 503 model_busy and Retry-After', async () => {
    const first = await ask('First?');
    expect(first.status).toBe(200);
    const firstChunks = readAllChunks(first);
    const second = ask('Second?');
    await withinMs((async () => { while (provider.queue.queued < 1) await new Promise((resolve) => setTimeout(resolve, 2)); })(), 5_000, 'second queued');
    expect(provider.queue).toEqual({ active: 1, queued: 1 });

    const third = await ask('Third?');
    expect(third.status).toBe(503);
    expect(third.headers.get('retry-after')).toBe('2');
    expect(third.headers.get('content-type')).toMatch(/application\/json/);
    expect(await third.json()).toEqual({
      error: { code: 'model_busy', message: 'The assistant is busy, please try again in a moment.', retryable: true },
    });

    // The first two are answered in full, in order.
    const firstAnswer = await firstChunks;
    expect(firstAnswer.at(-1)).toMatchObject({ type: 'finish', finishReason: 'length' });
    const secondResponse = await second;
    expect(secondResponse.status).toBe(200);
    const secondAnswer = await readAllChunks(secondResponse);
    expect(secondAnswer.at(-1)).toMatchObject({ type: 'finish', finishReason: 'length' });
    await untilIdle();
  });
});

/** A stand-in engine for failures llama.cpp cannot be made to produce on purpose. */
function failingEngine(failure: Error, deltasFirst: number): LocalModelEngine {
  return {
    model: 'broken.gguf',
    info: undefined,
    queue: { active: 0, queued: 0 },
    close: async () => {},
    async *stream() {
      for (let index = 0; index < deltasFirst; index++) yield { type: 'text-delta', text: `word${index} ` };
      throw failure;
    },
  };
}

describe('local model failures, in our terms', { timeout: 60_000 }, () => {
  const generationFailed = () => new LocalModelError('model_generation_failed', 'The local model failed while answering: GGML_ASSERT at /tmp/llama.cpp');

  it('maps each local error code to our code, retryable flag and Retry-After', () => {
    const busy = toProviderError(new LocalModelBusyError(1, 16), { started: false });
    expect([busy.code, busy.retryable, busy.retryAfter]).toEqual(['model_busy', true, '2']);
    for (const code of ['model_unavailable', 'model_download_failed', 'model_checksum_mismatch', 'model_load_failed'] as const) {
      const failure = toProviderError(new LocalModelError(code, `detail for ${code} /secret/path`), { started: false });
      expect(failure.code).toBe('model_not_configured');
      expect(failure.retryable).toBe(false);
      expect(failure.publicMessage).toMatch(/OPENAI_API_KEY/);
      expect(failure.publicMessage).not.toMatch(/secret/);
    }
    expect(toProviderError(generationFailed(), { started: false }).code).toBe('upstream_error');
    expect(toProviderError(generationFailed(), { started: true }).code).toBe('stream_interrupted');
    expect(toProviderError(new LocalModelError('model_closed', 'closed'), { started: true }).code).toBe('stream_interrupted');
    const aborted = new AbortController();
    aborted.abort();
    expect(toProviderError(new LocalModelBusyError(1, 1), { signal: aborted.signal, started: false }).code).toBe('abort');
  });

  it('a generation failure before the first word is a 502 upstream_error; the owner log has the detail, the visitor does not', async () => {
    const failures = recordingLogger();
    const broken = createSitechat({}, { provider: fromLocalProvider(failingEngine(generationFailed(), 0), { logger: failures }), logger: failures });
    const response = await postChat(broken, chatBody([message('user', 'hi')]));
    expect(response.status).toBe(502);
    const body = await response.text();
    expect(JSON.parse(body).error.code).toBe('upstream_error');
    expect(body).not.toMatch(/GGML|llama\.cpp/);
    expect(failures.entries).toContainEqual({
      level: 'warn',
      message: 'local model failed',
      fields: { code: 'model_generation_failed', reason: expect.stringContaining('GGML_ASSERT') },
    });
  });

  it('a generation failure mid-answer ends the stream with stream_interrupted and keeps the partial answer', async () => {
    const broken = createSitechat({}, { provider: fromLocalProvider(failingEngine(generationFailed(), 3)), logger: recordingLogger() });
    const response = await postChat(broken, chatBody([message('user', 'hi')]));
    expect(response.status).toBe(200);
    const chunks = await readAllChunks(response);
    expect(answerText(chunks)).toBe('word0 word1 word2 ');
    expect(chunks).toContainEqual(expect.objectContaining({ type: 'data-error', data: { code: 'stream_interrupted', retryable: true } }));
    expect(chunks.at(-1)).toEqual({ type: 'error', errorText: 'The answer was interrupted. Please try again.' });
  });

  it('a model that cannot be loaded on first use answers 503 model_not_configured with the ways to configure one', async () => {
    const missing = createLocalProvider({ model: { path: join(folder, 'no-such-model.gguf') }, gpu: false });
    const failures = recordingLogger();
    const broken = createSitechat({}, { provider: fromLocalProvider(missing, { logger: failures }), logger: failures });
    const response = await postChat(broken, chatBody([message('user', 'hi')]));
    expect(response.status).toBe(503);
    const { error } = (await response.json()) as { error: { code: string; message: string; retryable: boolean } };
    expect(error.code).toBe('model_not_configured');
    expect(error.retryable).toBe(false);
    for (const way of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'SITECHAT_MODEL_PATH']) expect(error.message).toContain(way);
    expect(error.message).not.toContain(folder);
    expect(failures.entries).toContainEqual(
      expect.objectContaining({ message: 'local model failed', fields: { code: 'model_unavailable', reason: expect.stringContaining('no-such-model.gguf') } }),
    );
    await missing.close();
  });
});

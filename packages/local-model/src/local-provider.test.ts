/**
 * The provider against a real llama.cpp and a real (tiny, random-weight) GGUF model that the test suite
 * generates: loading, the model's own chat template, streaming, usage, abort, and the request queue.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LocalModelBusyError, isLocalModelError } from './errors.ts';
import type { AnswerStats } from './generate-answer.ts';
import { createLocalProvider, type LocalProvider, type LocalProviderOptions } from './local-provider.ts';
import { renderTinyChatTemplate } from './test/tiny-model.ts';
import type { ModelEvent, ModelMessage, RenderedPrompt } from './types.ts';

const messages: ModelMessage[] = [
  { role: 'system', content: 'You answer questions about the bakery.' },
  { role: 'user', content: 'When do you open on Sundays?' },
];

/** Settings shared by every provider here: one thread (the CI machine has two cores), greedy decoding. */
function tinyProvider(overrides: LocalProviderOptions = {}): LocalProvider {
  return createLocalProvider({
    model: { path: inject('tinyModelPath') },
    gpu: false,
    threads: 1,
    contextSize: 256,
    temperature: 0,
    seed: 1,
    maxOutputTokens: 16,
    logLevel: 'error',
    ...overrides,
  });
}

async function collect(events: AsyncIterable<ModelEvent>): Promise<ModelEvent[]> {
  const collected: ModelEvent[] = [];
  for await (const event of events) collected.push(event);
  return collected;
}

function textOf(events: ModelEvent[]): string {
  return events.map((event) => (event.type === 'text-delta' ? event.text : '')).join('');
}

describe('createLocalProvider with a generated GGUF model', () => {
  const prompts: RenderedPrompt[] = [];
  const stats: AnswerStats[] = [];
  let provider: LocalProvider;

  beforeAll(() => {
    provider = tinyProvider({ maxQueue: 1, onPrompt: (prompt) => prompts.push(prompt), onStats: (stat) => stats.push(stat) });
  });
  afterAll(() => provider.close());

  it('loads the model once, however many callers ask at the same time', async () => {
    const [first, second] = await Promise.all([provider.load(), provider.load()]);
    expect(first).toBe(second);
    expect(first).toMatchObject({ name: 'sitechat-tiny-test', contextSize: 256, concurrency: 1, gpu: false });
    expect(provider.info).toBe(first);
    expect(provider.model).toBe('tiny-chat.gguf');
  });

  it('streams text deltas, then one finish with usage', async () => {
    const events = await collect(provider.stream({ messages, signal: new AbortController().signal }));
    const deltas = events.filter((event) => event.type === 'text-delta');
    expect(deltas.length).toBeGreaterThan(1);
    expect(textOf(events)).toMatch(/^[a-z ]+$/); // the tiny model only "speaks" letters and spaces
    const finish = events.at(-1);
    expect(events.filter((event) => event.type === 'finish')).toHaveLength(1);
    expect(finish).toEqual({
      type: 'finish',
      finishReason: 'length', // random weights never choose <|im_end|>, so maxOutputTokens ends it
      usage: { inputTokens: prompts.at(-1)!.tokens, outputTokens: 16, totalTokens: prompts.at(-1)!.tokens + 16 },
    });
    expect(stats.at(-1)).toMatchObject({ stopReason: 'length', outputTokens: 16 });
  });

  it('is deterministic with a seed and temperature 0, and honours a per-request maxTokens', async () => {
    const signal = new AbortController().signal;
    const first = await collect(provider.stream({ messages, signal, maxTokens: 8 }));
    const second = await collect(provider.stream({ messages, signal, maxTokens: 8 }));
    expect(textOf(second)).toBe(textOf(first));
    expect(first.at(-1)).toMatchObject({ finishReason: 'length', usage: { outputTokens: 8 } });
  });

  it("renders the prompt with the model's own Jinja chat template from the GGUF", async () => {
    await collect(provider.stream({ messages, signal: new AbortController().signal, maxTokens: 1 }));
    expect(provider.info).toMatchObject({ chatWrapper: 'JinjaTemplate', hasChatTemplate: true });
    // The template's fixed first line proves the GGUF template rendered it, not a built-in format.
    expect(prompts.at(-1)!.text).toBe(renderTinyChatTemplate(messages));

    // Counted independently: llama.cpp tokenising the expected text, special tokens parsed.
    const { getLlama } = await import('node-llama-cpp');
    const llama = await getLlama({ gpu: false, build: 'never' });
    const model = await llama.loadModel({ modelPath: inject('tinyModelPath') });
    try {
      const tokens = model.tokenize(renderTinyChatTemplate(messages), true);
      expect(tokens).toContain(model.tokens.eos); // <|im_end|> became one special token, not text
      expect(prompts.at(-1)!.tokens).toBe(tokens.length);
    } finally {
      await model.dispose();
      await llama.dispose();
    }
  });

  it('stops generating promptly when the signal aborts, and sends nothing after', async () => {
    const controller = new AbortController();
    const deltasAfterAbort: string[] = [];
    let abortedAt = 0;
    const error = await (async () => {
      for await (const event of provider.stream({ messages, signal: controller.signal, maxTokens: 200 })) {
        if (controller.signal.aborted && event.type === 'text-delta') deltasAfterAbort.push(event.text);
        if (!controller.signal.aborted) {
          abortedAt = performance.now();
          controller.abort();
        }
      }
    })().catch((caught: unknown) => caught);

    expect(error).toMatchObject({ name: 'AbortError' });
    expect(deltasAfterAbort).toEqual([]);
    expect(performance.now() - abortedAt).toBeLessThan(2000);
    // Generation really stopped far short of maxTokens, and the sequence is free for the next visitor.
    expect(stats.at(-1)).toMatchObject({ stopReason: 'abort' });
    expect(stats.at(-1)!.outputTokens).toBeLessThan(100);
    expect(provider.queue).toEqual({ active: 0, queued: 0 });
    const next = await collect(provider.stream({ messages, signal: new AbortController().signal, maxTokens: 4 }));
    expect(next.at(-1)).toMatchObject({ type: 'finish', usage: { outputTokens: 4 } });
  });

  it('stops generating when the reader breaks out of its loop', async () => {
    for await (const event of provider.stream({ messages, signal: new AbortController().signal, maxTokens: 200 })) {
      if (event.type === 'text-delta') break;
    }
    expect(stats.at(-1)!.stopReason).toBe('abort');
    expect(stats.at(-1)!.outputTokens).toBeLessThan(100);
    expect(provider.queue.active).toBe(0);
  });

  it('queues a second visitor in order and refuses a third with LocalModelBusyError (concurrency 1, queue 1)', async () => {
    const order: string[] = [];
    const run = async (name: string) => {
      for await (const event of provider.stream({ messages, signal: new AbortController().signal, maxTokens: 6 })) {
        if (order.at(-1) !== `${name}:${event.type}`) order.push(`${name}:${event.type}`);
      }
    };
    const first = run('first');
    const second = run('second');
    const third = run('third').catch((error: unknown) => error);
    const refused = await third;
    expect(refused).toBeInstanceOf(LocalModelBusyError);
    expect(refused).toMatchObject({ code: 'model_busy', retryable: true });
    await Promise.all([first, second]);
    expect(order).toEqual(['first:text-delta', 'first:finish', 'second:text-delta', 'second:finish']);
  });

  it('lets a queued visitor who aborts leave the queue', async () => {
    const holder = provider.stream({ messages, signal: new AbortController().signal, maxTokens: 6 })[Symbol.asyncIterator]();
    await holder.next(); // the first visitor now holds the only sequence until it has read its answer

    const leaving = new AbortController();
    const queued = provider.stream({ messages, signal: leaving.signal })[Symbol.asyncIterator]().next();
    expect(provider.queue).toEqual({ active: 1, queued: 1 });
    leaving.abort();
    await expect(queued).rejects.toMatchObject({ name: 'AbortError' });
    expect(provider.queue.queued).toBe(0);

    // Its place is free: another visitor can queue (with a full queue it would be refused) and is served.
    const next = collect(provider.stream({ messages, signal: new AbortController().signal, maxTokens: 3 }));
    expect(provider.queue.queued).toBe(1);
    while (!(await holder.next()).done);
    expect((await next).at(-1)).toMatchObject({ type: 'finish', usage: { outputTokens: 3 } });
  });
});

describe('createLocalProvider fallbacks and failures', () => {
  it('falls back to a built-in chat format when the GGUF has no template', async () => {
    const provider = tinyProvider({ model: { path: inject('tinyModelWithoutTemplatePath') } });
    try {
      const events = await collect(provider.stream({ messages, signal: new AbortController().signal, maxTokens: 4 }));
      expect(events.at(-1)).toMatchObject({ type: 'finish', usage: { outputTokens: 4 } });
      expect(provider.info?.hasChatTemplate).toBe(false);
      expect(provider.info?.chatWrapper).not.toBe('JinjaTemplate');
    } finally {
      await provider.close();
    }
  });

  it('explains a missing model file and lists the ways to configure a model', async () => {
    const provider = tinyProvider({ model: { path: join(tmpdir(), 'no-such-model.gguf') } });
    const error = await collect(provider.stream({ messages, signal: new AbortController().signal })).catch((caught: unknown) => caught);
    expect(isLocalModelError(error, 'model_unavailable')).toBe(true);
    expect((error as Error).message).toMatch(/no such file[\s\S]*OPENAI_API_KEY[\s\S]*OPENAI_BASE_URL[\s\S]*SITECHAT_MODEL_PATH/);
    await provider.close();
  });

  it('refuses a file that is not a GGUF model', async () => {
    const path = join(tmpdir(), `not-a-model-${process.pid}.gguf`);
    await writeFile(path, '<html>Sign in to download</html>');
    const provider = tinyProvider({ model: { path } });
    await expect(provider.load()).rejects.toMatchObject({ code: 'model_unavailable', message: expect.stringMatching(/not a GGUF/) });
    await provider.close();
  });

  it('refuses requests after close()', async () => {
    const provider = tinyProvider();
    await provider.close();
    await expect(collect(provider.stream({ messages, signal: new AbortController().signal }))).rejects.toMatchObject({
      code: 'model_closed',
    });
  });
});

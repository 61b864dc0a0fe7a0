import { ErrorCode } from '@sitechat/protocol';
import { describe, expect, it } from 'vitest';
import { ProviderError } from './errors.js';
import { withFallbacks } from './fallback.js';
import { isTransient, withRetries } from './retry.js';
import type { ModelEvent, ModelProvider, ModelStreamRequest } from './types.js';

type Step = ProviderError | string[];

/** A provider that plays one step per call: a failure before the first event, or an answer. */
function scripted(name: string, steps: Step[], calls: ModelStreamRequest[] = []): ModelProvider {
  return {
    name,
    model: name,
    async *stream(request) {
      calls.push(request);
      const step = steps.shift() ?? ['default'];
      if (step instanceof ProviderError) throw step;
      for (const text of step) yield { type: 'text-delta', text };
      yield { type: 'finish', finishReason: 'stop' };
    },
  };
}

const rateLimited = (retryAfter?: string) =>
  new ProviderError(ErrorCode.UpstreamRateLimited, { retryable: true, upstreamStatus: 429, ...(retryAfter ? { retryAfter } : {}) });
const serverError = (status = 500) => new ProviderError(ErrorCode.UpstreamError, { retryable: true, upstreamStatus: status });

async function run(provider: ModelProvider, request: Partial<ModelStreamRequest> = {}): Promise<string> {
  let text = '';
  const events: AsyncIterable<ModelEvent> = provider.stream({ messages: [], signal: new AbortController().signal, ...request });
  for await (const event of events) if (event.type === 'text-delta') text += event.text;
  return text;
}

function sleeps() {
  const waited: number[] = [];
  return { waited, sleep: async (ms: number) => void waited.push(ms) };
}

describe('withRetries', () => {
  it('retries 429 after its Retry-After, and 5xx after a growing backoff', async () => {
    const { waited, sleep } = sleeps();
    const provider = withRetries(scripted('m', [rateLimited('2'), serverError(503), ['ok']]), { maxRetries: 2, maxDelayMs: 5000, sleep });
    expect(await run(provider)).toBe('ok');
    expect(waited[0]).toBe(2000);
    expect(waited[1]).toBeGreaterThanOrEqual(750);
    expect(waited[1]).toBeLessThanOrEqual(1000);
  });

  it('surfaces the failure, Retry-After included, once retries are spent or the wait is over the cap', async () => {
    const { waited, sleep } = sleeps();
    const exhausted = withRetries(scripted('m', [serverError(), serverError(), serverError()]), { maxRetries: 2, maxDelayMs: 5000, sleep });
    await expect(run(exhausted)).rejects.toMatchObject({ code: 'upstream_error' });
    expect(waited).toHaveLength(2);
    const tooLong = withRetries(scripted('m', [rateLimited('30')]), { maxRetries: 2, maxDelayMs: 5000, sleep });
    await expect(run(tooLong)).rejects.toMatchObject({ code: 'upstream_rate_limited', retryAfter: '30' });
    expect(waited).toHaveLength(2);
  });

  it('never retries what will fail again, or once text has streamed', async () => {
    const { waited, sleep } = sleeps();
    for (const failure of [
      new ProviderError(ErrorCode.UpstreamAuth, { retryable: false, upstreamStatus: 401 }),
      new ProviderError(ErrorCode.UpstreamError, { retryable: false, upstreamStatus: 400 }),
      new ProviderError(ErrorCode.UpstreamTimeout, { retryable: true }),
    ]) {
      await expect(run(withRetries(scripted('m', [failure, ['ok']]), { maxRetries: 3, maxDelayMs: 5000, sleep }))).rejects.toBe(failure);
    }
    const midStream: ModelProvider = {
      name: 'm',
      model: 'm',
      async *stream() {
        yield { type: 'text-delta', text: 'half' };
        throw new ProviderError(ErrorCode.StreamInterrupted, { retryable: true });
      },
    };
    await expect(run(withRetries(midStream, { maxRetries: 3, maxDelayMs: 5000, sleep }))).rejects.toMatchObject({ code: 'stream_interrupted' });
    expect(waited).toEqual([]);
  });

  it('stops waiting when the visitor leaves', async () => {
    const visitor = new AbortController();
    const provider = withRetries(scripted('m', [rateLimited('1'), ['ok']]), { maxRetries: 2, maxDelayMs: 5000 });
    const pending = run(provider, { signal: visitor.signal });
    setTimeout(() => visitor.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: 'abort' });
  });

  it('knows transient failures', () => {
    expect(isTransient(rateLimited())).toBe(true);
    expect(isTransient(serverError(502))).toBe(true);
    expect(isTransient(new ProviderError(ErrorCode.UpstreamError, { retryable: true }))).toBe(true); // connection
    expect(isTransient(new ProviderError(ErrorCode.UpstreamError, { retryable: true, upstreamStatus: 409 }))).toBe(false);
  });
});

describe('withFallbacks', () => {
  it('moves to the next model on 429 or 5xx before the first event; the chosen model is the first one\'s only', async () => {
    const calls: ModelStreamRequest[] = [];
    const provider = withFallbacks([scripted('primary', [rateLimited()], calls), scripted('second', [serverError(503)], calls), scripted('third', [['from third']], calls)]);
    expect(await run(provider, { model: 'picked' })).toBe('from third');
    expect(calls.map((call) => call.model)).toEqual(['picked', undefined, undefined]);
  });

  it('keeps a failure that is not transient, and surfaces the last one when every model fails', async () => {
    const auth = new ProviderError(ErrorCode.UpstreamAuth, { retryable: false, upstreamStatus: 401 });
    await expect(run(withFallbacks([scripted('a', [auth]), scripted('b', [['never']])]))).rejects.toBe(auth);
    const last = serverError(502);
    await expect(run(withFallbacks([scripted('a', [serverError()]), scripted('b', [last])]))).rejects.toBe(last);
  });
});

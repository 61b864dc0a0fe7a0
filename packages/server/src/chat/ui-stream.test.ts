import { readChunks, type UIMessageChunk } from '@sitechat/protocol';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../providers/errors.js';
import type { ModelEvent, ModelEventBatch } from '../providers/types.js';
import { createUIMessageStream } from './ui-stream.js';

/** A provider stream driven by the test: push events (alone or as one read's batch), fail, and see whether it was stopped. */
function controllable() {
  const pending: Array<(result: IteratorResult<ModelEventBatch>) => void> = [];
  const failures: Array<(error: unknown) => void> = [];
  let returned = false;
  const events: AsyncIterator<ModelEventBatch> = {
    next: () =>
      new Promise((resolve, reject) => {
        pending.push(resolve);
        failures.push(reject);
      }),
    return: async () => {
      returned = true;
      return { done: true, value: undefined };
    },
  };
  return {
    events,
    emit: (events: ModelEvent | ModelEventBatch) => {
      failures.shift();
      pending.shift()?.({ done: false, value: 'type' in events ? [events] : events });
    },
    fail: (error: unknown) => {
      pending.shift();
      failures.shift()?.(error);
    },
    end: () => {
      failures.shift();
      pending.shift()?.({ done: true, value: undefined });
    },
    get returned() {
      return returned;
    },
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

async function all(stream: ReadableStream<Uint8Array>): Promise<UIMessageChunk[]> {
  const chunks: UIMessageChunk[] = [];
  for await (const chunk of readChunks(stream)) chunks.push(chunk);
  return chunks;
}

function open(source: ReturnType<typeof controllable>, extra: { heartbeatIntervalMs?: number; abort?: () => void } = {}) {
  const first = source.events.next();
  return createUIMessageStream({
    messageId: 'm',
    events: source.events,
    first,
    heartbeatIntervalMs: extra.heartbeatIntervalMs ?? 60_000,
    abort: extra.abort ?? (() => {}),
  });
}

describe('createUIMessageStream', () => {
  it('sends a batch of events in one write, its text deltas as one, and ends at its finish', async () => {
    const source = controllable();
    const reader = open(source).getReader();
    const decoder = new TextDecoder();
    const preamble = decoder.decode((await reader.read()).value);
    expect(preamble).toContain('"type":"text-start"');
    source.emit([
      { type: 'text-delta', text: 'Hel' },
      { type: 'text-delta', text: 'lo' },
      { type: 'finish', finishReason: 'stop' },
    ]);
    const write = decoder.decode((await reader.read()).value);
    expect(write.match(/^data: .*$/gm)).toEqual([
      'data: {"type":"text-delta","id":"text-0","delta":"Hello"}',
      'data: {"type":"text-end","id":"text-0"}',
      'data: {"type":"finish-step"}',
      'data: {"type":"finish","finishReason":"stop"}',
      'data: [DONE]',
    ]);
    expect((await reader.read()).done).toBe(true);
    expect(source.returned).toBe(true);
  });

  it('an iterator that ends without a finish is reported as interrupted', async () => {
    const source = controllable();
    // Read from the start: the answer starts on the first read, and only then asks for the next event.
    const chunks = all(open(source));
    source.emit({ type: 'text-delta', text: 'Hal' });
    await tick();
    source.end();
    expect((await chunks).at(-2)).toEqual({ type: 'data-error', data: { code: 'stream_interrupted', retryable: true }, transient: true });
  });

  it('the visitor\'s own abort ends with an abort chunk, not an error', async () => {
    const source = controllable();
    const chunks = all(open(source));
    source.emit({ type: 'text-delta', text: 'Hal' });
    await tick();
    source.fail(new ProviderError('abort', { retryable: false }));
    expect((await chunks).slice(-2)).toEqual([{ type: 'text-end', id: 'text-0' }, { type: 'abort' }]);
  });

  it('cancelling the stream aborts the upstream and releases the provider', async () => {
    const source = controllable();
    let aborted = 0;
    const stream = open(source, { heartbeatIntervalMs: 5, abort: () => aborted++ });
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel();
    expect(aborted).toBe(1);
    expect(source.returned).toBe(true);
    // A late event after the cancel is ignored rather than thrown at a closed stream.
    source.emit({ type: 'text-delta', text: 'late' });
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
});

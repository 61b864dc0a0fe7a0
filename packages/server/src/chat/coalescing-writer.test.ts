import { describe, expect, it } from 'vitest';
import { createCoalescingWriter } from './coalescing-writer.js';

function collect(schedule?: (task: () => void) => void) {
  let writer!: ReturnType<typeof createCoalescingWriter>;
  const stream = new ReadableStream<Uint8Array>({ start: (controller) => void (writer = createCoalescingWriter(controller, schedule)) });
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  return { writer, read: async () => reader.read().then(({ value, done }) => (done ? null : decoder.decode(value))) };
}

describe('createCoalescingWriter', () => {
  it('sends what is written in one turn as one chunk, as soon as the turn is done', async () => {
    const { writer, read } = collect();
    writer.write('data: 1\n\n');
    writer.write('data: 2\n\n');
    writer.write('data: 3\n\n');
    expect(await read()).toBe('data: 1\n\ndata: 2\n\ndata: 3\n\n');
    writer.write('data: 4\n\n');
    expect(await read()).toBe('data: 4\n\n');
  });

  it('does not hold text back across turns (a slow model gets one chunk per token)', async () => {
    const { writer, read } = collect();
    writer.write('a');
    await new Promise((resolve) => setTimeout(resolve, 5));
    writer.write('b');
    expect(await read()).toBe('a');
    expect(await read()).toBe('b');
  });

  it('flushes on close, and ignores a flush after the reader cancelled', async () => {
    const tasks: Array<() => void> = [];
    const { writer, read } = collect((task) => tasks.push(task));
    writer.write('last words');
    writer.close();
    expect(await read()).toBe('last words');
    expect(await read()).toBeNull();
    writer.write('too late');
    expect(() => tasks.forEach((task) => task())).not.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { createCoalescingWriter } from './coalescing-writer.js';

function collect(schedule?: (task: () => void) => void) {
  const sent: string[] = [];
  const writer = createCoalescingWriter((text) => sent.push(text), schedule);
  return { writer, sent };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('createCoalescingWriter', () => {
  it('sends what is written in one turn as one piece, as soon as the turn is done', async () => {
    const { writer, sent } = collect();
    writer.write('data: 1\n\n');
    writer.write('data: 2\n\n');
    writer.write('data: 3\n\n');
    expect(sent).toEqual([]);
    await nextTurn();
    expect(sent).toEqual(['data: 1\n\ndata: 2\n\ndata: 3\n\n']);
    writer.write('data: 4\n\n');
    await nextTurn();
    expect(sent).toEqual(['data: 1\n\ndata: 2\n\ndata: 3\n\n', 'data: 4\n\n']);
  });

  it('does not hold text back across turns (a slow model gets one write per token)', async () => {
    const { writer, sent } = collect();
    writer.write('a');
    await new Promise((resolve) => setTimeout(resolve, 5));
    writer.write('b');
    await nextTurn();
    expect(sent).toEqual(['a', 'b']);
  });

  it('flushes on close, and sends nothing written after it', async () => {
    const tasks: Array<() => void> = [];
    const { writer, sent } = collect((task) => tasks.push(task));
    writer.write('last words');
    writer.close();
    expect(sent).toEqual(['last words']);
    writer.write('too late');
    tasks.forEach((task) => task());
    expect(sent).toEqual(['last words']);
  });
});

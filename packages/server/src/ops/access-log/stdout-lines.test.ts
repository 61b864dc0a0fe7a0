/** Log lines are written together once per turn of the event loop, in order, and none is lost at exit. */
import { describe, expect, it } from 'vitest';
import { lineWriter, stdoutLines } from './stdout-lines.js';

describe('lineWriter', () => {
  it('writes the lines of one turn in one write, in order, each ending in a newline', async () => {
    const writes: string[] = [];
    const write = lineWriter({ write: (text) => writes.push(text) }, () => {});
    write('{"n":1}');
    write('{"n":2}');
    expect(writes).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual(['{"n":1}\n{"n":2}\n']);
    write('{"n":3}');
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual(['{"n":1}\n{"n":2}\n', '{"n":3}\n']);
  });

  it('writes what is still waiting, at once, when the process exits', () => {
    const writes: string[] = [];
    let atExit: (() => void) | undefined;
    const write = lineWriter({ write: (text) => writes.push(text) }, (flush) => (atExit = flush));
    write('before exit');
    atExit!();
    expect(writes).toEqual(['before exit\n']);
  });

  it("registers that flush on the process's exit, once per process", () => {
    const before = process.listenerCount('exit');
    const first = stdoutLines();
    const second = stdoutLines();
    expect(second).toBe(first);
    expect(process.listenerCount('exit')).toBe(before + 1);
  });
});

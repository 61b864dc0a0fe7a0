/** Log lines are written together once per turn of the event loop, in order, and none is lost at exit. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { lineWriter } from './stdout-lines.js';

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

  it('writes what is still waiting when the process exits', () => {
    const script = `
      import { stdoutLines } from ${JSON.stringify(new URL('./stdout-lines.ts', import.meta.url).pathname)};
      const write = stdoutLines();
      write('before exit');
      process.exit(0);`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe('before exit\n');
  });
});

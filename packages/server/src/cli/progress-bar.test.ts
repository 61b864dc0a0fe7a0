import { describe, expect, it } from 'vitest';
import { progressBar, renderProgress } from './progress-bar.js';

describe('progress bar', () => {
  it('renders a bar with the percentage and the counts', () => {
    expect(renderProgress('Exporting', 'conversations', 0, 1000)).toBe(`Exporting [>${' '.repeat(29)}]   0% 0/1000 conversations`);
    expect(renderProgress('Exporting', 'conversations', 450, 1000)).toBe(`Exporting [${'='.repeat(14)}>${' '.repeat(15)}]  45% 450/1000 conversations`);
    expect(renderProgress('Exporting', 'conversations', 1000, 1000)).toBe(`Exporting [${'='.repeat(30)}] 100% 1000/1000 conversations`);
  });

  it('redraws in place on a terminal, at most every interval, always at the end, and clears its line', () => {
    const writes: string[] = [];
    let time = 0;
    const bar = progressBar({ isTTY: true, write: (text) => writes.push(text) }, { label: 'X', unit: 'c', now: () => time });
    bar.update(0, 500);
    bar.update(10, 500); // too soon
    time = 150;
    bar.update(20, 500);
    bar.update(500, 500); // the end is always drawn
    bar.done();
    expect(writes.map((text) => text.replace(/\u001b\[K/g, ''))).toEqual([
      `\r${renderProgress('X', 'c', 0, 500)}`,
      `\r${renderProgress('X', 'c', 20, 500)}`,
      `\r${renderProgress('X', 'c', 500, 500)}`,
      '\r',
    ]);
  });

  it('stays silent in a pipe and for small jobs', () => {
    const writes: string[] = [];
    progressBar({ isTTY: false, write: (text) => writes.push(text) }, { label: 'X', unit: 'c' }).update(1, 5000);
    progressBar({ isTTY: true, write: (text) => writes.push(text) }, { label: 'X', unit: 'c' }).update(1, 50);
    expect(writes).toEqual([]);
  });
});

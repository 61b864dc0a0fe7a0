import { describe, expect, it } from 'vitest';
import { createProgressBar } from './progress-bar.ts';

function recorder(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, output: { isTTY, columns: 100, write: (text: string) => writes.push(text) } };
}

describe('createProgressBar', () => {
  it('redraws one line on a terminal, throttled, with percent, size, speed and time left', () => {
    let clock = 0;
    const { writes, output } = recorder(true);
    const bar = createProgressBar({ label: 'Downloading model.gguf', output, width: 10, now: () => clock });
    clock = 1000;
    bar.update({ receivedBytes: 25_000_000, totalBytes: 100_000_000, resumedFromBytes: 0 });
    clock = 1050;
    bar.update({ receivedBytes: 26_000_000, totalBytes: 100_000_000, resumedFromBytes: 0 }); // within 100 ms: skipped
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/^\rDownloading model\.gguf {2}\[###-------\] +25% {2}25\.0\/100\.0 MB {2}25\.0 MB\/s {2}3s left/);
    expect(writes[0]).toHaveLength(100); // padded to the terminal width minus one, after the \r

    clock = 4000;
    bar.update({ receivedBytes: 100_000_000, totalBytes: 100_000_000, resumedFromBytes: 0 });
    bar.done();
    expect(writes.at(-2)).toContain('[##########]  100%');
    expect(writes.at(-1)).toBe('\n');
  });

  it('writes a line per 10 % when the output is not a terminal', () => {
    const { writes, output } = recorder(false);
    const bar = createProgressBar({ label: 'model', output, now: () => 0 });
    for (let received = 0; received <= 1000; received += 50) bar.update({ receivedBytes: received, totalBytes: 1000, resumedFromBytes: 0 });
    bar.done();
    expect(writes).toHaveLength(11); // 0 %, 10 %, ... 100 %, and done() adds nothing
    expect(writes.every((line) => line.endsWith('\n') && !line.includes('\r'))).toBe(true);
  });

  it('says where a resumed download started and copes with an unknown size', () => {
    const { writes, output } = recorder(false);
    const bar = createProgressBar({ label: 'model', output, now: () => 0 });
    bar.update({ receivedBytes: 5_000_000, totalBytes: undefined, resumedFromBytes: 2_000_000 });
    bar.done();
    expect(writes[0]).toContain('5.0 MB');
    expect(writes[0]).toContain('(resumed at 2.0 MB)');
    expect(writes[0]).not.toContain('%');
  });
});

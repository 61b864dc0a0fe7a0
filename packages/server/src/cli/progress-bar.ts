/**
 * A one-line progress bar for long CLI jobs, redrawn in place on a terminal. Silent when the output is not a
 * terminal (a CI log, a pipe), where a hundred redraws would only be noise.
 */

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressBarOptions {
  /** What is being counted, e.g. `conversations`. */
  unit: string;
  /** Shown before the bar. */
  label: string;
  /** Below this total no bar is drawn: a small job ends before a bar would help. Default 200. */
  minTotal?: number;
  /** The least time between two redraws. Default 100 ms. */
  intervalMs?: number;
  now?: () => number;
}

export interface ProgressBar {
  update(done: number, total: number): void;
  /** Clears the bar's line. */
  done(): void;
}

const WIDTH = 30;

/** The bar's text for `done` of `total`, e.g. `Exporting [=======>      ] 45% 450/1000 conversations`. */
export function renderProgress(label: string, unit: string, done: number, total: number): string {
  const ratio = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(ratio * WIDTH);
  const bar = filled >= WIDTH ? '='.repeat(WIDTH) : `${'='.repeat(filled)}>${' '.repeat(WIDTH - filled - 1)}`;
  return `${label} [${bar}] ${String(Math.floor(ratio * 100)).padStart(3)}% ${done}/${total} ${unit}`;
}

/**
 * @example
 * const bar = progressBar(process.stderr, { label: 'Exporting', unit: 'conversations' });
 * await exportSft(store, { output, onProgress: bar.update });
 * bar.done();
 */
export function progressBar(output: ProgressOutput, options: ProgressBarOptions): ProgressBar {
  const minTotal = options.minTotal ?? 200;
  const intervalMs = options.intervalMs ?? 100;
  const now = options.now ?? Date.now;
  let drawnAt = -Infinity;
  let drawn = false;
  return {
    update(done, total) {
      if (output.isTTY !== true || total < minTotal) return;
      const time = now();
      if (done < total && time - drawnAt < intervalMs) return;
      drawnAt = time;
      drawn = true;
      output.write(`\r${renderProgress(options.label, options.unit, done, total)}\u001b[K`);
    },
    done() {
      if (drawn) output.write('\r\u001b[K');
      drawn = false;
    },
  };
}

/**
 * A one-line terminal progress bar for model downloads, for the CLI:
 *   Downloading Qwen2.5-0.5B-Instruct-Q4_K_M.gguf [########------------]  41%  163.1/397.8 MB  12.4 MB/s  19s left
 * On a terminal it redraws one line (at most every `intervalMs`); in a log file (no TTY) it writes a line
 * every 10 % instead, so CI logs and journald are not flooded with carriage returns.
 */
import type { DownloadProgress } from './types.ts';

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressBarOptions {
  label: string;
  /** Default: standard error. */
  output?: ProgressOutput;
  /** Bar width in characters. Default 24. */
  width?: number;
  /** Least time between two redraws. Default 100 ms. */
  intervalMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

export interface ProgressBar {
  update(progress: DownloadProgress): void;
  /** Draws the final state and ends the line. */
  done(): void;
}

export function createProgressBar(options: ProgressBarOptions): ProgressBar {
  const output = options.output ?? process.stderr;
  const width = options.width ?? 24;
  const intervalMs = options.intervalMs ?? 100;
  const now = options.now ?? Date.now;
  const startedAt = now();
  let lastDrawAt = -Infinity;
  let lastDecile = -1;
  let latest: DownloadProgress | undefined;
  let finished = false;

  function line(progress: DownloadProgress): string {
    const { receivedBytes, totalBytes, resumedFromBytes } = progress;
    const seconds = Math.max((now() - startedAt) / 1000, 0.001);
    const speed = (receivedBytes - resumedFromBytes) / seconds;
    const parts = [options.label];
    if (totalBytes) {
      const fraction = Math.min(receivedBytes / totalBytes, 1);
      const filled = Math.round(fraction * width);
      parts.push(`[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`, `${Math.floor(fraction * 100)}%`.padStart(4));
      parts.push(`${megabytes(receivedBytes)}/${megabytes(totalBytes)} MB`);
    } else {
      parts.push(`${megabytes(receivedBytes)} MB`);
    }
    parts.push(`${megabytes(speed)} MB/s`);
    if (totalBytes && speed > 0 && receivedBytes < totalBytes) parts.push(`${duration((totalBytes - receivedBytes) / speed)} left`);
    if (resumedFromBytes > 0) parts.push(`(resumed at ${megabytes(resumedFromBytes)} MB)`);
    return parts.join('  ');
  }

  function draw(progress: DownloadProgress, force: boolean): void {
    if (output.isTTY) {
      if (!force && now() - lastDrawAt < intervalMs) return;
      lastDrawAt = now();
      const text = line(progress);
      const columns = output.columns ?? 120;
      output.write(`\r${text.length >= columns ? text.slice(0, columns - 1) : text.padEnd(columns - 1)}`);
      return;
    }
    const decile = progress.totalBytes ? Math.floor((progress.receivedBytes / progress.totalBytes) * 10) : -1;
    if (!force && decile <= lastDecile) return;
    lastDecile = decile;
    output.write(`${line(progress)}\n`);
  }

  return {
    update(progress) {
      if (finished) return;
      latest = progress;
      draw(progress, false);
    },
    done() {
      if (finished) return;
      finished = true;
      // Without a TTY the 100 % line may already be out; with one, the last redraw may have been skipped.
      if (latest && (output.isTTY || lastDecile < 10)) draw(latest, true);
      if (output.isTTY) output.write('\n');
    },
  };
}

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes}m${String(Math.floor(seconds % 60)).padStart(2, '0')}s` : `${Math.floor(minutes / 60)}h${minutes % 60}m`;
}

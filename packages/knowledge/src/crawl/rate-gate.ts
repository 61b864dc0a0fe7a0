/**
 * Spaces the starts of requests at least `intervalMs` apart across all workers, so that a crawl
 * with concurrency 2 and a 500 ms delay makes at most two requests a second, never a burst.
 */
export class RateGate {
  private readonly intervalMs: number;
  private nextStart = 0;

  constructor(intervalMs: number) {
    this.intervalMs = intervalMs;
  }

  async wait(signal?: AbortSignal): Promise<void> {
    if (this.intervalMs <= 0) return;
    const now = Date.now();
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + this.intervalMs;
    if (start > now) await sleep(start - now, signal);
  }
}

function sleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const timer = setTimeout(done, milliseconds);
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

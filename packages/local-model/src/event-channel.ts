/**
 * Turns callbacks into an async iterator: node-llama-cpp reports text through `onTextChunk` while its
 * promise runs, and the provider hands events out through `for await`. Pushes buffer until read (text is
 * small, and a slow reader must not stall token generation); `end()` finishes the iteration after the
 * buffered events, `fail(error)` makes the next read throw after them.
 */
export class EventChannel<T> implements AsyncIterable<T> {
  private readonly buffered: T[] = [];
  private finished = false;
  private failure: { error: unknown } | undefined;
  private wake: (() => void) | undefined;

  push(event: T): void {
    if (this.finished) return;
    this.buffered.push(event);
    this.notify();
  }

  end(): void {
    this.finished = true;
    this.notify();
  }

  fail(error: unknown): void {
    if (this.finished) return;
    this.failure = { error };
    this.finished = true;
    this.notify();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    while (true) {
      const next = this.buffered.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (this.failure) throw this.failure.error;
      if (this.finished) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

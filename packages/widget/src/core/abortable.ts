/**
 * Settles with `promise`, or rejects with the signal's reason as soon as `signal` aborts, whichever is first.
 * Stop must take effect at once even when a transport is slow to honour the signal.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Iterates `iterable` until it ends or `signal` aborts. On abort the pending read is abandoned at once and
 * the source is told to finish (`return()`, which for a response body cancels it) without waiting for it: a
 * source blocked on a silent network must not hold the visitor's Stop.
 *
 * One promise stands for the abort for the whole iteration (no listener added and removed per item): a long
 * answer is tens of thousands of items.
 */
export async function* abortable<T>(iterable: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T, void, undefined> {
  const iterator = iterable[Symbol.asyncIterator]();
  let onAbort!: () => void;
  const aborted = new Promise<never>((_, reject) => (onAbort = () => reject(signal.reason)));
  aborted.catch(() => {});
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) onAbort();
  let done = false;
  try {
    while (true) {
      const result = await Promise.race([iterator.next(), aborted]);
      if (result.done) {
        done = true;
        return;
      }
      yield result.value;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (!done) void Promise.resolve(iterator.return?.()).catch(() => {});
  }
}

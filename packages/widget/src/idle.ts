/**
 * Run `callback` when the main thread is idle, or within a second: work that must not delay the first render
 * and paint. Returns a function that cancels it.
 */
export function whenIdle(callback: () => void): () => void {
  const scope = globalThis as { requestIdleCallback?: typeof requestIdleCallback; cancelIdleCallback?: typeof cancelIdleCallback };
  if (scope.requestIdleCallback) {
    const handle = scope.requestIdleCallback(callback, { timeout: 1000 });
    return () => scope.cancelIdleCallback?.(handle);
  }
  const timer = setTimeout(callback, 50);
  return () => clearTimeout(timer);
}

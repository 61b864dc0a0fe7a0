/** How long a loop may hold the main thread before it lets the browser draw and respond. */
const SLICE_MS = 8;
const now = () => globalThis.performance?.now() ?? Date.now();

/** A macrotask boundary: `scheduler.yield()` where it exists, a message-channel round trip elsewhere. */
function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(undefined);
  });
}

/**
 * For a loop that may run long (reading a stream that arrived all at once): `await slice()` once per turn gives
 * the event loop a turn whenever the loop has held the main thread for more than a few milliseconds since the
 * last one, so frames are drawn and input is handled meanwhile.
 */
export function timeSlice(): () => Promise<void> {
  let sliceStart = now();
  return async () => {
    if (now() - sliceStart <= SLICE_MS) return;
    await yieldToEventLoop();
    sliceStart = now();
  };
}

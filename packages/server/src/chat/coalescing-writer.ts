/**
 * Writes SSE text into a byte stream, merging everything written in the same turn of the event loop into
 * one chunk. A model server often delivers many events in one network read; the runtime then writes each
 * enqueued chunk to the socket separately (on Node, one `writev` system call per chunk, 200 for a 200-token
 * answer arriving in a burst). Merging them costs no latency: the flush runs as soon as the current batch
 * of work is done, before the runtime waits for the network again.
 */

type Schedule = (task: () => void) => void;

/** The earliest macrotask the runtime offers: `setImmediate` (Node, Bun), a `MessageChannel` (Workers, Deno). */
function defaultSchedule(): Schedule {
  const immediate = (globalThis as { setImmediate?: (task: () => void) => unknown }).setImmediate;
  if (typeof immediate === 'function') return (task) => void immediate(task);
  if (typeof MessageChannel === 'function') {
    const queue: Array<() => void> = [];
    const channel = new MessageChannel();
    channel.port1.onmessage = () => queue.shift()?.();
    return (task) => {
      queue.push(task);
      channel.port2.postMessage(null);
    };
  }
  return (task) => void setTimeout(task, 0);
}

export interface CoalescingWriter {
  /** Queue text; it is sent with everything else written before the flush. */
  write(text: string): void;
  /** Send what is queued now and close the stream. */
  close(): void;
}

let shared: Schedule | undefined;
const encoder = new TextEncoder();

/**
 * @example
 * new ReadableStream<Uint8Array>({ start(controller) {
 *   const writer = createCoalescingWriter(controller);
 *   writer.write('data: {"type":"start"}\n\n'); writer.write('data: [DONE]\n\n'); writer.close(); // one chunk
 * } });
 */
export function createCoalescingWriter(controller: ReadableStreamDefaultController<Uint8Array>, schedule?: Schedule): CoalescingWriter {
  const run = schedule ?? (shared ??= defaultSchedule());
  let pending = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending === '') return;
    const text = pending;
    pending = '';
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      // The reader went away (cancelled) before the flush: nobody is left to read it.
    }
  };
  return {
    write(text) {
      pending += text;
      if (scheduled) return;
      scheduled = true;
      run(flush);
    },
    close() {
      flush();
      try {
        controller.close();
      } catch {
        // already cancelled
      }
    },
  };
}

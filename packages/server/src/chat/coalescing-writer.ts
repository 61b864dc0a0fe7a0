/**
 * Merges the SSE text written in the same turn of the event loop into one piece for an answer sink
 * (answer-sink.ts). A model server often delivers many events in one network read; written one by one, each
 * would be its own socket write (on Node, one system call per chunk, 200 for a 200-token answer arriving in a
 * burst). Merging them costs no latency: the flush runs as soon as the current batch of work is done, before
 * the runtime waits for the network again.
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
  /** Send what is queued now; nothing is sent after it. */
  close(): void;
}

let shared: Schedule | undefined;

/**
 * @example
 * const writer = createCoalescingWriter((text) => sink.write(text));
 * writer.write('data: {"type":"start"}\n\n'); writer.write('data: [DONE]\n\n'); writer.close(); // one write
 */
export function createCoalescingWriter(send: (text: string) => void, schedule?: Schedule): CoalescingWriter {
  const run = schedule ?? (shared ??= defaultSchedule());
  let pending = '';
  let scheduled = false;
  let closed = false;
  const flush = () => {
    scheduled = false;
    if (pending === '') return;
    const text = pending;
    pending = '';
    send(text);
  };
  return {
    write(text) {
      if (closed) return;
      pending += text;
      if (scheduled) return;
      scheduled = true;
      run(flush);
    },
    close() {
      flush();
      closed = true;
    },
  };
}

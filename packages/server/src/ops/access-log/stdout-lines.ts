/**
 * Log lines for a Node stream, written together once per turn of the event loop instead of one system call
 * each: under load the access log's lines came to 3 to 5 % of a streamed answer's CPU with `console.log`
 * (docs/decisions/0012-node-model-transport.md). Node only; `createJsonLogger`'s default (`console.log`)
 * stays for every other runtime. Lines still waiting when the process exits are written then (Node writes
 * to files and pipes synchronously on exit), so a normal exit or a crash loses none.
 * @example
 * const logger = createJsonLogger({ write: stdoutLines() });
 */
import { createCoalescingWriter } from '../../chat/coalescing-writer.js';

let shared: ((line: string) => void) | undefined;

/** The writer for `process.stdout`, one per process. */
export function stdoutLines(): (line: string) => void {
  return (shared ??= lineWriter(process.stdout, (flush) => process.once('exit', flush)));
}

/** Lines for `stream`, merged until the next `setImmediate` (chat/coalescing-writer.ts); `onExit` registers the last flush. */
export function lineWriter(stream: { write(text: string): unknown }, onExit: (flush: () => void) => void): (line: string) => void {
  const writer = createCoalescingWriter((text) => void stream.write(text));
  onExit(() => writer.close());
  return (line) => writer.write(`${line}\n`);
}

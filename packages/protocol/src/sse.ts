import type { UIMessageChunk } from './chunks.js';

/** The last event of every stream, after which the client stops reading. */
export const DONE_EVENT = 'data: [DONE]\n\n';

/** One chunk as an SSE event. JSON never contains a raw newline, so one `data:` line is enough. */
export function encodeChunk(chunk: UIMessageChunk): string {
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

/** An SSE comment: ignored by every SSE reader, it keeps idle connections from being closed. */
export function encodeComment(text = 'ping'): string {
  return `: ${text.replace(/[\r\n]/g, ' ')}\n\n`;
}

/** One parsed SSE event. */
export interface SSEEvent {
  event?: string;
  data: string;
  id?: string;
}

/**
 * An incremental SSE parser (the WHATWG event-stream rules). Feed it bytes as they arrive, split anywhere,
 * including inside a multi-byte UTF-8 character or between `\r` and `\n`; it returns the complete events.
 */
export class SSEDecoder {
  private readonly textDecoder = new TextDecoder('utf-8');
  private buffer = '';
  /**
   * The event's data lines so far, joined by line feeds; `undefined` before its first. A string rather than an
   * array of lines: V8 frees an array's storage when its length is set to 0, so an array emptied after each event
   * allocated new storage for the next one's line, about 150 bytes an event (30 KiB of a 200-chunk answer).
   */
  private data: string | undefined;
  private eventName: string | undefined;
  private eventId: string | undefined;
  private pendingCarriageReturn = false;

  /** Feed bytes (or already-decoded text); returns the events completed by them. */
  push(input: Uint8Array | string): SSEEvent[] {
    const text = typeof input === 'string' ? input : this.textDecoder.decode(input, { stream: true });
    return this.consume(text);
  }

  /**
   * Bytes decoded as `push` decodes them (a character split across two reads included), for a caller that reads
   * some events of the text itself and pushes the rest, as text.
   */
  decode(input: Uint8Array): string {
    return this.textDecoder.decode(input, { stream: true });
  }

  /** The text pushed so far ended where an event ends: no unfinished line, field or event is waiting. */
  get atEventBoundary(): boolean {
    return this.buffer === '' && this.data === undefined && this.eventName === undefined && this.eventId === undefined && !this.pendingCarriageReturn;
  }

  /** Call when the stream ends: flushes a final event that had no trailing blank line. */
  end(): SSEEvent[] {
    const events = this.consume(this.textDecoder.decode());
    if (this.buffer.length > 0) {
      this.line(this.buffer, events);
      this.buffer = '';
    }
    this.dispatch(events);
    return events;
  }

  /**
   * Splits at line ends with `indexOf` rather than a look at every character: an upstream answer is tens of
   * kilobytes, and this runs on every byte of it. Most streams have no `\r` at all; then it is searched once.
   */
  private consume(text: string): SSEEvent[] {
    const events: SSEEvent[] = [];
    let start = 0;
    if (this.pendingCarriageReturn && text.charCodeAt(0) === 10) start = 1;
    this.pendingCarriageReturn = false;
    let carriageReturn = text.indexOf('\r', start);
    for (;;) {
      if (carriageReturn !== -1 && carriageReturn < start) carriageReturn = text.indexOf('\r', start);
      const lineFeed = text.indexOf('\n', start);
      const end = carriageReturn !== -1 && (lineFeed === -1 || carriageReturn < lineFeed) ? carriageReturn : lineFeed;
      if (end === -1) break;
      this.line(this.buffer + text.slice(start, end), events);
      this.buffer = '';
      start = end + 1;
      if (end === carriageReturn) {
        if (start === text.length) this.pendingCarriageReturn = true;
        else if (text.charCodeAt(start) === 10) start++;
      }
    }
    this.buffer += text.slice(start);
    return events;
  }

  private line(line: string, events: SSEEvent[]): void {
    if (line === '') {
      this.dispatch(events);
      return;
    }
    if (line.startsWith(':')) return;
    // The common case, a `data:` line, without slicing out its field name.
    if (line.startsWith('data:')) {
      this.addData(line.slice(line.charCodeAt(5) === 32 ? 6 : 5));
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    // One slice for the value (a server streams thousands of lines): after the colon and its optional space.
    const value = colon === -1 ? '' : line.slice(line.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1);
    if (field === 'data') this.addData(value);
    else if (field === 'event') this.eventName = value;
    else if (field === 'id') this.eventId = value;
  }

  /** Nearly every event has one data line: it is kept as it is, not copied. */
  private addData(value: string): void {
    this.data = this.data === undefined ? value : `${this.data}\n${value}`;
  }

  private dispatch(events: SSEEvent[]): void {
    if (this.data !== undefined) {
      const event: SSEEvent = { data: this.data };
      if (this.eventName !== undefined) event.event = this.eventName;
      if (this.eventId !== undefined) event.id = this.eventId;
      events.push(event);
    }
    this.data = undefined;
    this.eventName = undefined;
    this.eventId = undefined;
  }
}

/** Thrown when a stream carries an event that is not a valid chunk. */
export class StreamParseError extends Error {
  override readonly name = 'StreamParseError';
}

/**
 * Read a UI message stream body as chunks. Stops at `[DONE]`; an event that is not a JSON object with a
 * string `type` raises `StreamParseError`. Cancelling the iteration cancels the body.
 */
export async function* readChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<UIMessageChunk, void, undefined> {
  const decoder = new SSEDecoder();
  const reader = body.getReader();
  let finished = false;
  try {
    while (true) {
      const { value, done } = await reader.read();
      const events = done ? decoder.end() : decoder.push(value);
      for (const event of events) {
        if (event.data === '[DONE]') {
          finished = true;
          return;
        }
        yield parseChunk(event.data);
      }
      if (done) {
        finished = true;
        return;
      }
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** Parse one event's data as a chunk. */
export function parseChunk(data: string): UIMessageChunk {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    throw new StreamParseError(`Invalid JSON in stream event: ${data.slice(0, 80)}`);
  }
  if (typeof value !== 'object' || value === null || typeof (value as { type?: unknown }).type !== 'string') {
    throw new StreamParseError('Stream event is not a chunk (an object with a string "type").');
  }
  return value as UIMessageChunk;
}

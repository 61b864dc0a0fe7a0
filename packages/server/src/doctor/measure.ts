import { parseChunk, SSEDecoder, type UIMessageChunk } from '@sitechat/protocol';

/** One SSE event as the client saw it: when it arrived (ms since the request was sent) and what it was. */
export interface ArrivedEvent {
  at: number;
  chunk: UIMessageChunk | 'done' | 'invalid';
}

export interface MeasuredStream {
  /** Ms from sending the request to the response headers. */
  headersAt: number;
  /** Ms from sending the request to the first body bytes. */
  firstByteAt: number | undefined;
  events: ArrivedEvent[];
  /** Network reads that delivered bytes: 1 for a fully buffered body, about one per event when streamed. */
  reads: number;
  bytes: number;
  /** Ms from sending the request to the end of the body. */
  endedAt: number;
  /** The body ended with `[DONE]`. */
  complete: boolean;
}

/**
 * Read a stream to its end, timing every event. `sentAt` is when the request was sent, on `now`'s clock.
 * @example
 * const sentAt = performance.now();
 * const response = await fetch(url, init);
 * const measured = await measureStream(response, sentAt);
 */
export async function measureStream(response: Response, sentAt: number, now: () => number = () => performance.now()): Promise<MeasuredStream> {
  const headersAt = now() - sentAt;
  const decoder = new SSEDecoder();
  const events: ArrivedEvent[] = [];
  let firstByteAt: number | undefined;
  let reads = 0;
  let bytes = 0;
  let complete = false;
  const take = (batch: ReturnType<SSEDecoder['push']>, at: number) => {
    for (const event of batch) {
      if (event.data === '[DONE]') {
        complete = true;
        events.push({ at, chunk: 'done' });
        continue;
      }
      try {
        events.push({ at, chunk: parseChunk(event.data) });
      } catch {
        events.push({ at, chunk: 'invalid' });
      }
    }
  };
  if (response.body !== null) {
    const reader = response.body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      const at = now() - sentAt;
      if (done) {
        take(decoder.end(), at);
        break;
      }
      if (value.byteLength === 0) continue;
      firstByteAt ??= at;
      reads++;
      bytes += value.byteLength;
      take(decoder.push(value), at);
    }
  }
  return { headersAt, firstByteAt, events, reads, bytes, endedAt: now() - sentAt, complete };
}

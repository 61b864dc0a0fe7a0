import { describe, expect, it } from 'vitest';
import type { UIMessageChunk } from './chunks.js';
import { DONE_EVENT, SSEDecoder, StreamParseError, encodeChunk, encodeComment, readChunks } from './sse.js';

const chunks: UIMessageChunk[] = [
  { type: 'start', messageId: 'm1' },
  { type: 'text-start', id: 't1' },
  { type: 'text-delta', id: 't1', delta: 'Grüße 👋 — 日本語 مرحبا\nline two' },
  { type: 'text-end', id: 't1' },
  { type: 'finish', finishReason: 'stop' },
];
const wire = chunks.map(encodeChunk).join('') + encodeComment() + DONE_EVENT;
const bytes = new TextEncoder().encode(wire);

function decodeInPieces(input: Uint8Array, cuts: number[]): string[] {
  const decoder = new SSEDecoder();
  const data: string[] = [];
  let previous = 0;
  for (const cut of [...cuts, input.length]) {
    for (const event of decoder.push(input.subarray(previous, cut))) data.push(event.data);
    previous = cut;
  }
  for (const event of decoder.end()) data.push(event.data);
  return data;
}

function streamOf(pieces: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  });
}

describe('SSEDecoder', () => {
  const expected = [...chunks.map((chunk) => JSON.stringify(chunk)), '[DONE]'];

  it('decodes a whole stream', () => {
    expect(decodeInPieces(bytes, [])).toEqual(expected);
  });

  it('decodes the stream split at every byte, including inside multi-byte characters', () => {
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(decodeInPieces(bytes, [cut])).toEqual(expected);
    }
  });

  it('decodes the stream fed one byte at a time', () => {
    const cuts = Array.from({ length: bytes.length - 1 }, (_, index) => index + 1);
    expect(decodeInPieces(bytes, cuts)).toEqual(expected);
  });

  it('accepts CRLF and CR line endings, also when CR and LF arrive apart', () => {
    const crlf = new TextEncoder().encode('data: a\r\n\r\ndata: b\r\rdata: c\r\n');
    for (let cut = 1; cut < crlf.length; cut++) {
      expect(decodeInPieces(crlf, [cut])).toEqual(['a', 'b', 'c']);
    }
  });

  it('joins multi-line data, reads event names and ids, skips comments', () => {
    const decoder = new SSEDecoder();
    const events = decoder.push(': hello\nevent: note\nid: 7\ndata: one\ndata:two\n\n');
    expect(events).toEqual([{ event: 'note', id: '7', data: 'one\ntwo' }]);
  });

  it('keeps empty data lines, and dispatches no event without a data line', () => {
    const decoder = new SSEDecoder();
    // A `data` field with no colon has an empty value, as does `data:`; an event of only a name has no data.
    const events = decoder.push('data: a\ndata:\ndata\ndata: b\n\ndata:\n\nevent: empty\n\ndata: c\n\n');
    expect(events).toEqual([{ data: 'a\n\n\nb' }, { data: '' }, { data: 'c' }]);
  });

  it('flushes a last event without a trailing blank line at end of stream', () => {
    const decoder = new SSEDecoder();
    expect(decoder.push('data: tail')).toEqual([]);
    expect(decoder.end()).toEqual([{ data: 'tail' }]);
  });
});

describe('SSEDecoder for a reader of its own text', () => {
  it('decodes as push does, a character split between reads included, and says where events end', () => {
    const decoder = new SSEDecoder();
    expect(decoder.atEventBoundary).toBe(true);
    const cut = wire.indexOf('Grüße') + 3;
    const head = new TextEncoder().encode(wire.slice(0, cut)).slice(0, -1);
    const tail = bytes.slice(head.length);
    const events = [...decoder.push(decoder.decode(head)), ...decoder.push(decoder.decode(tail)), ...decoder.end()];
    expect(events.map((event) => event.data)).toEqual([...chunks.map((chunk) => JSON.stringify(chunk)), '[DONE]']);
    for (const [text, boundary] of [
      ['data: {}\n\n', true],
      ['data: {', false],
      ['data: {}\n', false],
      [': ping\n', true],
      ['event: x\n', false],
      ['id: 7\n', false],
      ['data: {}\r', false],
    ] as const) {
      const fresh = new SSEDecoder();
      fresh.push(text);
      expect([text, fresh.atEventBoundary]).toEqual([text, boundary]);
    }
  });
});

describe('readChunks', () => {
  it('yields chunks until [DONE]', async () => {
    const pieces = [bytes.subarray(0, 7), bytes.subarray(7, 60), bytes.subarray(60)];
    const seen: UIMessageChunk[] = [];
    for await (const chunk of readChunks(streamOf(pieces))) seen.push(chunk);
    expect(seen).toEqual(chunks);
  });

  it('rejects an event that is not a chunk', async () => {
    const body = streamOf([new TextEncoder().encode('data: {"no":"type"}\n\n')]);
    await expect(async () => {
      for await (const _ of readChunks(body)) void _;
    }).rejects.toBeInstanceOf(StreamParseError);
  });

  it('cancels the body when the reader stops early', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(encodeChunk({ type: 'start' })));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const chunk of readChunks(body)) {
      expect(chunk.type).toBe('start');
      break;
    }
    expect(cancelled).toBe(true);
  });
});

describe('encodeComment', () => {
  it('cannot be used to inject an event', () => {
    const decoder = new SSEDecoder();
    expect(decoder.push(encodeComment('x\n\ndata: evil\n\n'))).toEqual([]);
  });
});

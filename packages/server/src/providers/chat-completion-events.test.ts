/**
 * Reading a streamed chat completion's events, as many as a network read brings: the answer must be the
 * same however the bytes were split, and a failure must not swallow the text that came before it.
 */
import { SSEDecoder } from '@sitechat/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChatCompletionEvents } from './chat-completion-events.js';
import type { ModelEvent } from './types.js';

const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini' };
const delta = (content: string) => ({ ...base, choices: [{ index: 0, delta: { content }, finish_reason: null }] });
const finish = (reason: string) => ({ ...base, choices: [{ index: 0, delta: {}, finish_reason: reason }] });
const usage = { ...base, choices: [], usage: { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 } };
const wire = (events: unknown[]) => events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join('');

/** Feeds the bytes in the given pieces; returns the events and the failure, if any. */
function read(pieces: Uint8Array[]): { events: ModelEvent[]; failure?: unknown } {
  const decoder = new SSEDecoder();
  const answer = new ChatCompletionEvents();
  const events: ModelEvent[] = [];
  try {
    for (const [index, piece] of pieces.entries()) {
      events.push(...answer.read(index === pieces.length - 1 ? [...decoder.push(piece), ...decoder.end()] : decoder.push(piece)));
      if (answer.failure) return { events, failure: answer.failure };
      if (answer.done) break;
    }
    events.push(answer.finish());
    return { events };
  } catch (failure) {
    return { events, failure };
  }
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe('ChatCompletionEvents', () => {
  it('gives the same answer whichever way the bytes are split, and ignores what follows [DONE]', () => {
    const body = bytes(`${wire([delta('Grüß'), delta(' dich'), finish('stop'), usage])}data: [DONE]\n\n${wire([delta('after')])}`);
    const finished = { type: 'finish', finishReason: 'stop', usage: { inputTokens: 11, outputTokens: 3, totalTokens: 14 } };
    // One read: its text as one delta.
    expect(read([body]).events).toEqual([{ type: 'text-delta', text: 'Grüß dich' }, finished]);
    for (let split = 1; split < body.length; split++) {
      const { events } = read([body.slice(0, split), body.slice(split)]);
      expect(events.map((event) => (event.type === 'text-delta' ? event.text : '')).join('')).toBe('Grüß dich');
      expect(events.at(-1)).toEqual(finished);
      // At most one delta per read.
      expect(events.filter((event) => event.type === 'text-delta').length).toBeLessThanOrEqual(2);
    }
  });

  it('keeps the text before an error event or a malformed one in the same read, then fails with upstream_error', () => {
    for (const bad of ['event: error\ndata: {"error":{"message":"overloaded"}}\n\n', 'data: {"error":{"message":"overloaded"}}\n\n', 'data: {"id": not json\n\n', 'data: 42\n\n']) {
      const { events, failure } = read([bytes(wire([delta('Hal')]) + bad + wire([delta('never')]))]);
      expect(events).toEqual([{ type: 'text-delta', text: 'Hal' }]);
      expect(failure).toMatchObject({ code: 'upstream_error', retryable: true });
    }
  });

  it('an answer cut off before its finish reason is interrupted, not short', () => {
    const { events, failure } = read([bytes(wire([delta('Hal')]))]);
    expect(events).toEqual([{ type: 'text-delta', text: 'Hal' }]);
    expect(failure).toMatchObject({ code: 'stream_interrupted', retryable: true });
  });

  it('readText reads the same answer as read, however the bytes are split and whatever events come between', () => {
    const event = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
    const role = { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] };
    const texts = fc.oneof(fc.constantFrom('word ', 'é', '☕ 𝄞', 'say "hi"', 'a\\b', 'line\n', '\u2028'), fc.string(), fc.string({ unit: 'binary' }));
    const middle = fc.oneof(
      { weight: 8, arbitrary: texts.map((text) => event(delta(text))) },
      fc.constant(': ping\n\n'),
      texts.map((text) => `data:${JSON.stringify(delta(text))}\n\n`),
      texts.map((text) => `data: ${JSON.stringify(delta(text))}\r\n\r\n`),
      texts.map((text) => `event: message\ndata: ${JSON.stringify(delta(text))}\n\n`),
      texts.map((text) => `data: ${JSON.stringify(delta(text)).replace('"choices"', '\ndata: "choices"')}\n\n`),
      texts.map((text) => event({ ...delta(text), obfuscation: 'x' })),
    );
    const ending = fc.constantFrom(
      `${event(finish('stop'))}${event(usage)}data: [DONE]\n\n${event(delta('after'))}`,
      `${event(finish('length'))}data: [DONE]\n\n`,
      'data: {"error":{"message":"overloaded"}}\n\n',
      'event: error\ndata: {}\n\n',
      'data: {"id": not json\n\n',
      '',
    );
    fc.assert(
      fc.property(fc.array(middle, { maxLength: 30 }), ending, fc.array(fc.nat(), { maxLength: 6 }), (events, end, cuts) => {
        const body = bytes(event(role) + events.join('') + end);
        const at = [...new Set(cuts.map((cut) => cut % (body.length + 1)))].sort((a, b) => a - b);
        const pieces = [0, ...at].map((from, index) => body.slice(from, [...at, body.length][index]));
        expect(readWith(pieces, 'text')).toEqual(readWith(pieces, 'events'));
      }),
      { numRuns: 1000 },
    );
  });

  it('readText never reads an event straight from the middle of a line: a comment or an unknown field that ends like one', () => {
    const event = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
    for (const line of [':', 'x', 'event: message\n']) {
      const body = bytes(`${event(delta('Hel'))}${line}${event(delta('NOT'))}${event(delta('lo'))}${event(finish('stop'))}`);
      const expected = line.startsWith('event') ? 'HelNOTlo' : 'Hello';
      for (let split = 1; split < body.length; split++) {
        const pieces = [body.slice(0, split), body.slice(split)];
        expect(readWith(pieces, 'text')).toEqual(readWith(pieces, 'events'));
        expect(readWith(pieces, 'text').text).toBe(expected);
      }
    }
  });
});

/** An answer read with `readText` or with `read`: its text, how it ended, and its finish or failure. */
function readWith(pieces: Uint8Array[], how: 'text' | 'events') {
  const decoder = new SSEDecoder();
  const answer = new ChatCompletionEvents();
  let text = '';
  const add = (events: ModelEvent[]) => events.forEach((event) => (text += event.type === 'text-delta' ? event.text : ''));
  for (const piece of pieces) {
    add(how === 'text' ? answer.readText(decoder.decode(piece), decoder) : answer.read(decoder.push(piece)));
    if (answer.failure || answer.done) break;
  }
  if (!answer.failure && !answer.done) add(answer.read(decoder.end()));
  let end: unknown;
  try {
    end = answer.failure ?? answer.finish();
  } catch (error) {
    end = error;
  }
  return { text, done: answer.done, end };
}

/**
 * Reading a streamed chat completion's events, as many as a network read brings: the answer must be the
 * same however the bytes were split, and a failure must not swallow the text that came before it.
 */
import { SSEDecoder } from '@sitechat/protocol';
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
});

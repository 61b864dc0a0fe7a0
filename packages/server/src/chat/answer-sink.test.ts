import { describe, expect, it } from 'vitest';
import { type AnswerSink, answerResponse, type StreamedAnswer, takeStreamedAnswer } from './answer-sink.js';

/** An answer that records how it was started and writes two batches. */
function recordingAnswer() {
  const record = { starts: 0, cancels: 0 };
  const answer: StreamedAnswer = {
    start(sink: AnswerSink) {
      record.starts++;
      sink.write('data: 1\n\n');
      sink.write('data: 2\n\n');
      sink.end();
    },
    cancel: () => void record.cancels++,
  };
  return { answer, record };
}

describe('answerResponse', () => {
  it('is an ordinary streaming response for a runtime that reads it', async () => {
    const { answer, record } = recordingAnswer();
    const response = answerResponse(answer, { headers: { 'content-type': 'text/event-stream' } });
    expect(record.starts).toBe(0);
    expect(await response.text()).toBe('data: 1\n\ndata: 2\n\n');
    expect(record.starts).toBe(1);
    expect(takeStreamedAnswer(response)).toBeUndefined();
  });

  it('hands its answer, once, to an entry that writes it itself; the web stream then never starts it', async () => {
    const { answer, record } = recordingAnswer();
    const response = answerResponse(answer, {});
    // A middleware that replaces c.res keeps the same body stream (hono's Context does this).
    const rebuilt = new Response(response.body, response);
    expect(takeStreamedAnswer(rebuilt)).toBe(answer);
    expect(takeStreamedAnswer(rebuilt)).toBeUndefined();
    const reader = rebuilt.body!.getReader();
    const read = reader.read();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(record.starts).toBe(0);
    await reader.cancel();
    await read;
  });

  it('a response whose body was wrapped is read through the wrapper, never taken', async () => {
    const { answer } = recordingAnswer();
    const response = answerResponse(answer, {});
    const wrapped = new Response(response.body!.pipeThrough(new TransformStream()), response);
    expect(takeStreamedAnswer(wrapped)).toBeUndefined();
    expect(await wrapped.text()).toBe('data: 1\n\ndata: 2\n\n');
  });

  it('a reader that cancels cancels the answer', async () => {
    const { answer, record } = recordingAnswer();
    await answerResponse(answer, {}).body!.cancel();
    expect(record.cancels).toBe(1);
  });

  it('a deferred answer read as a web stream waits for its head: started when it may, broken when it failed', async () => {
    const { answer, record } = recordingAnswer();
    let decide!: (head: { start: boolean }) => void;
    const started = answerResponse({ ...answer, head: () => new Promise((resolve) => (decide = resolve)) }, {});
    const text = started.text();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(record.starts).toBe(0);
    decide({ start: true });
    expect(await text).toBe('data: 1\n\ndata: 2\n\n');

    const failed = answerResponse({ ...recordingAnswer().answer, head: () => Promise.resolve({ start: false }) }, {});
    await expect(failed.text()).rejects.toThrow();
  });
});


/**
 * A streamed answer, apart from how its bytes reach the visitor. The chat route returns an ordinary
 * `Response` whose body is a web `ReadableStream`, so every middleware sees and decorates it as usual and
 * Workers, Bun, Deno and `app.request()` read it as they read any stream. A runtime entry that can write
 * to its own connection more cheaply (the Node entry, node-answer.ts) takes the answer out of the
 * finished response with `takeStreamedAnswer` and gives it its own sink instead: then no web stream
 * carries a single byte.
 */

/** Where an answer's text goes. */
export interface AnswerSink {
  /** Send text: one batch of SSE events, already merged (coalescing-writer.ts). */
  write(text: string): void;
  /** The answer is complete; nothing is written after it. */
  end(): void;
  /**
   * `undefined` while the reader keeps up; otherwise a promise that settles once it has caught up (or
   * gone), so the answer reads no more from the model until then.
   */
  ready?(): Promise<void> | undefined;
}

/** How a deferred answer's head was decided (`StreamedAnswer.head`). */
export type AnswerHead =
  /** Send the response's status and headers, then start the answer. */
  | { start: true; /** A newer `Server-Timing` (with the model's first token), to replace the response's own. */ serverTiming?: string }
  /** The answer will not start: send `response` instead (an error), or nothing when nobody is left to read it. */
  | { start: false; response?: Response };

/** An answer that has not started: it starts writing when given a sink, at most once. */
export interface StreamedAnswer {
  start(sink: AnswerSink): void;
  /** The reader went away before the end. */
  cancel(): void;
  /**
   * Present when the route returned before knowing whether the answer can start (only for an entry that asked
   * for it with `DEFERRED_HEAD`): the entry calls it once, after the middleware has run, sends nothing until it
   * settles, and then either starts the answer or sends the error response instead of the 200.
   */
  head?(): Promise<AnswerHead>;
}

/**
 * The key of a request's `env` with which a runtime entry says it honours `StreamedAnswer.head` (the Node
 * entry, node.ts). The chat route then returns at once instead of waiting for the model's first event before
 * its middleware can finish: at 1,000 concurrent streams, a stream whose ~15 middleware layers wait with it
 * costs more (docs/decisions/0013-deferred-head.md).
 */
export const DEFERRED_HEAD = Symbol.for('sitechat.deferredHead');

/** Whether the entry serving this request honours `StreamedAnswer.head` (`c.env`). */
export function entryDefersHead(env: unknown): boolean {
  return typeof env === 'object' && env !== null && (env as Record<symbol, unknown>)[DEFERRED_HEAD] === true;
}

/**
 * The key of a request's `env` under which a runtime entry may give the chat route a function whose promise
 * settles once the outgoing requests started so far have been handed to the network. On Node a request
 * leaves on the next tick, which runs only after every pending promise reaction: the rest of the chat route
 * and the return through the whole middleware chain. The chat route waits for it right after starting the
 * model request, so that the model works while that code runs instead of after it
 * (docs/decisions/0016-model-request-first.md). The Node entry (node.ts) gives `process.nextTick`.
 */
export const AFTER_REQUESTS_SENT = Symbol.for('sitechat.afterRequestsSent');

/** The entry's wait for the requests started so far to leave (`AFTER_REQUESTS_SENT`); `undefined` when it has none. */
export function afterRequestsSent(env: unknown): Promise<void> | undefined {
  if (typeof env !== 'object' || env === null) return undefined;
  const wait = (env as Record<symbol, unknown>)[AFTER_REQUESTS_SENT];
  return typeof wait === 'function' ? (wait as () => Promise<void>)() : undefined;
}

// Keyed by the body stream, not the `Response`: hono rebuilds a `Response` around the same body when a
// middleware replaces `c.res`, and a middleware that wraps the body (concurrent-streams.ts) makes a new
// stream, whose answer is then rightly read through that stream.
const unstarted = new WeakMap<ReadableStream<Uint8Array>, StreamedAnswer>();
const encoder = new TextEncoder();

/**
 * The answer as a byte stream; it starts on the first read, so that an entry that takes it never starts
 * it twice.
 * @example
 * const body = answerStream(answer); // new Response(body, { headers })
 */
export function answerStream(answer: StreamedAnswer): ReadableStream<Uint8Array> {
  const startInto = (controller: ReadableStreamDefaultController<Uint8Array>) =>
    answer.start({
      write(text) {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          // The reader went away (cancelled) before this write: nobody is left to read it.
        }
      },
      end() {
        try {
          controller.close();
        } catch {
          // already cancelled
        }
      },
    });
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        // Only the first pull starts it, and none once an entry has taken it.
        if (!unstarted.delete(stream)) return;
        if (answer.head === undefined) return startInto(controller);
        // A deferred answer read as a web stream after all: its 200 has gone out, so a failure can only break it.
        return answer.head().then((head) => (head.start ? startInto(controller) : controller.error(new Error('The answer failed before it started'))));
      },
      cancel() {
        answer.cancel();
      },
    },
    // Nothing is read ahead: pull() runs only when a reader asks, and so decides who starts the answer.
    { highWaterMark: 0 },
  );
  unstarted.set(stream, answer);
  return stream;
}

/**
 * A streaming `Response` whose answer a runtime entry may take and write itself (`takeStreamedAnswer`).
 * @example
 * return answerResponse(createUIMessageAnswer(options), { headers: UI_MESSAGE_STREAM_HEADERS });
 */
export function answerResponse(answer: StreamedAnswer, init: ResponseInit): Response {
  const body = answerStream(answer);
  const response = new Response(body, init);
  byResponse.set(response, body);
  return response;
}

/**
 * The body of each response built by `answerResponse`, by the response itself: reading `response.body` of
 * `@hono/node-server`'s lightweight `Response` builds a full web `Response` behind it (with its `Headers`), only
 * to hand the stream back. The entry looks the response up here first; a response that a middleware rebuilt
 * around the same body is still found through its body.
 */
const byResponse = new WeakMap<Response, ReadableStream<Uint8Array>>();

/**
 * The answer behind a response built by `answerResponse`, when nobody has started reading it; from then on
 * the caller owns it (its status and headers are the response's, as the middleware left them).
 * `undefined` for any other response.
 */
export function takeStreamedAnswer(response: Response): StreamedAnswer | undefined {
  const body = byResponse.get(response) ?? response.body;
  byResponse.delete(response);
  if (body === null) return undefined;
  const answer = unstarted.get(body);
  if (answer !== undefined) unstarted.delete(body);
  return answer;
}

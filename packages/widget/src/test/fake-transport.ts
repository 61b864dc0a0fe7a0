import type { UIMessageChunk } from '@sitechat/protocol';
import type { ChatTransport, SendMessagesOptions } from '../core/chat-transport.js';

/**
 * A `ChatTransport` the test drives by hand. Every request becomes a `FakeCall`; the test decides when the
 * response starts (`accept`), which chunks arrive and when (`push`), and how it ends (`end`, `fail`), or
 * refuses it outright (`refuse`). The stream honours the abort signal like `fetch` does.
 *
 * @example
 * const transport = new FakeTransport();
 * el.transport = transport;
 * el.send('Hi');
 * const call = await transport.nextCall();
 * call.push(...answer('Hello!'));
 */
export class FakeTransport implements ChatTransport {
  /** Every call so far, oldest first. */
  readonly calls: FakeCall[] = [];
  private readonly unclaimed: FakeCall[] = [];
  private readonly waiters: ((call: FakeCall) => void)[] = [];
  private readonly scripts: ((call: FakeCall) => void)[] = [];

  sendMessages(request: SendMessagesOptions): Promise<AsyncIterable<UIMessageChunk>> {
    const call = new FakeCall(request);
    this.calls.push(call);
    const script = this.scripts.shift();
    if (script) script(call);
    else {
      const waiter = this.waiters.shift();
      if (waiter) waiter(call);
      else this.unclaimed.push(call);
    }
    return call.response;
  }

  /** The next request (already made, or the next one to come). */
  nextCall(): Promise<FakeCall> {
    const call = this.unclaimed.shift();
    if (call) return Promise.resolve(call);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Answer the next request at once with `chunks`, then end the stream. */
  replyNext(chunks: UIMessageChunk[]): this {
    this.scripts.push((call) => {
      call.push(...chunks);
      call.end();
    });
    return this;
  }

  /** Refuse the next request with `error` (as `HttpChatTransport` does for a JSON error body). */
  refuseNext(error: unknown): this {
    this.scripts.push((call) => call.refuse(error));
    return this;
  }
}

type Settle = { resolve: (value: IteratorResult<UIMessageChunk>) => void; reject: (error: unknown) => void };

export class FakeCall {
  readonly request: SendMessagesOptions;
  readonly response: Promise<AsyncIterable<UIMessageChunk>>;
  /** Whether the session stopped reading early (Stop, or an `error` chunk), as `readChunks` would cancel the body. */
  cancelled = false;

  private readonly queue: UIMessageChunk[] = [];
  private ended = false;
  private failure: { error: unknown } | undefined;
  private pending: Settle | undefined;
  private resolveResponse!: (stream: AsyncIterable<UIMessageChunk>) => void;
  private rejectResponse!: (error: unknown) => void;

  constructor(request: SendMessagesOptions) {
    this.request = request;
    this.response = new Promise((resolve, reject) => {
      this.resolveResponse = resolve;
      this.rejectResponse = reject;
    });
    // Like fetch: aborting rejects a response not yet received and errors the read in progress.
    request.signal.addEventListener(
      'abort',
      () => {
        const error = new DOMException('The operation was aborted.', 'AbortError');
        this.rejectResponse(error);
        this.fail(error);
      },
      { once: true },
    );
  }

  get signal(): AbortSignal {
    return this.request.signal;
  }

  /** The response headers arrived: `sendMessages` resolves with the stream. */
  accept(): this {
    this.resolveResponse(this.stream());
    return this;
  }

  /** The request was refused: `sendMessages` rejects with `error`. */
  refuse(error: unknown): this {
    this.rejectResponse(error);
    return this;
  }

  /** Chunks arrive (accepting the response first if need be). */
  push(...chunks: UIMessageChunk[]): this {
    this.accept();
    this.queue.push(...chunks);
    this.flush();
    return this;
  }

  /** The stream ends (after whatever is queued). */
  end(): this {
    this.accept();
    this.ended = true;
    this.flush();
    return this;
  }

  /** The connection breaks: the next read rejects with `error`. */
  fail(error: unknown): this {
    this.failure ??= { error };
    this.flush();
    return this;
  }

  private flush(): void {
    const pending = this.pending;
    if (!pending) return;
    if (this.failure) {
      this.pending = undefined;
      pending.reject(this.failure.error);
    } else if (this.queue.length > 0) {
      this.pending = undefined;
      pending.resolve({ value: this.queue.shift()!, done: false });
    } else if (this.ended) {
      this.pending = undefined;
      pending.resolve({ value: undefined, done: true });
    }
  }

  private stream(): AsyncIterable<UIMessageChunk> {
    const iterator: AsyncIterator<UIMessageChunk> = {
      next: () =>
        new Promise<IteratorResult<UIMessageChunk>>((resolve, reject) => {
          this.pending = { resolve, reject };
          this.flush();
        }),
      return: () => {
        this.cancelled = true;
        return Promise.resolve({ value: undefined, done: true });
      },
    };
    return { [Symbol.asyncIterator]: () => iterator };
  }
}

/** The chunks of a complete answer whose text arrives in `pieces`. */
export function answer(...pieces: string[]): UIMessageChunk[] {
  return [...answerStart(), ...pieces.map((delta) => textDelta(delta)), ...answerEnd()];
}

export function answerStart(messageId = 'answer-1'): UIMessageChunk[] {
  return [{ type: 'start', messageId }, { type: 'start-step' }, { type: 'text-start', id: 'text-1' }];
}

export function textDelta(delta: string): UIMessageChunk {
  return { type: 'text-delta', id: 'text-1', delta };
}

export function answerEnd(): UIMessageChunk[] {
  return [{ type: 'text-end', id: 'text-1' }, { type: 'finish-step' }, { type: 'finish', finishReason: 'stop' }];
}

/** How Sitechat's server reports a failure in the middle of a stream. */
export function streamError(code: string, errorText: string, retryable = true): UIMessageChunk[] {
  return [
    { type: 'data-error', data: { code, retryable }, transient: true },
    { type: 'error', errorText },
  ];
}

/**
 * Let queued chunks and promise callbacks run (a macrotask), then wait for the element's render. Streamed
 * text renders once per animation frame, so with an element this waits for a frame too.
 */
export async function settle(element?: { updateComplete: Promise<unknown> }): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  if (!element) return;
  await new Promise((resolve) => requestAnimationFrame(resolve));
  await element.updateComplete;
}

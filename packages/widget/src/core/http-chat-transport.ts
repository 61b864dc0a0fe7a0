import { isErrorBody, parseChunk, SSEDecoder, type SSEEvent, type UIMessageChunk } from '@sitechat/protocol';
import { ChatError, ClientErrorCode, isAbortError, toChatError } from './chat-error.js';
import type { ChatTransport, SendMessagesOptions } from './chat-transport.js';

export interface HttpChatTransportOptions {
  /** The chat endpoint. Default `/api/chat`, on the page's own origin. */
  api?: string;
  /** Extra request headers, or a function that returns them for each request (a fresh visitor token, say). */
  headers?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
  /** Whether cookies travel with the request. Default `same-origin`. */
  credentials?: RequestCredentials;
  /** A `fetch` to use instead of the global one (tests, instrumentation). */
  fetch?: typeof globalThis.fetch;
}

/**
 * Posts the conversation as the AI SDK `DefaultChatTransport` does (`{ id, messages, trigger }`) and reads
 * the answer as a UI message stream. A refused request (a JSON `{ error }` body, or any other non-2xx answer)
 * rejects with a `ChatError` carrying the server's message; a failed connection rejects with a friendly one.
 *
 * @example
 * const session = new ChatSession({ transport: new HttpChatTransport({ api: 'https://example.com/api/chat' }) });
 */
export class HttpChatTransport implements ChatTransport {
  readonly api: string;
  private readonly options: HttpChatTransportOptions;

  constructor(options: HttpChatTransportOptions = {}) {
    this.options = options;
    this.api = options.api ?? '/api/chat';
  }

  async sendMessages({ chatId, messages, trigger, messageId, context, signal }: SendMessagesOptions): Promise<AsyncIterable<UIMessageChunk>> {
    const headers = typeof this.options.headers === 'function' ? await this.options.headers() : this.options.headers;
    // Read the global at call time: a page may wrap `fetch` after the widget loaded, and calling it through a
    // local keeps `this` from being our options object (which browsers reject with "Illegal invocation").
    const fetchFunction = this.options.fetch ?? globalThis.fetch;
    let response: Response;
    try {
      response = await fetchFunction(this.api, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
        body: JSON.stringify({ id: chatId, messages, trigger, messageId, context }),
        credentials: this.options.credentials ?? 'same-origin',
        signal,
      });
    } catch (error) {
      if (signal.aborted || isAbortError(error)) throw error;
      throw toChatError(error);
    }
    if (!response.ok) throw await errorFromResponse(response);
    const contentType = response.headers.get('content-type') ?? '';
    if (response.body === null || (contentType !== '' && !contentType.includes('text/event-stream'))) {
      // Typically a static host answering the chat route with its HTML page: the endpoint is wrong.
      await response.body?.cancel().catch(() => {});
      throw new ChatError(ClientErrorCode.InvalidResponse, `The chat server at ${this.api} did not answer with a chat stream.`, {
        status: response.status,
        retryable: false,
      });
    }
    return readChunkStream(response.body);
  }
}

/**
 * The body as chunks, like the protocol's `readChunks`, but as a plain iterator over each network read's
 * events rather than a generator: a long answer is tens of thousands of one-token chunks, and a generator's
 * suspension per chunk is measurable there. Stops at `[DONE]`; `return()` cancels the body.
 */
function readChunkStream(body: ReadableStream<Uint8Array>): AsyncIterable<UIMessageChunk> {
  const decoder = new SSEDecoder();
  const reader = body.getReader();
  let events: SSEEvent[] = [];
  let index = 0;
  let ended = false;
  const finish = (): IteratorResult<UIMessageChunk> => {
    if (!ended) {
      ended = true;
      void reader.cancel().catch(() => {});
    }
    return { value: undefined, done: true };
  };
  const iterator: AsyncIterator<UIMessageChunk> = {
    async next() {
      while (index === events.length) {
        if (ended) return { value: undefined, done: true };
        const { value, done } = await reader.read();
        events = done ? decoder.end() : decoder.push(value);
        index = 0;
        if (done) ended = true;
      }
      const event = events[index++]!;
      if (event.data === '[DONE]') return finish();
      try {
        return { value: parseChunk(event.data), done: false };
      } catch (error) {
        finish();
        throw error;
      }
    },
    async return() {
      return finish();
    },
  };
  return { [Symbol.asyncIterator]: () => iterator };
}

export async function errorFromResponse(response: Response): Promise<ChatError> {
  const options = { status: response.status, retryAfter: parseRetryAfter(response.headers.get('retry-after')) };
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (isErrorBody(body)) {
    const { code, message, retryable } = body.error;
    return new ChatError(code, message, retryable === undefined ? options : { ...options, retryable });
  }
  return new ChatError(ClientErrorCode.HttpError, `The chat server could not answer (HTTP ${response.status}). Please try again later.`, options);
}

/** `Retry-After` as seconds from now: either delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { fetchTransport, type ModelAnswerBody, type ModelHttpResponse, type ModelTransport } from './model-transport.js';

export interface ChatCompletionsRequestOptions {
  /** The server's base URL, as the `openai` client takes it (`https://api.openai.com/v1`). */
  baseURL: string;
  apiKey: string;
  /** Limit for the response headers to arrive; what follows is the caller's to watch. */
  timeoutMs: number;
  /** How the request travels. Default: the global fetch (`fetchTransport`); on Node, `nodeModelTransport`. */
  transport?: ModelTransport;
}

/** Sends a streamed chat completion; resolves with the answer's body once 2xx headers arrive. */
export type SendChatCompletion = (body: ChatCompletionCreateParamsStreaming, signal: AbortSignal) => Promise<ModelAnswerBody>;

/** `baseURL` + `/chat/completions`, joined as the `openai` client joins them. */
function completionsURL(baseURL: string): string {
  return `${baseURL.endsWith('/') ? baseURL.slice(0, -1) : baseURL}/chat/completions`;
}

function parseErrorBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The request the `openai` client sends for `chat.completions.create(body).asResponse()` with no retries, as one
 * POST through a `ModelTransport` (`fetch`, or `node:http` on Node): the client's per-request work (its request
 * options, header merging, logging helpers, request controller and promise wrappers) cost about 0.2 ms of CPU
 * per answer, more than parsing all of a 200-chunk answer's JSON (bench/sdk-cost.ts;
 * docs/decisions/0008-upstream-stream-parsing.md). Its failures are the client's own error classes,
 * made as it makes them, so that `toProviderError` (errors.ts) maps both alike: an error status is the
 * `APIError` subclass for it (with the body's `error` object and the headers), the header timeout
 * `APIConnectionTimeoutError`, the caller's abort `APIUserAbortError`, anything else on the way
 * `APIConnectionError`. Azure keeps the client (its deployment URL and `api-key`).
 * @example
 * const send = chatCompletionsRequest({ baseURL: 'http://127.0.0.1:11434/v1', apiKey: 'none', timeoutMs: 60_000 });
 * const response = await send({ model: 'llama3.2', messages, stream: true }, signal);
 */
export function chatCompletionsRequest(options: ChatCompletionsRequestOptions): SendChatCompletion {
  const url = completionsURL(options.baseURL);
  const headers = { accept: 'application/json', 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}` };
  const transport = options.transport ?? fetchTransport();
  return async (body, signal) => {
    // Aborted by the caller (also while the body is read, later) or by the header timeout.
    const request = new AbortController();
    const abort = () => request.abort();
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      request.abort();
    }, options.timeoutMs);
    let response: ModelHttpResponse;
    try {
      response = await transport({ url, headers, body: JSON.stringify(body), signal: request.signal });
    } catch (error) {
      signal.removeEventListener('abort', abort);
      if (signal.aborted) throw new APIUserAbortError();
      if (timedOut) throw new APIConnectionTimeoutError();
      throw new APIConnectionError({ cause: error instanceof Error ? error : new Error(String(error)) });
    } finally {
      clearTimeout(timer);
    }
    if (response.status >= 200 && response.status < 300) return response.body;
    signal.removeEventListener('abort', abort);
    const text = await response.text().catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
    const errorBody = parseErrorBody(text);
    throw APIError.generate(response.status, errorBody as object | undefined, errorBody === undefined ? text : undefined, response.headers());
  };
}

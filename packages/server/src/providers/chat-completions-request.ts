import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';

export interface ChatCompletionsRequestOptions {
  /** The server's base URL, as the `openai` client takes it (`https://api.openai.com/v1`). */
  baseURL: string;
  apiKey: string;
  /** Limit for the response headers to arrive; what follows is the caller's to watch. */
  timeoutMs: number;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
}

/** Sends a streamed chat completion; resolves with the response once its headers arrive. */
export type SendChatCompletion = (body: ChatCompletionCreateParamsStreaming, signal: AbortSignal) => Promise<Response>;

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
 * `fetch`: the client's per-request work (its request options, header merging, logging helpers, request
 * controller and promise wrappers) cost about 0.2 ms of CPU per answer, more than parsing all of a 200-chunk
 * answer's JSON (bench/sdk-cost.ts; docs/decisions/0008-upstream-stream-parsing.md). Its failures are the client's own error classes,
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
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(url, { method: 'POST', headers, body: JSON.stringify(body), signal: request.signal });
    } catch (error) {
      signal.removeEventListener('abort', abort);
      if (signal.aborted) throw new APIUserAbortError();
      if (timedOut) throw new APIConnectionTimeoutError();
      throw new APIConnectionError({ cause: error instanceof Error ? error : new Error(String(error)) });
    } finally {
      clearTimeout(timer);
    }
    if (response.ok) return response;
    signal.removeEventListener('abort', abort);
    const text = await response.text().catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
    const errorBody = parseErrorBody(text);
    throw APIError.generate(response.status, errorBody as object | undefined, errorBody === undefined ? text : undefined, response.headers);
  };
}

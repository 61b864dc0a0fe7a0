import { type ErrorCode, StreamParseError } from '@sitechat/protocol';

/**
 * Codes the widget itself produces, next to the server's `ErrorCode`s. Like those, they never change meaning.
 */
export const ClientErrorCode = {
  /** The request never got an answer: offline, DNS, CORS, the server is down. */
  NetworkError: 'network_error',
  /** The server answered with something that is neither a chat stream nor a JSON error body. */
  InvalidResponse: 'invalid_response',
  /** The stream carried an `error` chunk without a preceding `data-error` (an AI SDK backend does this). */
  StreamError: 'stream_error',
  /** The server refused the request without a JSON error body (a proxy's error page, a missing route). */
  HttpError: 'http_error',
} as const;

export type ClientErrorCode = (typeof ClientErrorCode)[keyof typeof ClientErrorCode];

export interface ChatErrorOptions {
  /** Whether asking again may succeed. Defaults from the HTTP status where there is one. */
  retryable?: boolean;
  /** The HTTP status of a refused request. */
  status?: number;
  /** Seconds to wait before retrying, from a `Retry-After` header. */
  retryAfter?: number;
  cause?: unknown;
}

/**
 * A failure the visitor may see. `message` is always safe and meant to be shown: it is either the server's
 * plain-language text (which never carries upstream details) or one of the widget's own messages.
 */
export class ChatError extends Error {
  override readonly name = 'ChatError';
  readonly code: ErrorCode | ClientErrorCode | (string & {});
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly retryAfter: number | undefined;

  constructor(code: ChatError['code'], message: string, options: ChatErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.retryAfter = options.retryAfter;
    this.retryable = options.retryable ?? (options.status === undefined ? true : isRetryableStatus(options.status));
  }
}

/** Too many requests, and server-side failures, may pass; a malformed or forbidden request will not. */
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * An answer that broke off. (The code is written out rather than read from the protocol's `ErrorCode`
 * object, which would bring every code into the one-file build.)
 */
export function interruptedError(cause?: unknown): ChatError {
  return new ChatError('stream_interrupted' satisfies ErrorCode, 'The answer was interrupted. Please try again.', { retryable: true, cause });
}

/**
 * Anything thrown while talking to the server, as a `ChatError` (kept as is when it already is one).
 * `streaming` tells a connection lost before the answer began from one lost in the middle of it.
 */
export function toChatError(error: unknown, streaming = false): ChatError {
  if (error instanceof ChatError) return error;
  if (error instanceof StreamParseError) {
    return new ChatError(ClientErrorCode.InvalidResponse, 'The chat server sent an answer the chat could not read.', {
      retryable: true,
      cause: error,
    });
  }
  if (streaming) {
    return interruptedError(error);
  }
  return new ChatError(ClientErrorCode.NetworkError, 'The chat could not reach the server. Check your connection and try again.', {
    retryable: true,
    cause: error,
  });
}

/** Whether `error` is the rejection of an aborted fetch or stream read. */
export function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError'
  );
}

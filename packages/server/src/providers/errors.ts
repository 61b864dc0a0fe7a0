import { ErrorCode } from '@sitechat/protocol';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from 'openai';

/** Our codes for a provider failure, plus `abort` for a request the visitor cancelled. */
export type ProviderErrorCode =
  | typeof ErrorCode.UpstreamRateLimited
  | typeof ErrorCode.UpstreamAuth
  | typeof ErrorCode.UpstreamError
  | typeof ErrorCode.UpstreamTimeout
  | typeof ErrorCode.StreamInterrupted
  | 'abort';

export interface ProviderErrorOptions {
  retryable: boolean;
  /** The upstream HTTP status, for the owner's logs. */
  upstreamStatus?: number;
  /** Seconds (or an HTTP date) from the upstream `Retry-After`, already checked to be well-formed. */
  retryAfter?: string;
}

/**
 * A model failure in our terms. It deliberately keeps no `cause` and no upstream text or headers: its
 * message is built from our code and the status only, so logging it can never leak what the upstream said.
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly code: ProviderErrorCode;
  readonly retryable: boolean;
  readonly upstreamStatus: number | undefined;
  readonly retryAfter: string | undefined;

  constructor(code: ProviderErrorCode, options: ProviderErrorOptions) {
    super(options.upstreamStatus === undefined ? code : `${code} (upstream status ${options.upstreamStatus})`);
    this.code = code;
    this.retryable = options.retryable;
    this.upstreamStatus = options.upstreamStatus;
    this.retryAfter = options.retryAfter;
  }
}

/** Accept delta-seconds or an HTTP date; anything else is dropped rather than passed on. */
function retryAfterFrom(headers: Headers | undefined): string | undefined {
  const value = headers?.get('retry-after')?.trim();
  if (value && /^\d{1,6}$/.test(value)) return value;
  if (value && /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(value)) return value;
  const milliseconds = headers?.get('retry-after-ms')?.trim();
  if (milliseconds && /^\d{1,9}(\.\d+)?$/.test(milliseconds)) return String(Math.ceil(Number(milliseconds) / 1000));
  return undefined;
}

export interface MapContext {
  /** The caller's signal: when it is aborted, any failure is just the abort. */
  signal?: AbortSignal;
  /** Whether the answer had started streaming: a broken connection then means an interrupted answer. */
  started: boolean;
}

/**
 * The one place where the OpenAI SDK's errors (and the network's) become our codes.
 * - 429 -> `upstream_rate_limited`, retryable, keeping a well-formed `Retry-After`
 * - 401, 403 -> `upstream_auth` (the owner's key or permissions), not retryable
 * - 408, connection timeout -> `upstream_timeout`, retryable
 * - other statuses -> `upstream_error`, retryable for 409 and 5xx
 * - connection failures -> `upstream_error` before the answer started, `stream_interrupted` after
 * - the caller's abort -> `abort`
 */
export function toProviderError(error: unknown, context: MapContext): ProviderError {
  if (error instanceof ProviderError) return error;
  if (context.signal?.aborted || error instanceof APIUserAbortError) return new ProviderError('abort', { retryable: false });
  if (error instanceof APIConnectionTimeoutError) return new ProviderError(ErrorCode.UpstreamTimeout, { retryable: true });
  if (error instanceof APIConnectionError) {
    return new ProviderError(context.started ? ErrorCode.StreamInterrupted : ErrorCode.UpstreamError, { retryable: true });
  }
  if (error instanceof APIError) {
    const status = error.status;
    if (status === 429) {
      const retryAfter = retryAfterFrom(error.headers);
      return new ProviderError(ErrorCode.UpstreamRateLimited, {
        retryable: true,
        upstreamStatus: status,
        ...(retryAfter === undefined ? {} : { retryAfter }),
      });
    }
    if (status === 401 || status === 403) {
      return new ProviderError(ErrorCode.UpstreamAuth, { retryable: false, upstreamStatus: status });
    }
    if (status === 408) return new ProviderError(ErrorCode.UpstreamTimeout, { retryable: true, upstreamStatus: status });
    // No status: an error event inside the stream.
    const retryable = status === undefined || status === 409 || status >= 500;
    return new ProviderError(ErrorCode.UpstreamError, { retryable, ...(status === undefined ? {} : { upstreamStatus: status }) });
  }
  // A malformed event is the upstream's fault; anything else here is the connection breaking (undici's
  // "terminated", ECONNRESET) or a runtime-specific network error.
  if (error instanceof SyntaxError) return new ProviderError(ErrorCode.UpstreamError, { retryable: true });
  return new ProviderError(context.started ? ErrorCode.StreamInterrupted : ErrorCode.UpstreamError, { retryable: true });
}

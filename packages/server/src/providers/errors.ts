import { ErrorCode } from '@sitechat/protocol';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from 'openai';
import type { LocalModelErrorCode } from '@sitechat/local-model';
import { LOCAL_MODEL_BUSY_RETRY_AFTER_SECONDS, LOCAL_MODEL_UNAVAILABLE_MESSAGE } from './local-messages.js';

/** Our codes for a provider failure, plus `abort` for a request the visitor cancelled. */
export type ProviderErrorCode =
  | typeof ErrorCode.UpstreamRateLimited
  | typeof ErrorCode.UpstreamAuth
  | typeof ErrorCode.UpstreamError
  | typeof ErrorCode.UpstreamTimeout
  | typeof ErrorCode.StreamInterrupted
  | typeof ErrorCode.ContentBlocked
  | typeof ErrorCode.ModerationUnavailable
  | typeof ErrorCode.ModelBusy
  | typeof ErrorCode.ModelNotConfigured
  | 'abort';

export interface ProviderErrorOptions {
  retryable: boolean;
  /** The upstream HTTP status, for the owner's logs. */
  upstreamStatus?: number;
  /** Seconds (or an HTTP date) from the upstream `Retry-After`, already checked to be well-formed. */
  retryAfter?: string;
  /** Our own words for the visitor in place of the code's usual message (a local model that cannot start). */
  publicMessage?: string;
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
  readonly publicMessage: string | undefined;

  constructor(code: ProviderErrorCode, options: ProviderErrorOptions) {
    super(options.upstreamStatus === undefined ? code : `${code} (upstream status ${options.upstreamStatus})`);
    this.code = code;
    this.retryable = options.retryable;
    this.upstreamStatus = options.upstreamStatus;
    this.retryAfter = options.retryAfter;
    this.publicMessage = options.publicMessage;
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
 * - 400 with code `content_filter` (Azure OpenAI's prompt filter) -> `content_blocked`, not retryable
 * - 408, connection timeout -> `upstream_timeout`, retryable
 * - other statuses -> `upstream_error`, retryable for 409 and 5xx
 * - connection failures -> `upstream_error` before the answer started, `stream_interrupted` after
 * - the caller's abort -> `abort`
 * - the local model's errors (`fromLocalModelError`)
 */
export function toProviderError(error: unknown, context: MapContext): ProviderError {
  if (error instanceof ProviderError) return error;
  if (context.signal?.aborted || error instanceof APIUserAbortError) return new ProviderError('abort', { retryable: false });
  const localCode = localModelErrorCode(error);
  if (localCode !== undefined) return fromLocalModelError(localCode, context);
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
    if (status === 400 && error.code === 'content_filter') {
      return new ProviderError(ErrorCode.ContentBlocked, { retryable: false, upstreamStatus: status });
    }
    // No status: an error event inside the stream.
    const retryable = status === undefined || status === 409 || status >= 500;
    return new ProviderError(ErrorCode.UpstreamError, { retryable, ...(status === undefined ? {} : { upstreamStatus: status }) });
  }
  // A malformed event is the upstream's fault; anything else here is the connection breaking (undici's
  // "terminated", ECONNRESET) or a runtime-specific network error.
  if (error instanceof SyntaxError) return new ProviderError(ErrorCode.UpstreamError, { retryable: true });
  return new ProviderError(context.started ? ErrorCode.StreamInterrupted : ErrorCode.UpstreamError, { retryable: true });
}

/** @sitechat/local-model's codes. Matched by shape: this web-standard module never loads that Node package. */
const LOCAL_MODEL_CODES: ReadonlySet<string> = new Set([
  'model_busy',
  'model_unavailable',
  'model_download_failed',
  'model_checksum_mismatch',
  'model_load_failed',
  'model_generation_failed',
  'model_closed',
] satisfies LocalModelErrorCode[]);

/** The code of a `LocalModelError` (or `LocalModelBusyError`), else `undefined`. */
export function localModelErrorCode(error: unknown): LocalModelErrorCode | undefined {
  if (!(error instanceof Error) || !error.name.startsWith('LocalModel')) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && LOCAL_MODEL_CODES.has(code) ? (code as LocalModelErrorCode) : undefined;
}

/**
 * The in-process local model's failures in our terms (the owner's detailed message is logged by the
 * provider, providers/local.ts; the visitor gets plain words):
 * - `model_busy` (every sequence generating, the queue full) -> `model_busy`, retryable, `Retry-After: 2`
 * - no model to be had (`model_unavailable`, `model_download_failed`, `model_checksum_mismatch`,
 *   `model_load_failed`) -> `model_not_configured`, with a message that lists the ways to configure one
 * - `model_generation_failed`, `model_closed` (the server is stopping) -> `stream_interrupted` once text
 *   had started, `upstream_error` before
 */
export function fromLocalModelError(code: LocalModelErrorCode, context: Pick<MapContext, 'started'>): ProviderError {
  switch (code) {
    case 'model_busy':
      return new ProviderError(ErrorCode.ModelBusy, { retryable: true, retryAfter: String(LOCAL_MODEL_BUSY_RETRY_AFTER_SECONDS) });
    case 'model_unavailable':
    case 'model_download_failed':
    case 'model_checksum_mismatch':
    case 'model_load_failed':
      return new ProviderError(ErrorCode.ModelNotConfigured, { retryable: false, publicMessage: LOCAL_MODEL_UNAVAILABLE_MESSAGE });
    case 'model_generation_failed':
    case 'model_closed':
      return new ProviderError(context.started ? ErrorCode.StreamInterrupted : ErrorCode.UpstreamError, { retryable: true });
  }
}

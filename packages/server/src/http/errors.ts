import { type ErrorBody, ErrorCode } from '@sitechat/protocol';
import { HTTPException } from 'hono/http-exception';
import { MODEL_NOT_CONFIGURED_MESSAGE } from '../config/model-help.js';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface SitechatErrorOptions {
  /** Whether the same request may succeed if tried again later. */
  retryable?: boolean;
  /** Extra response headers, e.g. `Retry-After`. */
  headers?: Record<string, string>;
}

/**
 * An expected failure: a stable `code` (protocol's `ErrorCode`) and a message that is safe to show a visitor.
 * Its response is the protocol's `ErrorBody`; the one `onError` boundary sends it.
 * @example
 * throw new SitechatError(400, ErrorCode.ForbiddenRole, 'The request may not contain system turns.');
 */
export class SitechatError extends HTTPException {
  override readonly name = 'SitechatError';
  readonly code: ErrorCode;
  readonly retryable: boolean | undefined;
  readonly headers: Record<string, string>;

  constructor(status: ContentfulStatusCode, code: ErrorCode, message: string, options: SitechatErrorOptions = {}) {
    super(status, { message });
    this.code = code;
    this.retryable = options.retryable;
    this.headers = options.headers ?? {};
  }

  override getResponse(): Response {
    return errorResponse(this.status, this.code, this.message, this);
  }
}

/** A JSON `ErrorBody` response. */
export function errorResponse(
  status: number,
  code: ErrorCode,
  message: string,
  options: SitechatErrorOptions = {},
): Response {
  const body: ErrorBody = { error: { code, message } };
  if (options.retryable !== undefined) body.error.retryable = options.retryable;
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...options.headers, 'content-type': 'application/json; charset=utf-8' },
  });
}

/**
 * Plain-language messages for failures whose details must stay on the server (upstream errors, internal
 * errors). Visitors see these; the upstream's own text never travels.
 */
export const PUBLIC_MESSAGES = {
  [ErrorCode.UpstreamRateLimited]: 'The assistant is busy right now. Please try again in a moment.',
  [ErrorCode.UpstreamError]: 'The assistant could not answer just now. Please try again.',
  [ErrorCode.UpstreamTimeout]: 'The assistant took too long to answer. Please try again.',
  [ErrorCode.UpstreamAuth]: 'The assistant is not available right now. Please try again later.',
  [ErrorCode.StreamInterrupted]: 'The answer was interrupted. Please try again.',
  [ErrorCode.Internal]: 'Something went wrong on the server. Please try again.',
  [ErrorCode.NotFound]: 'There is nothing at this address.',
  [ErrorCode.PayloadTooLarge]: 'The request is too large.',
  [ErrorCode.ContentBlocked]: "The assistant can't respond to that message. Please rephrase it.",
  [ErrorCode.ModerationUnavailable]: "The assistant can't check messages right now. Please try again in a moment.",
  [ErrorCode.ModelBusy]: 'The assistant is busy, please try again in a moment.',
  [ErrorCode.ModelNotConfigured]: MODEL_NOT_CONFIGURED_MESSAGE,
} as const satisfies Partial<Record<ErrorCode, string>>;

import { ErrorCode } from '@sitechat/protocol';
import { PUBLIC_MESSAGES, SitechatError } from '../http/errors.js';
import type { ProviderError } from '../providers/errors.js';

/**
 * The JSON answer for a model failure before the answer started. Status and code follow our mapping; the
 * message is ours; only `Retry-After` is taken from the upstream (already checked to be well-formed).
 */
export function upstreamHttpError(failure: ProviderError): SitechatError {
  const options = { retryable: failure.retryable };
  switch (failure.code) {
    case ErrorCode.UpstreamRateLimited:
      return new SitechatError(429, failure.code, PUBLIC_MESSAGES[failure.code], {
        ...options,
        ...(failure.retryAfter === undefined ? {} : { headers: { 'retry-after': failure.retryAfter } }),
      });
    case ErrorCode.UpstreamTimeout:
      return new SitechatError(504, failure.code, PUBLIC_MESSAGES[failure.code], options);
    // An auth failure is the owner's problem: the visitor gets a generic message, the owner a log line.
    case ErrorCode.UpstreamAuth:
    case ErrorCode.UpstreamError:
    case ErrorCode.StreamInterrupted:
      return new SitechatError(502, failure.code, PUBLIC_MESSAGES[failure.code], options);
    case 'abort':
      // Callers answer an abort themselves (nobody is listening); this keeps the switch total.
      return new SitechatError(502, ErrorCode.StreamInterrupted, PUBLIC_MESSAGES[ErrorCode.StreamInterrupted], options);
  }
}

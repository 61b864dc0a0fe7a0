import { ErrorCode } from '@sitechat/protocol';
import { MODEL_NOT_CONFIGURED_MESSAGE } from '../config/model-help.js';
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
    // Azure OpenAI's content filter refused the question; asking again will not help.
    case ErrorCode.ContentBlocked:
      return new SitechatError(400, failure.code, PUBLIC_MESSAGES[failure.code], options);
    case ErrorCode.ModerationUnavailable:
      return new SitechatError(503, failure.code, PUBLIC_MESSAGES[failure.code], options);
    // The server's own local model: every sequence is answering and its queue is full.
    case ErrorCode.ModelBusy:
      return new SitechatError(503, failure.code, PUBLIC_MESSAGES[failure.code], {
        ...options,
        ...(failure.retryAfter === undefined ? {} : { headers: { 'retry-after': failure.retryAfter } }),
      });
    // The local model cannot be had (no file, no network to download it): say so and how to configure one.
    case ErrorCode.ModelNotConfigured:
      return new SitechatError(503, failure.code, failure.publicMessage ?? MODEL_NOT_CONFIGURED_MESSAGE, options);
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

/**
 * Stable error codes. The server answers a refused request with JSON `{ error: { code, message } }` and a
 * failure during a stream with a `data-error` chunk (`{ code, retryable }`) followed by an `error` chunk
 * whose `errorText` is the same plain-language message. Codes never change meaning; messages may be reworded.
 */
export const ErrorCode = {
  /** The body is not valid JSON. */
  InvalidJson: 'invalid_json',
  /** The body is JSON but not a valid chat request (see the message for which field). */
  InvalidRequest: 'invalid_request',
  /** The request is not `application/json`. */
  UnsupportedMediaType: 'unsupported_media_type',
  /** The body is larger than the server accepts. */
  PayloadTooLarge: 'payload_too_large',
  /** More messages in one request than the server accepts. */
  TooManyMessages: 'too_many_messages',
  /** One message, or the conversation, has more characters than the server accepts. */
  MessageTooLong: 'message_too_long',
  /** The client sent a turn it may not send (a `system` or `developer` turn). */
  ForbiddenRole: 'forbidden_role',
  /** The route does not exist. */
  NotFound: 'not_found',
  /** No model is configured; the message says how to configure one. */
  ModelNotConfigured: 'model_not_configured',
  /** The server's own (local) model is answering as many visitors as it can; `Retry-After` says when to try again. */
  ModelBusy: 'model_busy',
  /** The model provider is rate limiting us; `Retry-After` says when to try again. */
  UpstreamRateLimited: 'upstream_rate_limited',
  /** The model provider failed or returned something unusable. */
  UpstreamError: 'upstream_error',
  /** The model provider did not answer in time. */
  UpstreamTimeout: 'upstream_timeout',
  /** The model provider refused our credentials (an owner's configuration problem). */
  UpstreamAuth: 'upstream_auth',
  /** The stream from the model provider broke off before the answer was complete. */
  StreamInterrupted: 'stream_interrupted',
  /** Anything else; details are in the server's logs, never in the response. */
  Internal: 'internal_error',
  /** The request asked for a model the owner has not allowed (`model.allowed`). */
  ModelNotAllowed: 'model_not_allowed',
  /** The page's origin is not in the owner's `allowedOrigins` (a browser hint, not authentication). */
  OriginNotAllowed: 'origin_not_allowed',
  /** A visitor token is required and was missing, expired, forged or of the wrong kind. */
  InvalidToken: 'invalid_token',
  /** Too many requests from this visitor or address; `Retry-After` says when to try again. */
  RateLimited: 'rate_limited',
  /** A token budget (conversation, visitor per day, site per day) is used up; `Retry-After` when it renews. */
  BudgetExceeded: 'budget_exceeded',
  /** This visitor already has as many answers streaming as the server allows. */
  TooManyStreams: 'too_many_streams',
  /** The content was refused by a content filter (the model provider's). */
  ContentBlocked: 'content_blocked',
  /** Moderation is on but the moderation service cannot be reached, so nothing is answered (fail closed). */
  ModerationUnavailable: 'moderation_unavailable',
  /** The shared store for rate limits and budgets (Redis) cannot be reached, so nothing is answered. */
  LimitsUnavailable: 'limits_unavailable',
  /** No such conversation for this visitor (it never existed, was deleted, expired, or is someone else's). */
  ConversationNotFound: 'conversation_not_found',
  /** No such message in this visitor's conversations. */
  MessageNotFound: 'message_not_found',
  /** A conversation with this id already exists. */
  ConversationExists: 'conversation_exists',
  /** A message with this id already exists. */
  MessageExists: 'message_exists',
  /** Feedback goes on an answer (not a question), with a rating of `up` or `down`. */
  InvalidFeedback: 'invalid_feedback',
  /** A comparison needs two different answers to the same question. */
  InvalidComparison: 'invalid_comparison',
  /** The answer is still being written (on another server instance) after waiting; try again shortly. */
  AnswerInProgress: 'answer_in_progress',
  /** The owner's admin page or API was asked for without a valid admin token. */
  Unauthorized: 'unauthorized',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The JSON body of every non-streaming error response. */
export interface ErrorBody {
  error: {
    code: ErrorCode | (string & {});
    message: string;
    retryable?: boolean;
  };
}

/** The payload of the `data-error` chunk sent just before an `error` chunk. */
export interface StreamErrorData {
  code: ErrorCode | (string & {});
  retryable: boolean;
}

export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const error = (value as { error?: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

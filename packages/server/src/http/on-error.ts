import { ErrorCode } from '@sitechat/protocol';
import type { ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { errorResponse, PUBLIC_MESSAGES, SitechatError } from './errors.js';
import type { Logger } from './logger.js';

/** Statuses that other Hono middleware may throw, mapped to our codes. */
const CODE_FOR_STATUS: Partial<Record<number, ErrorCode>> = {
  400: ErrorCode.InvalidRequest,
  404: ErrorCode.NotFound,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
};

/**
 * The one error boundary. `SitechatError`s answer with their code and message; any other `HTTPException`
 * with its status and a generic message; everything else with 500 `internal_error`, details in the log only.
 * @example
 * app.onError(createErrorHandler(logger));
 */
export function createErrorHandler(logger: Logger): ErrorHandler {
  return (error) => errorAnswer(error, logger);
}

/**
 * What the error boundary answers for `error`, logging what the owner needs. Also used where an error is
 * answered after the middleware has run (a stream's failure before its first byte, on Node: chat-route.ts).
 */
export function errorAnswer(error: unknown, logger: Logger): Response {
  if (error instanceof SitechatError) {
    // No model configured is announced once at start, not on every request.
    if (error.status >= 500 && error.code !== ErrorCode.ModelNotConfigured) {
      logger.warn('request failed', { code: error.code, status: error.status });
    }
    return error.getResponse();
  }
  if (error instanceof HTTPException && error.status < 500) {
    const code = CODE_FOR_STATUS[error.status] ?? ErrorCode.InvalidRequest;
    const message = code in PUBLIC_MESSAGES ? PUBLIC_MESSAGES[code as keyof typeof PUBLIC_MESSAGES] : 'The request is not valid.';
    return errorResponse(error.status, code, message);
  }
  // An unexpected failure is a bug in our code; the stack helps the owner report it.
  logger.error('unexpected error', { name: (error as Error)?.name, stack: (error as Error)?.stack });
  return errorResponse(500, ErrorCode.Internal, PUBLIC_MESSAGES[ErrorCode.Internal]);
}

/** JSON 404 for unknown API routes. */
export const notFoundHandler: NotFoundHandler = () =>
  errorResponse(404, ErrorCode.NotFound, PUBLIC_MESSAGES[ErrorCode.NotFound]);

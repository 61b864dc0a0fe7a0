import { ErrorCode } from '@sitechat/protocol';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { SitechatError } from '../http/errors.js';

/**
 * `@sitechat/store`'s expected failures as HTTP answers. Recognised by name and code rather than by class, so
 * that this web-standard code imports nothing from the store (whose SQLite engine needs `node:sqlite`).
 */
const ANSWERS: Record<string, { status: ContentfulStatusCode; code: ErrorCode; message: string }> = {
  conversation_not_found: { status: 404, code: ErrorCode.ConversationNotFound, message: 'There is no such conversation.' },
  message_not_found: { status: 404, code: ErrorCode.MessageNotFound, message: 'There is no such message in your conversations.' },
  conversation_exists: { status: 409, code: ErrorCode.ConversationExists, message: 'A conversation with this id already exists.' },
  message_exists: { status: 409, code: ErrorCode.MessageExists, message: 'A message with this id already exists.' },
  invalid_feedback: { status: 400, code: ErrorCode.InvalidFeedback, message: 'Feedback goes on a finished answer.' },
  invalid_comparison: {
    status: 400,
    code: ErrorCode.InvalidComparison,
    message: 'A comparison needs two different finished answers to the same question.',
  },
  invalid_parent: { status: 400, code: ErrorCode.InvalidRequest, message: 'Invalid request: the question is not part of this conversation.' },
  invalid_input: { status: 400, code: ErrorCode.InvalidRequest, message: 'Invalid request.' },
};

export interface StoreErrorLike {
  name: 'StoreError';
  code: string;
  message: string;
}

export function isStoreErrorLike(error: unknown, code?: string): error is StoreErrorLike {
  return (
    error instanceof Error &&
    error.name === 'StoreError' &&
    typeof (error as { code?: unknown }).code === 'string' &&
    (code === undefined || (error as unknown as { code: string }).code === code)
  );
}

/**
 * The HTTP answer for a store failure: `*_not_found` -> 404, `invalid_*` -> 400, conflicts -> 409. Anything
 * else (a broken database connection, a bug) is returned as it is, for the `onError` boundary to mask as 500.
 * The store's own messages are not passed on: they may name ids or tables.
 */
export function toHttpError(error: unknown): unknown {
  if (!isStoreErrorLike(error)) return error;
  const answer = ANSWERS[error.code];
  return answer === undefined ? error : new SitechatError(answer.status, answer.code, answer.message, { retryable: false });
}

/** Runs a store call, turning its expected failures into HTTP errors. */
export async function storeCall<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw toHttpError(error);
  }
}

/**
 * Stable error codes for expected failures. The server maps them to HTTP answers (`*_not_found` -> 404,
 * `invalid_*` -> 400, `conversation_exists` and `message_not_streaming` -> 409); codes never change meaning,
 * messages may be reworded.
 */
export const StoreErrorCode = {
  /** No such conversation, or it belongs to another visitor. */
  ConversationNotFound: 'conversation_not_found',
  /** A conversation with this id already exists. */
  ConversationExists: 'conversation_exists',
  /** No such message, or it belongs to another visitor's conversation. */
  MessageNotFound: 'message_not_found',
  /** A message with this id already exists. */
  MessageExists: 'message_exists',
  /** The answer was already finished; an answer is finalized exactly once. */
  MessageNotStreaming: 'message_not_streaming',
  /** An answer's parent must be a user message of the same conversation. */
  InvalidParent: 'invalid_parent',
  /** Feedback goes on assistant messages, with an integer rating from -5 to 5. */
  InvalidFeedback: 'invalid_feedback',
  /** A comparison needs two distinct answers to the same user message. */
  InvalidComparison: 'invalid_comparison',
  /** An argument is malformed (see the message for which). */
  InvalidInput: 'invalid_input',
  /** The database was migrated by a newer Sitechat than this one. */
  SchemaTooNew: 'schema_too_new',
  /** The connection string names an engine Sitechat does not support. */
  UnsupportedDatabase: 'unsupported_database',
  /** The store was used after `close()`. */
  StoreClosed: 'store_closed',
} as const;

export type StoreErrorCode = (typeof StoreErrorCode)[keyof typeof StoreErrorCode];

export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  return error instanceof StoreError && (code === undefined || error.code === code);
}

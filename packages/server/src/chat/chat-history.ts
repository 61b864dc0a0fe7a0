import type { Context } from 'hono';
import type { LimitsConfig } from '../config/schema.js';
import { type ChatTurn, parseChatRequest, type ValidChatRequest } from './request-schema.js';
import type { AnswerEnd } from './ui-stream.js';

/** One answer about to be generated: what the model sees, and where the result goes. */
export interface OpenedAnswer {
  /** The conversation the model sees after the owner's instructions, oldest first, ending with the question. */
  turns: ChatTurn[];
  /** The assistant message id, sent in the `start` chunk. */
  messageId: string;
  /** Sent in the `start` chunk (the AI SDK merges it into the message's `metadata`). */
  messageMetadata?: Record<string, unknown>;
  /**
   * Work started beside the model request (opening the stored answer) that must have succeeded before the
   * stream is committed; the handler awaits it once the model has answered.
   */
  ready?: Promise<void>;
  /** Records how the answer ended, also when it failed or was stopped before the stream began. Never rejects. */
  end?(end: AnswerEnd): Promise<void>;
}

/**
 * Where the conversation the model sees comes from. Without a store the browser sends it (validated); with a
 * store the server keeps it and takes only the new question from the browser (conversations/).
 */
export interface ChatHistory<Request extends ValidChatRequest = ValidChatRequest> {
  /** Validates a chat request body; writes nothing. Throws `SitechatError` (400). */
  parse(body: unknown): Request;
  /** Establishes the conversation the model sees for this request (`request` is what `parse` returned) and opens the answer. */
  open(c: Context, request: Request): Promise<OpenedAnswer>;
}

/**
 * The history the browser sent, as it sent it (after validation and the owner's limits): the behaviour
 * without a store.
 */
export function clientHistory(limits: LimitsConfig, generateId: () => string): ChatHistory {
  return {
    parse: (body) => parseChatRequest(body, limits),
    open: async (_c, request) => ({ turns: request.turns, messageId: generateId() }),
  };
}

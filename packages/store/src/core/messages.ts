/**
 * Writing messages. A question is one write; an answer is two: `start` when generation begins (status
 * `streaming`) and `finish` once at the end, so a crash mid-stream leaves a visible trace and the hot path
 * does not write once per token.
 */
import { StoreError, StoreErrorCode } from '../errors.ts';
import type { Message } from '../records.ts';
import type { FinishedAnswer, NewAssistantMessage, NewUserMessage } from '../types.ts';
import type { StoreContext } from './context.ts';
import type { SqlExecutor, SqlValue } from './driver.ts';
import { fromJson, messageFromRow } from './rows.ts';
import { optionalCount, optionalString, requireId, requireText } from './validate.ts';

const finalStatuses = new Set(['complete', 'stopped', 'error']);

/**
 * Claims the next position in the conversation and marks it active. The row update doubles as the
 * ownership check and, on PostgreSQL, as a row lock that orders concurrent appends to one conversation.
 */
async function claimSeq(tx: SqlExecutor, visitorId: string, conversationId: string, now: Date): Promise<number> {
  const row = await tx.get(
    `UPDATE conversations SET message_count = message_count + 1, last_activity_at = ?
     WHERE id = ? AND visitor_id = ? RETURNING message_count`,
    [now, conversationId, visitorId],
  );
  if (row === undefined) {
    throw new StoreError(StoreErrorCode.ConversationNotFound, `Conversation ${conversationId} was not found.`);
  }
  return Number(row.message_count);
}

function exists(id: string): StoreError {
  return new StoreError(StoreErrorCode.MessageExists, `A message with id ${id} already exists.`);
}

function invalidParent(id: string): StoreError {
  return new StoreError(StoreErrorCode.InvalidParent, `Message ${id} is not a user message of this conversation.`);
}

/**
 * The question a new one follows, as an expression the INSERT evaluates, so that recording it costs no
 * extra round trip to PostgreSQL on the hot path. Absent: the most recent
 * question, read after `claimSeq`, whose row lock (PostgreSQL) or write lock (SQLite) orders it after every
 * earlier append. A named question: itself if it is one of this conversation's, else `NULL`, which the
 * caller turns into `invalid_parent`.
 */
function questionParent(conversationId: string, parentId: string | null | undefined): { sql: string; params: SqlValue[] } {
  if (parentId === null) return { sql: 'NULL', params: [] };
  if (parentId === undefined) {
    return {
      sql: "(SELECT id FROM messages WHERE conversation_id = ? AND role = 'user' ORDER BY seq DESC LIMIT 1)",
      params: [conversationId],
    };
  }
  return { sql: "(SELECT id FROM messages WHERE id = ? AND conversation_id = ? AND role = 'user')", params: [parentId, conversationId] };
}

export async function appendUserMessage(context: StoreContext, visitorId: string, input: NewUserMessage): Promise<Message> {
  const conversationId = requireId(input.conversationId, 'conversationId');
  const id = input.id === undefined ? context.newId() : requireId(input.id, 'id');
  const text = requireText(input.text, 'text', { allowEmpty: false });
  const requestedParent = input.parentId === undefined || input.parentId === null ? input.parentId : requireId(input.parentId, 'parentId');
  return context.driver.transaction(async (tx) => {
    const now = context.now();
    const seq = await claimSeq(tx, visitorId, conversationId, now);
    const parent = questionParent(conversationId, requestedParent);
    const row = await tx.get(
      `INSERT INTO messages (id, conversation_id, seq, parent_id, role, text, status, created_at, finished_at)
       VALUES (?, ?, ?, ${parent.sql}, 'user', ?, 'complete', ?, ?)
       ON CONFLICT (id) DO NOTHING RETURNING *`,
      [id, conversationId, seq, ...parent.params, text, now, now],
    );
    if (row === undefined) throw exists(id);
    // Throwing rolls the insert back.
    if (typeof requestedParent === 'string' && row.parent_id !== requestedParent) throw invalidParent(requestedParent);
    return messageFromRow(row);
  });
}

export async function startAssistantMessage(
  context: StoreContext,
  visitorId: string,
  input: NewAssistantMessage,
): Promise<Message> {
  const conversationId = requireId(input.conversationId, 'conversationId');
  const parentId = requireId(input.parentId, 'parentId');
  const id = input.id === undefined ? context.newId() : requireId(input.id, 'id');
  const model = optionalString(input.model, 'model');
  return context.driver.transaction(async (tx) => {
    const now = context.now();
    const seq = await claimSeq(tx, visitorId, conversationId, now);
    const parent = await tx.get('SELECT role FROM messages WHERE id = ? AND conversation_id = ?', [
      parentId,
      conversationId,
    ]);
    if (parent?.role !== 'user') throw invalidParent(parentId);
    const row = await tx.get(
      `INSERT INTO messages (id, conversation_id, seq, parent_id, role, text, status, model, created_at)
       VALUES (?, ?, ?, ?, 'assistant', '', 'streaming', ?, ?)
       ON CONFLICT (id) DO NOTHING RETURNING *`,
      [id, conversationId, seq, parentId, model, now],
    );
    if (row === undefined) throw exists(id);
    return messageFromRow(row);
  });
}

export async function finishAssistantMessage(
  context: StoreContext,
  messageId: string,
  answer: FinishedAnswer,
): Promise<Message> {
  const text = requireText(answer.text, 'text', { allowEmpty: true });
  if (!finalStatuses.has(answer.status)) {
    throw new StoreError(StoreErrorCode.InvalidInput, 'status must be complete, stopped or error.');
  }
  const values = [
    text,
    answer.status,
    optionalString(answer.model, 'model'),
    optionalString(answer.finishReason, 'finishReason'),
    optionalString(answer.errorCode, 'errorCode'),
    optionalCount(answer.tokensIn, 'tokensIn'),
    optionalCount(answer.tokensOut, 'tokensOut'),
    optionalCount(answer.timeToFirstTokenMs, 'timeToFirstTokenMs'),
    fromJson(answer.metadata ?? null),
  ];
  return context.driver.transaction(async (tx) => {
    const now = context.now();
    // `status = 'streaming'` in the WHERE makes finishing happen at most once, even across processes.
    const row = await tx.get(
      `UPDATE messages SET text = ?, status = ?, model = COALESCE(?, model), finish_reason = ?, error_code = ?,
         tokens_in = ?, tokens_out = ?, time_to_first_token_ms = ?, metadata = ?, finished_at = ?
       WHERE id = ? AND role = 'assistant' AND status = 'streaming'
       RETURNING *`,
      [...values, now, messageId],
    );
    if (row === undefined) {
      const existing = await tx.get("SELECT status FROM messages WHERE id = ? AND role = 'assistant'", [messageId]);
      if (existing === undefined) {
        throw new StoreError(StoreErrorCode.MessageNotFound, `Answer ${messageId} was not found.`);
      }
      throw new StoreError(StoreErrorCode.MessageNotStreaming, `Answer ${messageId} is already ${String(existing.status)}.`);
    }
    await tx.run('UPDATE conversations SET last_activity_at = ? WHERE id = ?', [now, row.conversation_id as string]);
    return messageFromRow(row);
  });
}

export async function failAbandonedMessages(context: StoreContext, startedBefore: Date): Promise<number> {
  const { changes } = await context.driver.run(
    `UPDATE messages SET status = 'error', error_code = 'stream_interrupted', finished_at = ?
     WHERE status = 'streaming' AND created_at < ?`,
    [context.now(), startedBefore],
  );
  return changes;
}

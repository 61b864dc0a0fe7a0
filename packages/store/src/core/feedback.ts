/** The visitor's signals on answers: ratings with comments, and A/B comparisons. */
import { StoreError, StoreErrorCode } from '../errors.ts';
import type { Comparison, Feedback } from '../records.ts';
import type { NewComparison, NewFeedback } from '../types.ts';
import type { StoreContext } from './context.ts';
import { placeholders, type Row, type SqlExecutor } from './driver.ts';
import { comparisonFromRow, feedbackFromRow } from './rows.ts';
import { optionalString, requireId, requireRating } from './validate.ts';

const preferences = new Set(['a', 'b', 'tie']);

/** The visitor's messages among `ids`, keyed by id; someone else's messages are simply absent. */
async function visitorMessages(tx: SqlExecutor, visitorId: string, ids: string[]): Promise<Map<string, Row>> {
  const rows = await tx.all(
    `SELECT m.id, m.role, m.status, m.parent_id, m.conversation_id FROM messages m
     JOIN conversations c ON c.id = m.conversation_id
     WHERE c.visitor_id = ? AND m.id IN ${placeholders(ids.length)}`,
    [visitorId, ...ids],
  );
  return new Map(rows.map((row) => [String(row.id), row]));
}

function notFound(id: string): StoreError {
  return new StoreError(StoreErrorCode.MessageNotFound, `Message ${id} was not found.`);
}

export async function recordFeedback(context: StoreContext, visitorId: string, input: NewFeedback): Promise<Feedback> {
  const messageId = requireId(input.messageId, 'messageId');
  const rating = requireRating(input.rating);
  const comment = optionalString(input.comment, 'comment')?.trim() || null;
  return context.driver.transaction(async (tx) => {
    const target = (await visitorMessages(tx, visitorId, [messageId])).get(messageId);
    if (target === undefined) throw notFound(messageId);
    if (target.role !== 'assistant' || target.status === 'streaming') {
      throw new StoreError(StoreErrorCode.InvalidFeedback, 'Feedback goes on finished answers only.');
    }
    const now = context.now();
    const row = await tx.get(
      `INSERT INTO feedback (id, message_id, conversation_id, visitor_id, rating, comment, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (message_id, visitor_id)
       DO UPDATE SET rating = excluded.rating, comment = excluded.comment, updated_at = excluded.updated_at
       RETURNING *`,
      [context.newId(), messageId, String(target.conversation_id), visitorId, rating, comment, now, now],
    );
    // Rating is activity: retention counts from the visitor's last interaction, whatever it was.
    await tx.run('UPDATE conversations SET last_activity_at = ? WHERE id = ?', [now, String(target.conversation_id)]);
    return feedbackFromRow(row!);
  });
}

export async function removeFeedback(context: StoreContext, visitorId: string, messageId: string): Promise<boolean> {
  const { changes } = await context.driver.run('DELETE FROM feedback WHERE message_id = ? AND visitor_id = ?', [
    messageId,
    visitorId,
  ]);
  return changes > 0;
}

export async function recordComparison(
  context: StoreContext,
  visitorId: string,
  input: NewComparison,
): Promise<Comparison> {
  const userMessageId = requireId(input.userMessageId, 'userMessageId');
  const answerAId = requireId(input.answerAId, 'answerAId');
  const answerBId = requireId(input.answerBId, 'answerBId');
  if (!preferences.has(input.preferred)) {
    throw new StoreError(StoreErrorCode.InvalidComparison, "preferred must be 'a', 'b' or 'tie'.");
  }
  if (answerAId === answerBId) {
    throw new StoreError(StoreErrorCode.InvalidComparison, 'A comparison needs two different answers.');
  }
  return context.driver.transaction(async (tx) => {
    const found = await visitorMessages(tx, visitorId, [userMessageId, answerAId, answerBId]);
    for (const id of [userMessageId, answerAId, answerBId]) if (!found.has(id)) throw notFound(id);
    const user = found.get(userMessageId)!;
    if (user.role !== 'user') {
      throw new StoreError(StoreErrorCode.InvalidComparison, `Message ${userMessageId} is not a user message.`);
    }
    for (const id of [answerAId, answerBId]) {
      const answer = found.get(id)!;
      if (answer.role !== 'assistant' || answer.parent_id !== userMessageId) {
        throw new StoreError(StoreErrorCode.InvalidComparison, `Message ${id} is not an answer to ${userMessageId}.`);
      }
      if (answer.status === 'streaming') {
        throw new StoreError(StoreErrorCode.InvalidComparison, `Answer ${id} is still streaming.`);
      }
    }
    const now = context.now();
    const row = await tx.get(
      `INSERT INTO comparisons
         (id, conversation_id, visitor_id, user_message_id, answer_a_id, answer_b_id, preferred, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (answer_a_id, answer_b_id) DO UPDATE SET preferred = excluded.preferred
       RETURNING *`,
      [context.newId(), String(user.conversation_id), visitorId, userMessageId, answerAId, answerBId, input.preferred, now],
    );
    await tx.run('UPDATE conversations SET last_activity_at = ? WHERE id = ?', [now, String(user.conversation_id)]);
    return comparisonFromRow(row!);
  });
}

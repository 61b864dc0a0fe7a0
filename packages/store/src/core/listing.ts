/** The owner's views: the filtered conversation list and the dashboard totals. */
import { StoreError, StoreErrorCode } from '../errors.ts';
import type { ConversationSummary, Page, Stats } from '../records.ts';
import type { ConversationFilter, ConversationScope } from '../types.ts';
import type { StoreContext } from './context.ts';
import { conversationFromRow, toBool, toInt } from './rows.ts';
import { decodeCursor, encodeCursor, filterWhere, scopeWhere, whereSql } from './where.ts';

const previewLength = 200;

// Correlated subqueries: evaluated only for the rows of one page, and the same SQL on both engines.
const summaryColumns = `c.*,
  (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.role = 'assistant') AS answer_count,
  (SELECT COUNT(*) FROM feedback f WHERE f.conversation_id = c.id AND f.rating > 0) AS thumbs_up,
  (SELECT COUNT(*) FROM feedback f WHERE f.conversation_id = c.id AND f.rating < 0) AS thumbs_down,
  EXISTS (SELECT 1 FROM feedback f WHERE f.conversation_id = c.id AND f.comment IS NOT NULL) AS has_comment,
  (SELECT substr(m.text, 1, ${previewLength}) FROM messages m
    WHERE m.conversation_id = c.id AND m.role = 'user' ORDER BY m.seq LIMIT 1) AS preview`;

export async function listConversations(
  context: StoreContext,
  filter: ConversationFilter = {},
): Promise<Page<ConversationSummary>> {
  const limit = filter.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
    throw new StoreError(StoreErrorCode.InvalidInput, 'limit must be an integer from 1 to 200.');
  }
  const where = filterWhere(filter);
  if (filter.cursor !== undefined) {
    const after = decodeCursor(filter.cursor);
    where.conditions.push('(c.created_at < ? OR (c.created_at = ? AND c.id < ?))');
    where.params.push(after.createdAt, after.createdAt, after.id);
  }
  // One row more than asked tells whether another page exists without a COUNT.
  const rows = await context.driver.all(
    `SELECT ${summaryColumns} FROM conversations c ${whereSql(where)}
     ORDER BY c.created_at DESC, c.id DESC LIMIT ${limit + 1}`,
    where.params,
  );
  const items = rows.slice(0, limit).map((row) => ({
    ...conversationFromRow(row),
    answerCount: toInt(row.answer_count),
    thumbsUp: toInt(row.thumbs_up),
    thumbsDown: toInt(row.thumbs_down),
    hasComment: toBool(row.has_comment),
    preview: row.preview === null || row.preview === undefined ? null : String(row.preview),
  }));
  const last = items[items.length - 1];
  return rows.length > limit && last !== undefined
    ? { items, nextCursor: encodeCursor(last.createdAt, last.id) }
    : { items };
}

export async function getStats(context: StoreContext, scope: ConversationScope = {}): Promise<Stats> {
  const where = scopeWhere(scope);
  const conversationJoin = `JOIN conversations c ON c.id = x.conversation_id ${whereSql(where)}`;
  const conversations = await context.driver.get(
    `SELECT COUNT(*) AS n FROM conversations c ${whereSql(where)}`,
    where.params,
  );
  const answers = await context.driver.get(
    `SELECT COUNT(*) AS n, COALESCE(SUM(x.tokens_in), 0) AS tokens_in, COALESCE(SUM(x.tokens_out), 0) AS tokens_out
     FROM messages x ${conversationJoin} ${where.conditions.length === 0 ? 'WHERE' : 'AND'} x.role = 'assistant'`,
    where.params,
  );
  const votes = await context.driver.get(
    `SELECT COALESCE(SUM(CASE WHEN x.rating > 0 THEN 1 ELSE 0 END), 0) AS up,
            COALESCE(SUM(CASE WHEN x.rating < 0 THEN 1 ELSE 0 END), 0) AS down
     FROM feedback x ${conversationJoin}`,
    where.params,
  );
  const thumbsUp = toInt(votes?.up);
  const thumbsDown = toInt(votes?.down);
  return {
    conversations: toInt(conversations?.n),
    answers: toInt(answers?.n),
    thumbsUp,
    thumbsDown,
    upRatio: thumbsUp + thumbsDown === 0 ? null : thumbsUp / (thumbsUp + thumbsDown),
    tokensIn: toInt(answers?.tokens_in),
    tokensOut: toInt(answers?.tokens_out),
  };
}

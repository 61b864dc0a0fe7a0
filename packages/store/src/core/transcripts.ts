/** Reading conversations back whole: history for the model, transcripts for people and exports. */
import { StoreError, StoreErrorCode } from '../errors.ts';
import type { Feedback, HistoryMessage, Transcript } from '../records.ts';
import type { TranscriptQuery } from '../types.ts';
import type { StoreContext } from './context.ts';
import { placeholders, type Row } from './driver.ts';
import { buildTurns, historyOf } from './branch.ts';
import { comparisonFromRow, conversationFromRow, feedbackFromRow, messageFromRow, toInt } from './rows.ts';
import { transcriptWhere, whereSql } from './where.ts';

/** Builds the transcripts of already-loaded conversation rows with three queries, whatever their number. */
async function loadTranscripts(context: StoreContext, conversationRows: Row[]): Promise<Transcript[]> {
  if (conversationRows.length === 0) return [];
  const conversations = conversationRows.map(conversationFromRow);
  const ids = conversations.map((conversation) => conversation.id);
  const inList = placeholders(ids.length);
  const messageRows = await context.driver.all(`SELECT * FROM messages WHERE conversation_id IN ${inList}`, ids);
  const feedbackRows = await context.driver.all(`SELECT * FROM feedback WHERE conversation_id IN ${inList}`, ids);
  const comparisonRows = await context.driver.all(
    `SELECT * FROM comparisons WHERE conversation_id IN ${inList} ORDER BY created_at, id`,
    ids,
  );
  return conversations.map((conversation) => {
    const feedback = new Map<string, Feedback>();
    for (const row of feedbackRows) {
      // Only the conversation's own visitor can rate in it; the filter keeps that true in what we show.
      if (row.conversation_id === conversation.id && row.visitor_id === conversation.visitorId) {
        feedback.set(String(row.message_id), feedbackFromRow(row));
      }
    }
    const messages = messageRows.filter((row) => row.conversation_id === conversation.id).map(messageFromRow);
    return {
      conversation,
      turns: buildTurns(messages, feedback),
      comparisons: comparisonRows.filter((row) => row.conversation_id === conversation.id).map(comparisonFromRow),
    };
  });
}

export async function getTranscript(
  context: StoreContext,
  conversationId: string,
  visitorId?: string,
): Promise<Transcript | undefined> {
  const row =
    visitorId === undefined
      ? await context.driver.get('SELECT * FROM conversations WHERE id = ?', [conversationId])
      : await context.driver.get('SELECT * FROM conversations WHERE id = ? AND visitor_id = ?', [
          conversationId,
          visitorId,
        ]);
  if (row === undefined) return undefined;
  return (await loadTranscripts(context, [row]))[0];
}

export async function getHistory(
  context: StoreContext,
  visitorId: string,
  conversationId: string,
  upTo?: string,
): Promise<HistoryMessage[]> {
  const owned = await context.driver.get('SELECT id FROM conversations WHERE id = ? AND visitor_id = ?', [
    conversationId,
    visitorId,
  ]);
  if (owned === undefined) {
    throw new StoreError(StoreErrorCode.ConversationNotFound, `Conversation ${conversationId} was not found.`);
  }
  const rows = await context.driver.all('SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq', [
    conversationId,
  ]);
  const history = historyOf(buildTurns(rows.map(messageFromRow)), upTo);
  if (history === undefined) {
    throw new StoreError(StoreErrorCode.MessageNotFound, `User message ${upTo} is not in this conversation.`);
  }
  return history;
}

export async function countTranscripts(context: StoreContext, query: TranscriptQuery = {}): Promise<number> {
  const where = transcriptWhere(query);
  const row = await context.driver.get(`SELECT COUNT(*) AS n FROM conversations c ${whereSql(where)}`, where.params);
  return toInt(row?.n);
}

/** Keyset pagination on (created_at, id): no OFFSET scans, and rows added meanwhile cannot shift a page. */
export async function* iterateTranscripts(context: StoreContext, query: TranscriptQuery = {}): AsyncGenerator<Transcript> {
  const batchSize = query.batchSize ?? 100;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) {
    throw new StoreError(StoreErrorCode.InvalidInput, 'batchSize must be an integer from 1 to 1000.');
  }
  let after: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const where = transcriptWhere(query);
    if (after !== undefined) {
      where.conditions.push('(c.created_at > ? OR (c.created_at = ? AND c.id > ?))');
      where.params.push(after.createdAt, after.createdAt, after.id);
    }
    const rows = await context.driver.all(
      `SELECT c.* FROM conversations c ${whereSql(where)} ORDER BY c.created_at, c.id LIMIT ${batchSize}`,
      where.params,
    );
    for (const transcript of await loadTranscripts(context, rows)) yield transcript;
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1]!;
    after = { createdAt: new Date(conversationFromRow(last).createdAt), id: String(last.id) };
  }
}

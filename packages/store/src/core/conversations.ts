/** Conversation lifecycle: create, look up (scoped to a visitor), flag, delete, purge. */
import { StoreError, StoreErrorCode } from '../errors.ts';
import type { Conversation, Moderation } from '../records.ts';
import type { NewConversation } from '../types.ts';
import type { StoreContext } from './context.ts';
import { conversationFromRow, fromJson } from './rows.ts';
import { cleanModeration, cleanPage, requireId } from './validate.ts';

const dayMs = 86_400_000;

async function insertConversation(context: StoreContext, input: NewConversation): Promise<Conversation | undefined> {
  const id = input.id === undefined ? context.newId() : requireId(input.id, 'id');
  const visitorId = requireId(input.visitorId, 'visitorId');
  const site = input.site === undefined ? 'default' : requireId(input.site, 'site');
  const now = context.now();
  // DO NOTHING + RETURNING tells "taken" apart without parsing engine-specific constraint errors.
  const row = await context.driver.get(
    `INSERT INTO conversations (id, site, visitor_id, created_at, last_activity_at, page, flagged, message_count)
     VALUES (?, ?, ?, ?, ?, ?, ?, 0)
     ON CONFLICT (id) DO NOTHING
     RETURNING *`,
    [id, site, visitorId, now, now, fromJson(cleanPage(input.page)), false],
  );
  return row === undefined ? undefined : conversationFromRow(row);
}

export async function createConversation(context: StoreContext, input: NewConversation): Promise<Conversation> {
  const conversation = await insertConversation(context, input);
  if (conversation === undefined) {
    throw new StoreError(StoreErrorCode.ConversationExists, `A conversation with id ${input.id} already exists.`);
  }
  return conversation;
}

export async function getConversation(
  context: StoreContext,
  visitorId: string,
  conversationId: string,
): Promise<Conversation | undefined> {
  const row = await context.driver.get('SELECT * FROM conversations WHERE id = ? AND visitor_id = ?', [
    conversationId,
    visitorId,
  ]);
  return row === undefined ? undefined : conversationFromRow(row);
}

export async function getOrCreateConversation(
  context: StoreContext,
  input: NewConversation & { id: string },
): Promise<Conversation> {
  const visitorId = requireId(input.visitorId, 'visitorId');
  const existing = await getConversation(context, visitorId, requireId(input.id, 'id'));
  if (existing !== undefined) return existing;
  const created = await insertConversation(context, input);
  if (created !== undefined) return created;
  // The id is taken: either by this visitor in a concurrent request, or by someone else.
  const raced = await getConversation(context, visitorId, input.id);
  if (raced !== undefined) return raced;
  throw new StoreError(StoreErrorCode.ConversationNotFound, `Conversation ${input.id} was not found.`);
}

export async function setModeration(
  context: StoreContext,
  conversationId: string,
  moderation: Moderation | null,
): Promise<Conversation> {
  const clean = moderation === null ? null : cleanModeration(moderation);
  const row = await context.driver.get(
    'UPDATE conversations SET flagged = ?, moderation = ? WHERE id = ? RETURNING *',
    [clean !== null, fromJson(clean), conversationId],
  );
  if (row === undefined) {
    throw new StoreError(StoreErrorCode.ConversationNotFound, `Conversation ${conversationId} was not found.`);
  }
  return conversationFromRow(row);
}

// Deletion is hard deletion: a visitor who asks to be forgotten is owed the removal of the rows, not a
// `deleted_at` mark that keeps their words in the database and in every backup taken afterwards.
// Messages, feedback and comparisons go with their conversation (ON DELETE CASCADE).

export async function deleteConversation(context: StoreContext, visitorId: string, conversationId: string): Promise<boolean> {
  const { changes } = await context.driver.run('DELETE FROM conversations WHERE id = ? AND visitor_id = ?', [
    conversationId,
    visitorId,
  ]);
  return changes > 0;
}

export async function deleteVisitorData(context: StoreContext, visitorId: string): Promise<number> {
  const { changes } = await context.driver.run('DELETE FROM conversations WHERE visitor_id = ?', [
    requireId(visitorId, 'visitorId'),
  ]);
  return changes;
}

export async function purgeExpired(context: StoreContext, retentionDays: number): Promise<number> {
  if (typeof retentionDays !== 'number' || !(retentionDays >= 0) || !Number.isFinite(retentionDays)) {
    throw new StoreError(StoreErrorCode.InvalidInput, 'retentionDays must be a non-negative number.');
  }
  const cutoff = new Date(context.now().getTime() - retentionDays * dayMs);
  const { changes } = await context.driver.run('DELETE FROM conversations WHERE last_activity_at < ?', [cutoff]);
  return changes;
}

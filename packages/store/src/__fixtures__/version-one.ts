/**
 * Conversations as schema version 1 stored them, before questions recorded the question they follow: what
 * migration 2 must turn into branches without changing the history any of them had.
 */
import { expect } from 'vitest';
import type { SqlExecutor } from '../core/driver.ts';
import type { ConversationStore } from '../types.ts';

const at = (minute: number) => new Date(Date.UTC(2025, 2, 1, 9, minute));

/** Writes, with version 1's columns: c1 = Q1, A1, A1 regenerated, Q2, A2; c2 = one question. */
export async function seedVersionOne(db: SqlExecutor): Promise<void> {
  const conversation = 'INSERT INTO conversations (id, site, visitor_id, created_at, last_activity_at, message_count) VALUES (?, ?, ?, ?, ?, ?)';
  await db.run(conversation, ['c1', 'default', 'v1', at(0), at(5), 5]);
  await db.run(conversation, ['c2', 'default', 'v1', at(0), at(0), 1]);
  const message = `INSERT INTO messages (id, conversation_id, seq, parent_id, role, text, status, created_at, finished_at)
    VALUES (?, ?, ?, ?, ?, ?, 'complete', ?, ?)`;
  const rows: [id: string, conversationId: string, seq: number, parentId: string | null, role: string, text: string][] = [
    ['q1', 'c1', 1, null, 'user', 'Q1'],
    ['a1', 'c1', 2, 'q1', 'assistant', 'A1'],
    ['a1b', 'c1', 3, 'q1', 'assistant', 'A1 regenerated'],
    ['q2', 'c1', 4, null, 'user', 'Q2'],
    ['a2', 'c1', 5, 'q2', 'assistant', 'A2'],
    ['other', 'c2', 1, null, 'user', 'Elsewhere'],
  ];
  for (const [id, conversationId, seq, parentId, role, text] of rows) {
    await db.run(message, [id, conversationId, seq, parentId, role, text, at(seq), at(seq)]);
  }
}

/** After migration 2: each question follows the one before it in its own conversation; history unchanged. */
export async function expectVersionOneMigrated(store: ConversationStore): Promise<void> {
  const turns = (await store.getTranscript('v1', 'c1'))!.turns;
  expect(turns.map((turn) => [turn.user.id, turn.user.parentId])).toEqual([
    ['q1', null],
    ['q2', 'q1'],
  ]);
  expect((await store.getHistory('v1', 'c1')).map((entry) => entry.id)).toEqual(['q1', 'a1b', 'q2', 'a2']);
  expect((await store.getTranscript('v1', 'c2'))!.turns[0]!.user.parentId).toBeNull();
  // And the conversation goes on from there.
  const next = await store.appendUserMessage('v1', { conversationId: 'c1', text: 'Q3' });
  expect(next.parentId).toBe('q2');
}

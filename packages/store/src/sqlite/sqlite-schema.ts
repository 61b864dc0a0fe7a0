/**
 * The SQLite schema, as migrations. STRICT tables make SQLite enforce column types like PostgreSQL does;
 * times are Unix milliseconds (INTEGER), booleans 0/1, JSON text. Append new migrations; never edit one
 * that has shipped.
 */
import type { Migration } from '../core/migrate.ts';

export const sqliteBootstrap = `CREATE TABLE IF NOT EXISTS sitechat_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at INTEGER NOT NULL
) STRICT`;

export const sqliteMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'conversations, messages, feedback, comparisons',
    sql: `
CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  site TEXT NOT NULL,
  visitor_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_activity_at INTEGER NOT NULL,
  page TEXT,
  flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
  moderation TEXT,
  message_count INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX conversations_by_visitor ON conversations (visitor_id, created_at);
CREATE INDEX conversations_by_created ON conversations (created_at, id);
CREATE INDEX conversations_by_site ON conversations (site, created_at);
CREATE INDEX conversations_by_last_activity ON conversations (last_activity_at);

CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  parent_id TEXT REFERENCES messages (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
  text TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('complete', 'streaming', 'stopped', 'error')),
  model TEXT,
  tokens_in INTEGER,
  tokens_out INTEGER,
  time_to_first_token_ms INTEGER,
  finish_reason TEXT,
  error_code TEXT,
  metadata TEXT,
  created_at INTEGER NOT NULL,
  finished_at INTEGER,
  UNIQUE (conversation_id, seq)
) STRICT;
CREATE INDEX messages_by_parent ON messages (parent_id);
CREATE INDEX messages_streaming ON messages (created_at) WHERE status = 'streaming';

CREATE TABLE feedback (
  id TEXT PRIMARY KEY,
  message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  visitor_id TEXT NOT NULL,
  rating INTEGER NOT NULL CHECK (rating BETWEEN -5 AND 5),
  comment TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (message_id, visitor_id)
) STRICT;
CREATE INDEX feedback_by_conversation ON feedback (conversation_id);

CREATE TABLE comparisons (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  visitor_id TEXT NOT NULL,
  user_message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  answer_a_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  answer_b_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  preferred TEXT NOT NULL CHECK (preferred IN ('a', 'b', 'tie')),
  created_at INTEGER NOT NULL,
  UNIQUE (answer_a_id, answer_b_id)
) STRICT;
CREATE INDEX comparisons_by_conversation ON comparisons (conversation_id);
CREATE INDEX comparisons_by_user_message ON comparisons (user_message_id);
CREATE INDEX comparisons_by_answer_b ON comparisons (answer_b_id);
`,
  },
  {
    version: 2,
    name: 'questions record the question they follow (branches)',
    // Until now every question followed the one asked before it: that is what the backfill records, so
    // existing conversations keep exactly the history they had. The index finds a conversation's latest
    // question (a new question's default parent, and the backfill) without reading its answers.
    sql: `
CREATE INDEX messages_questions ON messages (conversation_id, seq) WHERE role = 'user';
UPDATE messages SET parent_id = (
  SELECT previous.id FROM messages previous
  WHERE previous.conversation_id = messages.conversation_id AND previous.role = 'user' AND previous.seq < messages.seq
  ORDER BY previous.seq DESC LIMIT 1
) WHERE role = 'user';
`,
  },
];

/**
 * The PostgreSQL schema, as migrations: the same tables as SQLite's with native types (`timestamptz`,
 * `boolean`, `jsonb`). Ids use the "C" collation so that ordering by id (exports, pagination tie-breaks) is
 * byte order on both engines and does not change with the server's locale. Append new migrations; never
 * edit one that has shipped.
 */
import type { Migration } from '../core/migrate.ts';

export function postgresBootstrap(schema: string | undefined): string {
  return `${schema === undefined ? '' : `CREATE SCHEMA IF NOT EXISTS ${schema};`}
CREATE TABLE IF NOT EXISTS sitechat_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL
)`;
}

export const postgresMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'conversations, messages, feedback, comparisons',
    sql: `
CREATE TABLE conversations (
  id text COLLATE "C" PRIMARY KEY,
  site text NOT NULL,
  visitor_id text COLLATE "C" NOT NULL,
  created_at timestamptz NOT NULL,
  last_activity_at timestamptz NOT NULL,
  page jsonb,
  flagged boolean NOT NULL DEFAULT false,
  moderation jsonb,
  message_count integer NOT NULL DEFAULT 0
);
CREATE INDEX conversations_by_visitor ON conversations (visitor_id, created_at);
CREATE INDEX conversations_by_created ON conversations (created_at, id);
CREATE INDEX conversations_by_site ON conversations (site, created_at);
CREATE INDEX conversations_by_last_activity ON conversations (last_activity_at);

CREATE TABLE messages (
  id text COLLATE "C" PRIMARY KEY,
  conversation_id text COLLATE "C" NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  parent_id text COLLATE "C" REFERENCES messages (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('user', 'assistant')),
  text text NOT NULL,
  status text NOT NULL CHECK (status IN ('complete', 'streaming', 'stopped', 'error')),
  model text,
  tokens_in integer,
  tokens_out integer,
  time_to_first_token_ms integer,
  finish_reason text,
  error_code text,
  metadata jsonb,
  created_at timestamptz NOT NULL,
  finished_at timestamptz,
  UNIQUE (conversation_id, seq)
);
CREATE INDEX messages_by_parent ON messages (parent_id);
CREATE INDEX messages_streaming ON messages (created_at) WHERE status = 'streaming';

CREATE TABLE feedback (
  id text COLLATE "C" PRIMARY KEY,
  message_id text COLLATE "C" NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  conversation_id text COLLATE "C" NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  visitor_id text COLLATE "C" NOT NULL,
  rating integer NOT NULL CHECK (rating BETWEEN -5 AND 5),
  comment text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (message_id, visitor_id)
);
CREATE INDEX feedback_by_conversation ON feedback (conversation_id);

CREATE TABLE comparisons (
  id text COLLATE "C" PRIMARY KEY,
  conversation_id text COLLATE "C" NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  visitor_id text COLLATE "C" NOT NULL,
  user_message_id text COLLATE "C" NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  answer_a_id text COLLATE "C" NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  answer_b_id text COLLATE "C" NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  preferred text NOT NULL CHECK (preferred IN ('a', 'b', 'tie')),
  created_at timestamptz NOT NULL,
  UNIQUE (answer_a_id, answer_b_id)
);
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

/**
 * Child process for the durability test: writes conversations as fast as it can and prints each id on
 * stdout only after the promise of its write resolved (stdout to a pipe is synchronous on Linux, so a
 * printed line is never lost when the process is killed right after). Runs with Node's type stripping.
 *
 *   node durability-writer.ts sqlite PATH [count]
 *   node durability-writer.ts postgres URL SCHEMA [count]
 */
import { PostgresStore } from '../postgres/postgres-store.ts';
import { SqliteStore } from '../sqlite/sqlite-store.ts';
import type { ConversationStore } from '../types.ts';

const [engine, location, ...rest] = process.argv.slice(2);
const store: ConversationStore =
  engine === 'postgres'
    ? await PostgresStore.open({ url: location!, schema: rest[0]! })
    : await SqliteStore.open({ path: location! });
const count = Number((engine === 'postgres' ? rest[1] : rest[0]) ?? Infinity);
const visitor = `writer-${process.pid}`;
process.stdout.write('ready\n');

for (let index = 0; index < count; index += 1) {
  const conversation = await store.createConversation({ visitorId: visitor });
  process.stdout.write(`conversation ${conversation.id}\n`);
  const question = await store.appendUserMessage(visitor, { conversationId: conversation.id, text: `question ${index}` });
  process.stdout.write(`message ${question.id}\n`);
  const answer = await store.startAssistantMessage(visitor, { conversationId: conversation.id, parentId: question.id });
  process.stdout.write(`message ${answer.id}\n`);
  await store.finishAssistantMessage(answer.id, { text: `answer ${index}`, status: 'complete', tokensOut: 2 });
  process.stdout.write(`finished ${answer.id}\n`);
}
await store.close();

/**
 * Messages written per second, SQLite and (when DATABASE_URL is set) PostgreSQL, measured side by side in
 * one run. A "turn" is what the server writes per exchange: the question (1 transaction), the answer
 * started (1) and finished (1); so 2 messages and 3 durable commits.
 *
 *   node bench/store.bench.ts            # BENCH_TURNS=1000 BENCH_CONCURRENCY=16 to change the load
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PostgresStore } from '../src/postgres/postgres-store.ts';
import { SqliteStore } from '../src/sqlite/sqlite-store.ts';
import type { ConversationStore } from '../src/types.ts';

const turns = Number(process.env.BENCH_TURNS ?? 600);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const databaseUrl = process.env.DATABASE_URL;

interface Result {
  engine: string;
  mode: string;
  messages: number;
  seconds: number;
}

/** Runs `turns` exchanges spread over `lanes` conversations written in parallel. */
async function writeTurns(store: ConversationStore, lanes: number): Promise<number> {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      const visitorId = `bench-${lane}`;
      const { id: conversationId } = await store.createConversation({ visitorId });
      for (let turn = lane; turn < turns; turn += lanes) {
        const question = await store.appendUserMessage(visitorId, { conversationId, text: `Question ${turn}?` });
        const answer = await store.startAssistantMessage(visitorId, { conversationId, parentId: question.id });
        await store.finishAssistantMessage(answer.id, {
          text: `Answer ${turn}. `.repeat(20),
          status: 'complete',
          tokensIn: 200,
          tokensOut: 60,
        });
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

async function measure(engine: string, open: () => Promise<ConversationStore>, cleanup: () => Promise<void>) {
  const results: Result[] = [];
  for (const [mode, lanes] of [
    ['sequential', 1],
    [`${concurrency} concurrent`, concurrency],
  ] as const) {
    const store = await open();
    try {
      const seconds = await writeTurns(store, lanes);
      results.push({ engine, mode, messages: turns * 2, seconds });
    } finally {
      await store.close();
      await cleanup();
    }
  }
  return results;
}

const folder = mkdtempSync(join(tmpdir(), 'sitechat-bench-'));
const results: Result[] = [];
try {
  for (const synchronous of ['full', 'normal'] as const) {
    const path = join(folder, `bench-${synchronous}.db`);
    results.push(
      ...(await measure(
        `SQLite (synchronous=${synchronous})`,
        () => SqliteStore.open({ path, synchronous }),
        async () => rmSync(path, { force: true }),
      )),
    );
  }
  if (databaseUrl !== undefined) {
    const schema = `sitechat_bench_${process.pid}`;
    results.push(
      ...(await measure(
        'PostgreSQL',
        () => PostgresStore.open({ url: databaseUrl, schema, maxConnections: concurrency }),
        async () => {
          const client = new pg.Client({ connectionString: databaseUrl });
          await client.connect();
          await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await client.end();
        },
      )),
    );
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}

const baseline = results[0]!.messages / results[0]!.seconds;
console.log(`Store write throughput: ${turns} turns (${turns * 2} messages, ${turns * 3} commits) per row.\n`);
console.log('| engine | writers | messages/s | ms per turn | vs SQLite full, sequential |');
console.log('| --- | --- | ---: | ---: | ---: |');
for (const result of results) {
  const rate = result.messages / result.seconds;
  const msPerTurn = (result.seconds * 1000) / (result.messages / 2);
  console.log(
    `| ${result.engine} | ${result.mode} | ${rate.toFixed(0)} | ${msPerTurn.toFixed(2)} | ${(rate / baseline).toFixed(2)}x |`,
  );
}
if (databaseUrl === undefined) console.log('\nPostgreSQL skipped: set DATABASE_URL to include it.');

/**
 * `pnpm bench`: what the conversation store costs a visitor, side by side in one run on loopback.
 * The same Sitechat build (startServer from dist/) against the same in-process fake model, with the store
 * off, on SQLite (the default file, `synchronous: full`; and `normal`) and on PostgreSQL (when DATABASE_URL is set):
 *   1. time to first token, p50 and p95, and what the store adds (requests interleaved across the servers,
 *      conversations of several turns, so the stored history grows as in real use);
 *      and the same with a model that takes 300 ms to its first token (the writes then hide behind it);
 *   2. answers and stored messages per second with 16 visitors asking at once.
 * Raw store write throughput (no HTTP, no model) is `pnpm --filter @sitechat/store bench`.
 *
 *   node bench/store-overhead.bench.ts   # BENCH_CONVERSATIONS=60 BENCH_TURNS=5 BENCH_CONCURRENCY=16 BENCH_MODEL_TTFT_MS=300
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeModelServer } from '@sitechat/fake-openai';
import { openStore, type ConversationStore } from '@sitechat/store';
import pg from 'pg';
import { parseConfig, silentLogger } from '../dist/index.js';
import { type RunningServer, startServer } from '../dist/node.js';

const conversations = Number(process.env.BENCH_CONVERSATIONS ?? 60);
const turns = Number(process.env.BENCH_TURNS ?? 5);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const throughputAnswers = Number(process.env.BENCH_ANSWERS ?? 400);
const databaseUrl = process.env.DATABASE_URL;

const model = await startFakeModelServer();
// 50 chunks of 5 characters, as fast as the fake can send them: the model is never the bottleneck. A question
// marked [[slow]] waits MODEL_TTFT_MS before the first byte, as a real model does.
const modelTtftMs = Number(process.env.BENCH_MODEL_TTFT_MS ?? 300);
model.setDefaultReply((body: any) => {
  const slow = JSON.stringify(body?.messages?.at?.(-1) ?? '').includes('[[slow]]');
  return { text: 'word '.repeat(50), chunkSize: 5, ...(slow ? { headersDelayMs: modelTtftMs } : {}) };
});
const trimRequests = setInterval(() => (model.requests.length = 0), 1000);

const folder = mkdtempSync(join(tmpdir(), 'sitechat-store-bench-'));
const schema = `sitechat_store_bench_${process.pid}`;
let baseConfig: Record<string, unknown> = {
  model: { baseURL: model.url, name: 'fake-model', maxRetries: 0 },
  systemPrompt: 'You are a benchmark.',
  limits: { maxMessages: 1000, maxConversationChars: 1_000_000 },
};
// Every bench request comes from one address: lift per-address and per-visitor limits, and keep the request
// log quiet. Each override is applied only where this build knows the setting.
for (const override of [
  { ops: { requestLog: false } },
  { limits: { requestsPerMinutePerIp: 0, requestsPerMinutePerVisitor: 0, concurrentStreamsPerIp: 0, concurrentStreamsPerVisitor: 0 } },
  { limits: { tokensPerConversation: 0, tokensPerVisitorPerDay: 0, tokensPerSitePerDay: 0 } },
]) {
  const candidate = { ...baseConfig, ...override, limits: { ...(baseConfig.limits as object), ...('limits' in override ? override.limits : {}) } };
  try {
    parseConfig(candidate);
    baseConfig = candidate;
  } catch {
    // not a setting of this build
  }
}

interface Subject {
  name: string;
  server: RunningServer;
  store?: ConversationStore;
}

/** `false`: no store; `{ path }`: the store the configuration opens; a `ConversationStore`: passed in. */
async function start(name: string, store: false | { path: string; synchronous?: string } | ConversationStore): Promise<Subject> {
  if (store === false || !('close' in store)) {
    return { name, server: await startServer({ config: { ...baseConfig, store } as never, port: 0, logger: silentLogger }) };
  }
  return { name, server: await startServer({ config: baseConfig as never, store, port: 0, logger: silentLogger }), store };
}

/** One question; resolves to [time to first token, total] in ms. */
async function ask(subject: Subject, visitor: string, conversationId: string, turn: number, slow = false): Promise<[number, number]> {
  const started = performance.now();
  const response = await fetch(`${subject.server.url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-sitechat-visitor': visitor },
    body: JSON.stringify({ id: conversationId, messages: [{ id: `${conversationId}-q${turn}`, role: 'user', parts: [{ type: 'text', text: `Question ${turn}: what do you sell?${slow ? ' [[slow]]' : ''}` }] }] }),
  });
  if (response.status !== 200) throw new Error(`${subject.name}: HTTP ${response.status} ${await response.text()}`);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let firstToken: number | undefined;
  let seen = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    if (firstToken === undefined) {
      seen += decoder.decode(value, { stream: true });
      if (seen.includes('"text-delta"')) firstToken = performance.now() - started;
    }
  }
  return [firstToken ?? Number.NaN, performance.now() - started];
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

const subjects: Subject[] = [];
try {
  subjects.push(await start('store off', false));
  subjects.push(await start('SQLite (default: synchronous full)', { path: join(folder, 'sitechat.db') }));
  // The same file settings but syncing at checkpoints only: survives a killed process, not a power cut.
  subjects.push(await start('SQLite (store.synchronous: normal)', { path: join(folder, 'normal.db'), synchronous: 'normal' }));
  if (databaseUrl !== undefined) subjects.push(await start('PostgreSQL', await openStore({ url: databaseUrl, schema, maxConnections: concurrency })));

  // Warm up: connections, prepared statements, JIT.
  for (const subject of subjects) for (let turn = 0; turn < 10; turn += 1) await ask(subject, 'bench-visitor-warmup', `warmup-${subject.name.length}`, turn);

  // 1. Time to first token, one request at a time, interleaved so that drift hits every subject alike.
  const timings = new Map(subjects.map((subject) => [subject.name, { ttft: [] as number[], total: [] as number[] }]));
  for (let conversation = 0; conversation < conversations; conversation += 1) {
    for (let turn = 0; turn < turns; turn += 1) {
      for (const subject of subjects) {
        const [ttft, total] = await ask(subject, `bench-visitor-${conversation}`, `latency-${conversation}`, turn);
        timings.get(subject.name)!.ttft.push(ttft);
        timings.get(subject.name)!.total.push(total);
      }
    }
  }

  // 1b. The same with a model that takes MODEL_TTFT_MS to start answering: the store's writes run beside it.
  const slowTimings = new Map(subjects.map((subject) => [subject.name, [] as number[]]));
  const slowConversations = Math.max(2, Math.round(conversations / 4));
  for (let conversation = 0; conversation < slowConversations; conversation += 1) {
    for (let turn = 0; turn < turns; turn += 1) {
      for (const subject of subjects) {
        slowTimings.get(subject.name)!.push((await ask(subject, `bench-visitor-${conversation}`, `slow-${conversation}`, turn, true))[0]);
      }
    }
  }

  // 2. Throughput: `concurrency` visitors at once, each asking in its own conversation. Two rounds, the
  // subjects in turn, best round kept (the machine's other load varies).
  const throughput = new Map<string, number>();
  for (let round = 0; round < 2; round += 1) {
    for (const subject of subjects) {
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async (_, lane) => {
          for (let turn = 0; next < throughputAnswers; turn += 1) {
            next += 1;
            await ask(subject, `bench-lane-${lane}`, `throughput-${round}-${lane}`, turn);
          }
        }),
      );
      const rate = throughputAnswers / ((performance.now() - started) / 1000);
      throughput.set(subject.name, Math.max(rate, throughput.get(subject.name) ?? 0));
    }
  }

  const off = timings.get('store off')!;
  console.log(`Conversation store overhead: ${conversations} conversations x ${turns} turns per server, interleaved; answers of 50 chunks.\n`);
  console.log('| store | TTFT p50 | TTFT p95 | added p50 | added p95 | answer total p50 | answers/s (16 at once) | messages stored/s |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const subject of subjects) {
    const { ttft, total } = timings.get(subject.name)!;
    const stored = subject.name === 'store off' ? '–' : (throughput.get(subject.name)! * 2).toFixed(0);
    const added = (p: number) => (subject.name === 'store off' ? '–' : `${(percentile(ttft, p) - percentile(off.ttft, p)).toFixed(2)} ms`);
    console.log(
      `| ${subject.name} | ${percentile(ttft, 50).toFixed(2)} ms | ${percentile(ttft, 95).toFixed(2)} ms | ${added(50)} | ${added(95)} | ` +
        `${percentile(total, 50).toFixed(2)} ms | ${throughput.get(subject.name)!.toFixed(0)} | ${stored} |`,
    );
  }
  const slowOff = slowTimings.get('store off')!;
  console.log(`\nWith a model that takes ${modelTtftMs} ms to its first token (${slowConversations} conversations x ${turns} turns):\n`);
  console.log('| store | TTFT p50 | TTFT p95 | added p50 | added p95 |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const subject of subjects) {
    const ttft = slowTimings.get(subject.name)!;
    const added = (p: number) => (subject.name === 'store off' ? '–' : `${(percentile(ttft, p) - percentile(slowOff, p)).toFixed(2)} ms`);
    console.log(`| ${subject.name} | ${percentile(ttft, 50).toFixed(2)} ms | ${percentile(ttft, 95).toFixed(2)} ms | ${added(50)} | ${added(95)} |`);
  }
  if (databaseUrl === undefined) console.log('\nPostgreSQL skipped: set DATABASE_URL to include it.');
} finally {
  for (const subject of subjects) {
    await subject.server.close();
    await subject.store?.close();
  }
  clearInterval(trimRequests);
  await model.close();
  rmSync(folder, { recursive: true, force: true });
  if (databaseUrl !== undefined) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

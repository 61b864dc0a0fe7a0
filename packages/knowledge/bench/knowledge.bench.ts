/**
 * Ingest speed and query latency at 1,000 and 10,000 chunks, on synthetic help-centre pages.
 *
 *   pnpm bench                       # SQLite: keyword without and with the thesaurus (the default), and hybrid
 *   DATABASE_URL=postgres://… pnpm bench   # PostgreSQL too
 *
 * Pages are HTML with site chrome (so extraction is measured), four h2 sections each, one chunk per
 * section. Hybrid embeds in process with the fake model server's hashed bag of words at 1536
 * dimensions (the size of text-embedding-3-small), so the numbers measure storage and search,
 * not a model's latency. All configurations run side by side in one process on the same pages.
 */
import { fakeEmbedding } from '@sitechat/fake-openai';
import {
  createKnowledgeBase,
  PostgresKnowledgeIndex,
  SqliteKnowledgeIndex,
  staticSource,
  type EmbedFunction,
  type KnowledgeIndex,
  type SearchOptions,
  type StaticDocument,
} from '../dist/index.js';

const SECTIONS_PER_PAGE = 4;
const QUERIES = 200;
/** Slow configurations (PostgreSQL without pgvector) stop after this long, with at least 20 queries. */
const QUERY_BUDGET_MS = 15_000;

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same pages. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let value = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const next = random(42);
const syllables = ['ka', 'lo', 'mi', 'ter', 'san', 'vo', 'rel', 'dun', 'pa', 'shi', 'gor', 'ne', 'bal', 'fi', 'tro', 'wen'];
const common = 'order delivery return refund account password machine coffee store hours warranty repair payment card shipping price'.split(' ');
const vocabulary = Array.from({ length: 4000 }, () => Array.from({ length: 2 + Math.floor(next() * 3) }, () => syllables[Math.floor(next() * syllables.length)]).join(''));
const word = () => (next() < 0.2 ? common[Math.floor(next() * common.length)]! : vocabulary[Math.floor(Math.pow(next(), 2) * vocabulary.length)]!);
const sentence = () => `${Array.from({ length: 8 + Math.floor(next() * 10) }, word).join(' ')}.`;

function syntheticPages(count: number): StaticDocument[] {
  return Array.from({ length: count }, (_, number) => {
    const sections = Array.from({ length: SECTIONS_PER_PAGE }, () => `<h2>${word()} ${word()}</h2><p>${Array.from({ length: 6 }, sentence).join(' ')}</p><ul><li>${sentence()}</li><li>${sentence()}</li></ul>`).join('');
    return {
      url: `https://shop.example/help/${number}`,
      format: 'html',
      content: `<!doctype html><html><head><title>Page ${number}</title><script>track()</script></head><body><header><nav><a href="/">Home</a> <a href="/help">Help</a></nav></header><main><h1>${word()} ${word()} ${number}</h1>${sections}</main><footer>© Shop · <a href="/privacy">Privacy</a></footer><div class="cookie-banner">We use cookies</div></body></html>`,
    };
  });
}

const embeddings: EmbedFunction = Object.assign(async (texts: string[]) => texts.map((text) => fakeEmbedding(text, 1536)), { model: 'fake-1536' });

interface Row {
  engine: string;
  mode: string;
  chunks: number;
  pages: number;
  pagesPerSecond: number;
  p50: number;
  p95: number;
  queries: number;
}

/** The searches measured on one index: keyword with and without the thesaurus, or hybrid. */
function searchModes(hybrid: boolean): Array<{ mode: string; options: SearchOptions }> {
  if (hybrid) return [{ mode: 'hybrid (BM25 + thesaurus + 1536-d vectors)', options: {} }];
  return [
    { mode: 'keyword (BM25)', options: { thesaurus: false } },
    { mode: 'keyword (BM25) + thesaurus (the default)', options: {} },
  ];
}

async function measure(engine: string, index: KnowledgeIndex, pages: StaticDocument[], hybrid: boolean): Promise<Row[]> {
  const knowledge = createKnowledgeBase({ index, ...(hybrid ? { embeddings } : {}) });
  const started = performance.now();
  const report = await knowledge.ingest(staticSource({ name: 'bench', documents: pages }));
  const seconds = (performance.now() - started) / 1000;
  const questions = Array.from({ length: QUERIES }, () => `How do I ${word()} the ${word()} ${word()} for my ${word()}?`);
  const rows: Row[] = [];
  for (const { mode, options } of searchModes(hybrid)) {
    for (const question of questions.slice(0, 10)) await knowledge.search(question, options); // warm caches and prepared statements
    const latencies: number[] = [];
    const budgetEnds = performance.now() + QUERY_BUDGET_MS;
    for (const question of questions) {
      const start = performance.now();
      await knowledge.search(question, { ...options, minScore: 0 });
      latencies.push(performance.now() - start);
      if (latencies.length >= 20 && performance.now() > budgetEnds) break;
    }
    latencies.sort((a, b) => a - b);
    rows.push({
      engine,
      mode,
      chunks: report.chunksWritten,
      pages: pages.length,
      pagesPerSecond: pages.length / seconds,
      p50: latencies[Math.floor(latencies.length * 0.5)]!,
      p95: latencies[Math.floor(latencies.length * 0.95)]!,
      queries: latencies.length,
    });
  }
  await knowledge.close();
  return rows;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const chunkCount of [1_000, 10_000]) {
    const pages = syntheticPages(chunkCount / SECTIONS_PER_PAGE);
    for (const hybrid of [false, true]) {
      rows.push(...(await measure('SQLite (node:sqlite, FTS5)', new SqliteKnowledgeIndex(), pages, hybrid)));
      if (process.env.DATABASE_URL) {
        const tablePrefix = `bench_${process.pid}`;
        const index = new PostgresKnowledgeIndex({ connectionString: process.env.DATABASE_URL, tablePrefix });
        await index.drop();
        try {
          rows.push(...(await measure(`PostgreSQL${hybrid ? ' (bytea vectors searched in memory; no pgvector here)' : ''}`, index, pages, hybrid)));
        } finally {
          const cleanup = new PostgresKnowledgeIndex({ connectionString: process.env.DATABASE_URL, tablePrefix });
          await cleanup.drop();
          await cleanup.close();
        }
      }
      console.error(`done: ${chunkCount} chunks, ${hybrid ? 'hybrid' : 'keyword'}`);
    }
  }
  const baseline = (row: Row) => rows.find((other) => other.chunks === row.chunks && other.engine.startsWith('SQLite') && other.mode === 'keyword (BM25)')!;
  console.log(`\nKnowledge base benchmark (node ${process.version}, up to ${QUERIES} queries per row, one process, same pages)\n`);
  console.log('| engine | retrieval | chunks | pages | ingest pages/s | query p50 ms | query p95 ms | queries | p50 vs SQLite keyword |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) {
    console.log(`| ${row.engine} | ${row.mode} | ${row.chunks.toLocaleString('en')} | ${row.pages.toLocaleString('en')} | ${row.pagesPerSecond.toFixed(0)} | ${row.p50.toFixed(2)} | ${row.p95.toFixed(2)} | ${row.queries} | ${(row.p50 / baseline(row).p50).toFixed(1)}× |`);
  }
}

await main();

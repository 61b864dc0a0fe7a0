/**
 * Local model benchmark: load time, memory (RSS growth), time to first token and generation speed of the
 * local provider, printed as a markdown table. By default it measures the tiny random-weight model the
 * tests generate (which shows the provider's own overhead and the threading effects, not a real model's
 * speed); point SITECHAT_MODEL_PATH at a real GGUF file to measure that model on this machine:
 *
 *   pnpm --filter @sitechat/local-model bench
 *   SITECHAT_MODEL_PATH=/path/to/Qwen2.5-0.5B-Instruct-Q4_K_M.gguf pnpm --filter @sitechat/local-model bench
 *
 * Configurations run one after another in one run, each in a fresh child process so that one's memory
 * does not count against the next; compare ratios within a run, not numbers across machines. Each gets a
 * time budget (BENCH_SECONDS, default 20): on an oversubscribed machine an answer can take minutes, and a
 * benchmark must end by itself; an answer cut by the budget still counts the tokens it produced.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AnswerStats } from '../src/generate-answer.ts';
import { createLocalProvider } from '../src/local-provider.ts';
import { buildTinyModel } from '../src/test/tiny-model.ts';
import type { ModelMessage } from '../src/types.ts';

const MAX_ANSWERS = Number(process.env.BENCH_ANSWERS ?? 6);
const MAX_TOKENS = Number(process.env.BENCH_MAX_TOKENS ?? 128);
const BUDGET_MS = Number(process.env.BENCH_SECONDS ?? 20) * 1000;
const messages: ModelMessage[] = [
  { role: 'system', content: 'You are the assistant of a small bakery. Answer briefly and kindly.' },
  { role: 'user', content: 'Hello! When are you open on Sundays, and do you bake gluten-free bread?' },
];

interface Configuration {
  name: string;
  /** Undefined: the provider's default. */
  threads: number | undefined;
  concurrency: number;
}

const cores = availableParallelism();
const CONFIGURATIONS: Configuration[] = [
  { name: 'default threads (cores - 1), 1 sequence', threads: undefined, concurrency: 1 },
  { name: `all ${cores} cores, 1 sequence`, threads: cores, concurrency: 1 },
  { name: 'default threads, 2 sequences, 2 visitors at once', threads: undefined, concurrency: 2 },
];

interface Row {
  configuration: string;
  threads: number;
  loadMs: number;
  rssMegabytes: number;
  answers: number;
  firstTokenMs: number;
  tokensPerSecond: number;
  aggregateTokensPerSecond: number;
}

async function measure(modelPath: string, { name, threads, concurrency }: Configuration): Promise<Row> {
  const stats: AnswerStats[] = [];
  const rssBefore = process.memoryUsage().rss;
  const provider = createLocalProvider({
    model: { path: modelPath },
    gpu: process.env.BENCH_GPU === 'auto' ? 'auto' : false,
    concurrency,
    contextSize: 2048,
    temperature: 0,
    seed: 1,
    maxOutputTokens: MAX_TOKENS,
    logLevel: 'error',
    onStats: (stat) => stats.push(stat),
    ...(threads === undefined ? {} : { threads }),
  });
  try {
    const info = await provider.load();
    const answer = async (index: number, signal: AbortSignal) => {
      // A different question each time, so no answer is served from the previous one's cached prompt.
      const question: ModelMessage = { role: 'user', content: `${messages[1]!.content} (${index})` };
      try {
        for await (const _event of provider.stream({ messages: [messages[0]!, question], signal }));
      } catch (error) {
        if (!signal.aborted) throw error;
      }
    };
    await answer(-1, AbortSignal.timeout(BUDGET_MS)); // warm-up: the first evaluation allocates buffers
    stats.length = 0;
    const budget = AbortSignal.timeout(BUDGET_MS);
    const startedAt = performance.now();
    for (let index = 0; index < MAX_ANSWERS && !budget.aborted; index += concurrency) {
      await Promise.all(Array.from({ length: concurrency }, (_, offset) => answer(index + offset, budget)));
    }
    const wallSeconds = (performance.now() - startedAt) / 1000;
    const measured = stats.filter((stat) => stat.outputTokens > 1 && stat.firstTextMs !== undefined);
    return {
      configuration: name,
      threads: info.threads,
      loadMs: info.loadMs,
      rssMegabytes: (process.memoryUsage().rss - rssBefore) / 1_000_000,
      answers: stats.length,
      firstTokenMs: median(stats.map((stat) => stat.firstTextMs ?? stat.generationMs)),
      // Decode speed: tokens after the first, over the time after the first.
      tokensPerSecond: median(measured.map((stat) => (stat.outputTokens - 1) / ((stat.generationMs - stat.firstTextMs!) / 1000))),
      aggregateTokensPerSecond: stats.reduce((sum, stat) => sum + stat.outputTokens, 0) / wallSeconds,
    };
  } finally {
    await provider.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Runs one configuration in a child process and reads its row back. */
async function measureInChild(modelPath: string, index: number): Promise<Row> {
  const { stdout } = await promisify(execFile)(process.execPath, [import.meta.filename, '--child', String(index), modelPath], {
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Row;
}

async function main(): Promise<void> {
  const childIndex = process.argv.indexOf('--child');
  if (childIndex !== -1) {
    const configuration = CONFIGURATIONS[Number(process.argv[childIndex + 1])]!;
    console.log(JSON.stringify(await measure(process.argv[childIndex + 2]!, configuration)));
    return;
  }
  const realModel = process.env.SITECHAT_MODEL_PATH;
  const folder = realModel ? undefined : await mkdtemp(join(tmpdir(), 'sitechat-bench-'));
  const modelPath = realModel ?? join(folder!, 'tiny.gguf');
  if (folder) await writeFile(modelPath, buildTinyModel({ contextLength: 2048 }));
  try {
    const rows: Row[] = [];
    for (let index = 0; index < CONFIGURATIONS.length; index++) rows.push(await measureInChild(modelPath, index));
    console.log(`\nLocal model benchmark: ${realModel ?? 'generated tiny model (llama, 2 layers, n_embd 64, F32, 475 KB)'}`);
    console.log(
      `${cores} cores; up to ${MAX_ANSWERS} answers of ${MAX_TOKENS} tokens per configuration within ${BUDGET_MS / 1000} s; ` +
        'greedy, CPU only; medians per answer.\n',
    );
    console.log('| configuration | threads | load | RSS growth | answers | time to first token | tokens/s per answer | tokens/s, all answers |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const row of rows) {
      console.log(
        `| ${row.configuration} | ${row.threads} | ${row.loadMs} ms | ${row.rssMegabytes.toFixed(1)} MB | ${row.answers} | ` +
          `${row.firstTokenMs} ms | ${row.tokensPerSecond.toFixed(1)} | ${row.aggregateTokensPerSecond.toFixed(1)} |`,
      );
    }
  } finally {
    if (folder) await rm(folder, { recursive: true, force: true });
  }
}

await main();

/**
 * Diagnostic, not part of `pnpm bench`: where a request's time goes inside the server before the visitor's first
 * byte, for Sitechat and the bare pipe side by side, one stream at a time, in alternating rounds. Both servers
 * run with bench/stage-probe.ts preloaded, which times four stages of each request on the server's own clock:
 *   arrival -> model request sent -> model headers -> model's first bytes -> the server's first write.
 * The middle two are the model's (the same fake model for both); the first and the last are the server's own
 * work, and what Sitechat adds there over the bare pipe is its overhead per request: the middleware,
 * validation and the model request's making before, the parse and re-encode of the answer's first read after.
 * Prints p50, p90, p99 and mean of each stage and the client's TTFT.
 *   node bench/stages.ts [--streams=400] [--rounds=6] [--warmup=1000]
 */
import type { ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ask, freePort, option, serverNodeOptions, startLoadGenerator, startProbedServer } from './child-processes.ts';
import type { Target } from './load.ts';
import type { StageRow } from './stage-probe.ts';
import { chatTarget, openaiTarget } from './targets.ts';

const here = dirname(fileURLToPath(import.meta.url));
const streams = Number(option('streams') ?? 400);
const rounds = Number(option('rounds') ?? 6);
const warmup = Number(option('warmup') ?? 1000);

const startProcess = (script: string, args: string[], port: number, flags: string[] = []) =>
  startProbedServer(script, args, port, { preloads: [join(here, 'stage-probe.ts')], flags });

const [modelPort, sitechatPort, barePort] = await Promise.all([freePort(), freePort(), freePort()]);
const modelBase = `http://127.0.0.1:${modelPort}/v1`;
await startProcess(join(here, 'fake-model.ts'), [String(modelPort)], modelPort);
interface Server { name: string; process: ChildProcess; target: Target; rows: StageRow[]; ttft: number[] }
const servers: Server[] = [
  {
    name: 'Sitechat',
    process: await startProcess(join(here, 'sitechat-server.ts'), [String(sitechatPort), modelBase], sitechatPort, await serverNodeOptions(join(here, '..'))),
    target: chatTarget(`http://127.0.0.1:${sitechatPort}`, 'hi'),
    rows: [],
    ttft: [],
  },
  { name: 'bare pipe', process: await startProcess(join(here, 'bare-pipe.ts'), [String(barePort), modelBase], barePort), target: openaiTarget(`http://127.0.0.1:${barePort}/v1`, 'hi'), rows: [], ttft: [] },
];
const load = await startLoadGenerator();

const stagesOf = async (server: Server) => (await ask<{ rows: StageRow[] }>(server.process, { type: 'stages' })).rows;
for (const server of servers) {
  await ask(load, { type: 'run', target: server.target, concurrency: 1, total: warmup });
  await stagesOf(server);
}
for (let round = 0; round < rounds; round++) {
  for (const server of round % 2 === 0 ? servers : [...servers].reverse()) {
    const { samples } = await ask<{ samples: Array<{ ok: boolean; ttft: number }> }>(load, { type: 'run', target: server.target, concurrency: 1, total: streams });
    server.ttft.push(...samples.filter((sample) => sample.ok).map((sample) => sample.ttft));
    server.rows.push(...(await stagesOf(server)));
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
function summary(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return [0.5, 0.9, 0.99].map((p) => percentile(sorted, p).toFixed(2)).join(' / ') + ` / ${mean.toFixed(2)}`;
}
const stages: Array<[string, (row: Required<StageRow>) => number]> = [
  ['arrival to model request', (row) => row.modelRequested - row.arrived],
  ['model request to its headers', (row) => row.modelAnswered - row.modelRequested],
  ['headers to first bytes', (row) => row.firstModelBytes - row.modelAnswered],
  ['first bytes to first write', (row) => row.firstWrite - row.firstModelBytes],
  ['arrival to first write', (row) => row.firstWrite - row.arrived],
];
console.log(`1 concurrent, ${rounds} alternating rounds of ${streams} streams after ${warmup} to warm up; ms, p50 / p90 / p99 / mean`);
console.log(`| stage | ${servers.map((server) => server.name).join(' | ')} |`);
console.log(`| --- | ${servers.map(() => '---:').join(' | ')} |`);
const complete = servers.map((server) => server.rows.filter((row): row is Required<StageRow> => row.firstWrite !== undefined && row.firstModelBytes !== undefined && row.modelAnswered !== undefined));
for (const [name, of] of stages) console.log(`| ${name} | ${complete.map((rows) => summary(rows.map(of))).join(' | ')} |`);
console.log(`| client TTFT | ${servers.map((server) => summary(server.ttft)).join(' | ')} |`);
console.log(`(${complete.map((rows, index) => `${servers[index]!.name}: ${rows.length} of ${servers[index]!.rows.length} requests timed`).join('; ')})`);
process.exit(0);

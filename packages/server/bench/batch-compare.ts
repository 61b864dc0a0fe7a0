/**
 * CPU per stream of this build's Sitechat against another build's, in alternating rounds on one fake model, so
 * that both see the same machine load. `gateway.bench.ts` sends each answer in one burst, which reaches
 * Sitechat as one batch (one write for the whole answer); `--paced` sends its 200 chunks a millisecond apart, as
 * a real model's tokens arrive, so that every chunk is a batch of its own and what each batch costs shows.
 *   node bench/batch-compare.ts --compare=<packages/server of another built checkout> [--paced] [--concurrency=16]
 *     [--streams=480] [--rounds=8] [--warmup=600] [--processes=1]
 * `--processes=P` splits the rounds into P groups, each against fresh server processes (warmed up again).
 * `--compare=bare` compares against the bare pipe (bench/bare-pipe.ts) instead, and runs the fake model
 * directly in every round too, so that added time to first token (a target's TTFT p50 minus direct's, in the
 * same round) can be set against the floor's under the same load: the gateway bench measures each target once
 * per concurrency, one after the other, and the machine's load moves its ratios by 20 to 30 %.
 * Prints each round's CPU milliseconds per stream and TTFT p50 and p99, and their medians; with `--compare=bare`,
 * added TTFT p50, p99 and mean against the bare pipe's.
 */
import type { ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ask, freePort, openConnections, option, serverNodeOptions, startLoadGenerator, startProbedServer, stopProcess } from './child-processes.ts';
import type { Target } from './load.ts';
import { chatTarget, openaiTarget } from './targets.ts';

const here = dirname(fileURLToPath(import.meta.url));
const compareDir = option('compare');
if (compareDir === undefined) throw new Error('--compare=<packages/server of another built checkout> is required');
const paced = process.argv.includes('--paced');
const concurrency = Number(option('concurrency') ?? 16);
const streams = Number(option('streams') ?? (paced ? 128 : 480));
const rounds = Number(option('rounds') ?? 8);
// Node options for this build's process only, after the ones `sitechat start` adds (decision 0015), which they
// override: `--compare=<this checkout's packages/server> --node-flags=--max-semi-space-size=32` compares a build
// with and without them.
const nodeFlags = option('node-flags')?.split(' ').filter(Boolean) ?? [];

const startProcess = (script: string, args: string[], port: number, flags: string[] = []) => startProbedServer(script, args, port, { flags });

const bare = compareDir === 'bare';
// Fresh server processes for each of `--processes` groups of rounds: one process of the same build can run 10 to
// 20 % slower than another for its whole life (run R), which a single pair of processes would read as a
// difference between the builds.
const processes = Math.max(1, Math.min(rounds, Number(option('processes') ?? 1)));
const groupSize = Math.ceil(rounds / processes);
const modelPort = await freePort();
const modelBase = `http://127.0.0.1:${modelPort}/v1`;
const model = await startProcess(join(here, 'fake-model.ts'), [String(modelPort)], modelPort);
interface Build {
  name: string;
  port: number;
  /** Starts this build's server on `port`; none for direct. */
  start: ((port: number) => Promise<ChildProcess>) | undefined;
  process: ChildProcess | undefined;
  cpu: number[];
  ttft: number[];
  ttft99: number[];
  ttftMean: number[];
  kind: 'sitechat' | 'openai';
}
const thisOptions = [...(await serverNodeOptions(join(here, '..'))), ...nodeFlags];
const compareOptions = bare ? [] : await serverNodeOptions(compareDir);
const measured = (name: string, kind: Build['kind'], start: Build['start']): Build => ({ name, port: 0, start, process: undefined, cpu: [], ttft: [], ttft99: [], ttftMean: [], kind });
const builds: Build[] = [
  measured('this build', 'sitechat', (port) => startProcess(join(here, 'sitechat-server.ts'), [String(port), modelBase], port, thisOptions)),
  bare
    ? measured('bare pipe', 'openai', (port) => startProcess(join(here, 'bare-pipe.ts'), [String(port), modelBase], port))
    : measured('compared', 'sitechat', (port) => startProcess(join(compareDir, 'bench/sitechat-server.ts'), [String(port), modelBase], port, compareOptions)),
];
if (bare) builds.push({ ...measured('direct', 'openai', undefined), port: modelPort });
void model;
const load = await startLoadGenerator();

const text = paced ? '[[paced]]' : 'hi';
const target = (build: Build): Target =>
  build.kind === 'sitechat' ? chatTarget(`http://127.0.0.1:${build.port}`, text) : openaiTarget(`http://127.0.0.1:${build.port}/v1`, text);
const cpuOf = async (child: ChildProcess | undefined) => (child === undefined ? 0 : (await ask<{ cpuMs: number }>(child, { type: 'cpu' })).cpuMs);
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
const median = (values: number[]) => percentile(values, 0.5);

/** Stops the servers of the last group, starts fresh ones on new ports and warms them up. */
async function startGroup(): Promise<void> {
  for (const build of builds) {
    if (build.start === undefined) continue;
    await stopProcess(build.process);
    build.port = await freePort();
    build.process = await build.start(build.port);
  }
  // Warm up at the measured concurrency: it also opens the load generator's connections (a burst of 1,000 new
  // ones overflows listen backlogs, which would measure the kernel in the first round).
  const warmup = Number(option('warmup') ?? Math.max(600, 2 * concurrency));
  for (const build of builds) await ask(load, { type: 'run', target: target(build), concurrency, total: warmup });
}

for (let round = 0; round < rounds; round++) {
  if (round % groupSize === 0) await startGroup();
  // Each build goes first in every other round, so a drift in the machine's load is shared.
  for (const build of round % 2 === 0 ? builds : [...builds].reverse()) {
    // The idle connections of a build may have been closed while the other ran (the model connections after 4 s).
    if (concurrency >= 128) await openConnections(load, target(build), concurrency);
    const before = await cpuOf(build.process);
    const { samples } = await ask<{ samples: Array<{ ok: boolean; ttft: number; failure?: string }> }>(load, { type: 'run', target: target(build), concurrency, total: streams });
    build.cpu.push(((await cpuOf(build.process)) - before) / streams);
    const ttfts = samples.filter((sample) => sample.ok).map((sample) => sample.ttft);
    build.ttft.push(median(ttfts));
    build.ttft99.push(percentile(ttfts, 0.99));
    build.ttftMean.push(ttfts.reduce((sum, ms) => sum + ms, 0) / ttfts.length);
    const failed = samples.filter((sample) => !sample.ok).length;
    if (failed > 0) {
      const reasons = Map.groupBy(samples.filter((sample) => !sample.ok), (sample) => sample.failure ?? 'unknown');
      console.log(`${build.name}: ${failed} of ${streams} streams failed (${[...reasons].map(([reason, list]) => `${reason}: ${list.length}`).join(', ')})`);
    }
  }
}
console.log(`${paced ? 'paced' : 'burst'} answers, ${concurrency} concurrent, ${rounds} rounds of ${streams} streams, ${processes} process${processes === 1 ? '' : 'es'} per build (CPU ms per stream):`);
for (const build of builds) {
  if (build.process === undefined) continue;
  const groups = Array.from({ length: Math.ceil(rounds / groupSize) }, (_, group) => median(build.cpu.slice(group * groupSize, (group + 1) * groupSize)));
  const perProcess = processes > 1 ? `; median of each process ${groups.map((ms) => ms.toFixed(2)).join(' ')}` : '';
  console.log(`  ${build.name}: ${build.cpu.map((ms) => ms.toFixed(2)).join(' ')}; median ${median(build.cpu).toFixed(2)}${perProcess}`);
}
console.log('TTFT p50 of each round (ms):');
for (const build of builds) console.log(`  ${build.name}: ${build.ttft.map((ms) => ms.toFixed(1)).join(' ')}; median ${median(build.ttft).toFixed(1)}`);
console.log('TTFT p99 of each round (ms):');
for (const build of builds) console.log(`  ${build.name}: ${build.ttft99.map((ms) => ms.toFixed(1)).join(' ')}; median ${median(build.ttft99).toFixed(1)}`);
if (bare) {
  const [sitechat, floor, direct] = builds as [Build, Build, Build];
  const added = (build: Build) => median(build.ttft.map((ms, round) => ms - direct.ttft[round]!));
  const added99 = (build: Build) => median(build.ttft99.map((ms, round) => ms - direct.ttft99[round]!));
  const addedMean = (build: Build) => median(build.ttftMean.map((ms, round) => ms - direct.ttftMean[round]!));
  console.log(`CPU per stream: ${(median(sitechat.cpu) / median(floor.cpu)).toFixed(2)}x the bare pipe's (ratio of medians); per round ${sitechat.cpu.map((ms, round) => (ms / floor.cpu[round]!).toFixed(2)).join(' ')}`);
  console.log(`Added TTFT p50 (median over rounds of TTFT p50 minus direct's): Sitechat ${added(sitechat).toFixed(1)} ms, bare pipe ${added(floor).toFixed(1)} ms, ${(added(sitechat) / added(floor)).toFixed(2)}x`);
  console.log(`Added TTFT p99 (the same, at p99): Sitechat ${added99(sitechat).toFixed(1)} ms, bare pipe ${added99(floor).toFixed(1)} ms, ${(added99(sitechat) / added99(floor)).toFixed(2)}x`);
  // In this closed loop, a server that serves some connections first gets a low p50 and a high p99; the mean
  // (concurrency / throughput) does not depend on who waits.
  console.log(`Added TTFT mean (the same, of each round's mean): Sitechat ${addedMean(sitechat).toFixed(1)} ms, bare pipe ${addedMean(floor).toFixed(1)} ms, ${(addedMean(sitechat) / addedMean(floor)).toFixed(2)}x`);
}
process.exit(0);

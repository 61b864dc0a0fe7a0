/**
 * `pnpm bench`: Sitechat's overhead side by side with the physical floor and the Portkey AI gateway, in one run
 * on loopback. Every answer is 200 chunks from the fake model server, sent as fast as it can.
 *   (a) direct to the fake model   (b) a bare node:http pipe   (c) Sitechat (startServer)   (d) Portkey 1.15.2
 *   and, between (b) and (c), the parse floor: node:http server and client + SSE decoding + JSON.parse + re-encoding, nothing else.
 * At 1, 16, 128 and 1,000 concurrent streams, in interleaved rounds (each round runs every target once, starting at
 * a different one; the rounds' streams are pooled): time to first token (p50, p99, mean) and total time (p50, p99),
 * and what each adds over (a); streams per second; CPU per stream of the gateway process. Then memory per open stream, and
 * 5,000 concurrent open streams through Sitechat. Last, the issue's targets checked against this run's figures
 * (--quick's few streams are too few for them). Results: stdout, and bench/results/latest.json.
 *
 * Options: --quick (fewer streams, one round), --rounds=N (6 by default), --skip-portkey, --skip-held (no 5,000-stream test), --only=1,16 (levels),
 * --skip-floor (no parse floor: parse-floor.ts, the least a gateway that parses and re-encodes the answer costs,
 * measured in the load runs only), --compare=<packages/server of another built checkout> (its Sitechat as one more
 * target, "Sitechat (compare)": a before/after in one run), --no-rewarm (no second warm-up between the memory test and the
 * load runs), --same-processes (each gateway's process kept for the whole run, instead of a fresh one for every
 * round after a level's first), --per-round (each round's TTFT p50, p99 and maximum, the connections the kernel
 * dropped because a listen queue was full, and the connections opened, for every target).
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ask, connectionsOpened, freePort, listenOverflows, openConnections, serverNodeOptions, startLoadGenerator, startProbedServer, stopProcess } from './child-processes.ts';
import type { Target } from './load.ts';
import { chatTarget, openaiTarget, UI_MARKER } from './targets.ts';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const levels = (args.find((arg) => arg.startsWith('--only='))?.slice(7).split(',').map(Number) ?? [1, 16, 128, 1000]);
// Streams per target per round; each level runs ROUNDS rounds and pools their streams. At 16 and 128 a pause of a
// few milliseconds delays every stream then waiting for its first token, up to half the level's, so the pool is
// large enough that its p99 is not set by one such pause (until run S: 480 and 1,024, whose p99 was the 15th and
// the 31st slowest).
const STREAMS: Record<number, number> = quick ? { 1: 40, 16: 160, 128: 256, 1000: 1000 } : { 1: 400, 16: 2000, 128: 4096, 1000: 3000 };
// Six rounds per level (three until run T): every round after a level's first runs on fresh processes, and one
// process of a build can run 10 to 20 % slower than another for its whole life (run R), which moved a level's
// ratios by as much as the margin under the targets; six processes per target halve what one slow process can do.
const ROUNDS = Number(args.find((arg) => arg.startsWith('--rounds='))?.slice(9) ?? (quick ? 1 : 6));
const OPEN_STREAMS = 1000;
const HELD_STREAMS = 5000;

// Every process this bench starts is killed when it exits (child-processes.ts).
process.on('SIGINT', () => process.exit(130));

function ensurePortkey(): string | undefined {
  const entry = join(here, 'portkey/node_modules/@portkey-ai/gateway/build/start-server.js');
  if (existsSync(entry)) return entry;
  try {
    console.log('Installing @portkey-ai/gateway into bench/portkey (outside the workspace) ...');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: join(here, 'portkey'), stdio: 'inherit' });
    return existsSync(entry) ? entry : undefined;
  } catch {
    return undefined;
  }
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const fixed = (value: number | undefined, digits = 1) => (value !== undefined && Number.isFinite(value) ? value.toFixed(digits) : '-');

interface Sample { ttft: number; total: number; ok: boolean; failure?: string }
interface Row {
  target: string;
  concurrency: number;
  rounds: number;
  streams: number;
  failed: number;
  ttftP50: number;
  ttftP99: number;
  ttftMean: number;
  totalP50: number;
  totalP99: number;
  perSecond: number;
  cpuMsPerStream?: number;
  failures?: Record<string, number>;
  /** Connections the kernel dropped during this target's measured runs because a listen queue was full (Linux). */
  listenOverflows: number;
  /** TCP connections this machine opened during those runs (Linux): visitor to gateway, gateway to model. */
  connectionsOpened: number;
}

// ---------------------------------------------------------------------------------------------------------------
for (const built of ['../dist/node.js', '../../fake-openai/dist/index.js']) {
  if (!existsSync(join(here, built))) throw new Error(`Missing ${built}: run "pnpm build" first (pnpm bench does).`);
}
const portkeyEntry = args.includes('--skip-portkey') ? undefined : ensurePortkey();

const modelPort = await freePort();
const compareDir = args.find((arg) => arg.startsWith('--compare='))?.slice(10);
const modelBase = `http://127.0.0.1:${modelPort}/v1`;
await startProbedServer(join(here, 'fake-model.ts'), [String(modelPort)], modelPort);

/**
 * One target of the bench. A gateway's process is started by `start` on a port of its own, and again on a new
 * port for each later round of a level (`fresh`): one process of a build can run 10 to 20 % slower than another
 * for its whole life (docs/benchmarks.md, run R), so each level pools the rounds of several processes.
 */
interface Gateway {
  name: string;
  start?: (port: number) => Promise<ChildProcess>;
  port: number;
  process: ChildProcess | undefined;
  target: (text: string) => Target;
  loadOnly?: boolean;
}
const gateway = (name: string, start: (port: number) => Promise<ChildProcess>, target: (port: number, text: string) => Target, loadOnly?: boolean): Gateway => {
  const entry: Gateway = { name, start, port: 0, process: undefined, target: (text) => target(entry.port, text), loadOnly };
  return entry;
};
const chat = (port: number, text: string): Target => chatTarget(`http://127.0.0.1:${port}`, text);
const sitechatOptions = await serverNodeOptions(join(here, '..'));
const targets: Gateway[] = [
  { name: 'direct', port: modelPort, process: undefined, target: (text) => openaiTarget(modelBase, text) },
  gateway('bare pipe', (port) => startProbedServer(join(here, 'bare-pipe.ts'), [String(port), modelBase], port), (port, text) => openaiTarget(`http://127.0.0.1:${port}/v1`, text)),
  // Sitechat with the Node options `sitechat start` restarts itself with (decision 0015).
  gateway('Sitechat', (port) => startProbedServer(join(here, 'sitechat-server.ts'), [String(port), modelBase], port, { flags: sitechatOptions }), chat),
];
if (compareDir !== undefined) {
  const compareOptions = await serverNodeOptions(compareDir);
  targets.push(gateway('Sitechat (compare)', (port) => startProbedServer(join(compareDir, 'bench/sitechat-server.ts'), [String(port), modelBase], port, { flags: compareOptions }), chat));
}
if (!args.includes('--skip-floor')) {
  // It answers every request with the same fast reply, so it has no place in the open-stream (memory) tests.
  const start = (port: number) => startProbedServer(join(here, 'parse-floor.ts'), [String(port), modelBase], port);
  targets.splice(2, 0, gateway('parse floor', start, (port) => ({ url: `http://127.0.0.1:${port}/`, body: '{}', headers: { 'content-type': 'application/json' }, marker: UI_MARKER }), true));
}
if (portkeyEntry !== undefined) {
  const start = (port: number) => startProbedServer(portkeyEntry, [`--port=${port}`, '--headless'], port, { quiet: true });
  targets.push(gateway('Portkey', start, (port, text) => openaiTarget(`http://127.0.0.1:${port}/v1`, text, { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': modelBase })));
}
const fresh = !args.includes('--same-processes');
const perRound = args.includes('--per-round');

/** Stops `entry`'s process, if any, and starts a new one on a new port. */
async function startGateway(entry: Gateway): Promise<void> {
  if (entry.start === undefined) return;
  await stopProcess(entry.process);
  entry.port = await freePort();
  entry.process = await entry.start(entry.port);
}
for (const entry of targets) await startGateway(entry);
const load = await startLoadGenerator();

const cpuOf = async (child: ChildProcess | undefined) => (child === undefined ? 0 : (await ask<{ cpuMs: number }>(child, { type: 'cpu' })).cpuMs);
const memoryOf = (child: ChildProcess, gc = true) => ask<{ rss: number; heapUsed: number; external: number; arrayBuffers: number }>(child, { type: 'memory', gc });

console.log(`Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}`);
// A new process reaches its steady CPU per stream after about 1,000 streams (the code optimised, the young
// generation grown): 3.5 to 3.9 ms in Sitechat's first 250 at 16 concurrent, 1.8 to 2.0 after (run R).
async function warmUp({ name, target }: Gateway): Promise<void> {
  const { samples } = await ask<{ samples: Sample[] }>(load, { type: 'run', target: target('warm up'), concurrency: 16, total: quick ? 100 : 1000 });
  const failed = samples.filter((sample) => !sample.ok).length;
  // A few failures under load are measured later; all of them failing is a setup problem.
  if (failed === samples.length) throw new Error(`${name}: every warm-up stream failed; is it configured right?`);
  if (failed > 0) console.log(`${name}: ${failed} of ${samples.length} warm-up streams failed`);
}
for (const entry of targets) await warmUp(entry);

// Memory per open stream, first (before the load runs grow the heaps): open streams held by the slow reply,
// memory after a GC, before and during.
const memory: Array<{ target: string; streams: number; rssPerStreamKiB: number; heapPerStreamKiB: number; withFirstToken: number }> = [];
for (const { name, process: child, target, loadOnly } of targets) {
  if (child === undefined || loadOnly) continue;
  const before = await memoryOf(child);
  const held = await ask<{ withFirstToken: number }>(load, { type: 'hold', target: target('[[hold]]'), count: OPEN_STREAMS, timeoutMs: 60_000 });
  const during = await memoryOf(child);
  await ask(load, { type: 'cut' });
  const entry = {
    target: name,
    streams: OPEN_STREAMS,
    rssPerStreamKiB: (during.rss - before.rss) / OPEN_STREAMS / 1024,
    heapPerStreamKiB: (during.heapUsed + during.external - before.heapUsed - before.external) / OPEN_STREAMS / 1024,
    withFirstToken: held.withFirstToken,
  };
  memory.push(entry);
  console.log(`memory ${name}: ${fixed(entry.rssPerStreamKiB)} KiB RSS, ${fixed(entry.heapPerStreamKiB)} KiB heap+external per open stream (${entry.withFirstToken}/${OPEN_STREAMS} open)`);
  await new Promise((resolve) => setTimeout(resolve, 1500));
}

// Warm up again after the memory test: its forced GCs shrink V8's young generation and its 1,000 cut streams run
// the abort paths, so that the next few hundred streams of a target that allocates (every gateway but the bare
// pipe) would measure the recovery from that rather than its steady state. --no-rewarm leaves this out.
if (!args.includes('--no-rewarm')) {
  for (const { target } of targets) await ask(load, { type: 'run', target: target('warm up'), concurrency: 16, total: quick ? 100 : 300 });
}

const rows: Row[] = [];
for (const concurrency of levels) {
  const streams = STREAMS[concurrency] ?? concurrency * 2;
  const pooled = new Map(targets.map(({ name }) => [name, { samples: [] as Sample[], wallMs: 0, cpuMs: 0, overflows: 0, opened: 0 }]));
  // Round r runs every target once, starting at the r-th: no target always runs first or after the same one,
  // and a few seconds of machine noise lands in one round of each target rather than in all of one.
  for (let round = 0; round < ROUNDS; round++) {
    // Fresh processes for every round after a level's first. A level's first round runs on the processes of the
    // round before it; at the first level, on those the memory test ran on, warmed up again.
    if (fresh && round > 0) {
      for (const entry of targets) {
        if (entry.start === undefined) continue;
        await startGateway(entry);
        await warmUp(entry);
      }
    }
    for (const { name, process: child, target } of targets.map((_, i) => targets[(i + round) % targets.length]!)) {
      if (concurrency >= 128) await openConnections(load, target('warm up'), concurrency);
      const overflowsBefore = listenOverflows();
      const opensBefore = connectionsOpened();
      const cpuBefore = await cpuOf(child);
      const { samples, wallMs } = await ask<{ samples: Sample[]; wallMs: number }>(load, { type: 'run', target: target('hello'), concurrency, total: streams });
      const entry = pooled.get(name)!;
      entry.cpuMs += (await cpuOf(child)) - cpuBefore;
      entry.samples.push(...samples);
      const overflows = listenOverflows() - overflowsBefore;
      const opened = connectionsOpened() - opensBefore;
      entry.overflows += overflows;
      entry.opened += opened;
      if (perRound) {
        const ttfts = samples.filter((sample) => sample.ok).map((sample) => sample.ttft);
        console.log(`  round ${round} c=${concurrency} ${name}: ttft p50 ${fixed(percentile(ttfts, 50))} p99 ${fixed(percentile(ttfts, 99))} max ${fixed(Math.max(...ttfts))} ms, listen overflows ${overflows}, connections opened ${opened}`);
      }
      entry.wallMs += wallMs;
    }
  }
  for (const { name, process: child } of targets) {
    const { samples, wallMs, cpuMs, overflows, opened } = pooled.get(name)!;
    const good = samples.filter((sample) => sample.ok);
    const row: Row = {
      target: name,
      concurrency,
      rounds: ROUNDS,
      streams: samples.length,
      failed: samples.length - good.length,
      ttftP50: percentile(good.map((sample) => sample.ttft), 50),
      ttftP99: percentile(good.map((sample) => sample.ttft), 99),
      ttftMean: good.reduce((sum, sample) => sum + sample.ttft, 0) / good.length,
      totalP50: percentile(good.map((sample) => sample.total), 50),
      totalP99: percentile(good.map((sample) => sample.total), 99),
      perSecond: (good.length / wallMs) * 1000,
      ...(child === undefined ? {} : { cpuMsPerStream: cpuMs / samples.length }),
      listenOverflows: overflows,
      connectionsOpened: opened,
    };
    const reasons = new Map<string, number>();
    for (const sample of samples) if (!sample.ok) reasons.set(sample.failure ?? '?', (reasons.get(sample.failure ?? '?') ?? 0) + 1);
    if (reasons.size > 0) row.failures = Object.fromEntries(reasons);
    rows.push(row);
    console.log(`c=${concurrency} ${name}: ttft p50 ${fixed(row.ttftP50)} p99 ${fixed(row.ttftP99)} ms, total p50 ${fixed(row.totalP50)} p99 ${fixed(row.totalP99)} ms, ${fixed(row.perSecond, 0)}/s, cpu ${fixed(row.cpuMsPerStream ?? NaN, 2)} ms/stream, failed ${row.failed}${row.failures ? ` ${JSON.stringify(row.failures)}` : ''}${overflows > 0 ? `, ${overflows} connections dropped by a full listen queue` : ''}, ${opened} connections opened`);
  }
}

// 5,000 concurrent open streams through Sitechat: opened at 50 a second, each answer lasting 120 s, so that all
// 5,000 are open together at the peak; every one must get its first token and finish complete.
let held5k: Record<string, number> | undefined;
if (!args.includes('--skip-held')) {
  const { target: sitechatTarget, process: sitechat, port: sitechatPort } = targets.find((entry) => entry.name === 'Sitechat')!;
  const heldTarget = sitechatTarget('[[hold]]');
  const before5k = await memoryOf(sitechat!);
  let peakActive = 0;
  let peakRss = 0;
  const poll = setInterval(async () => {
    const text = await (await fetch(`http://127.0.0.1:${sitechatPort}/metrics`).catch(() => undefined))?.text().catch(() => '');
    peakActive = Math.max(peakActive, Number(/^sitechat_active_streams (\d+)/m.exec(text ?? '')?.[1] ?? 0));
    peakRss = Math.max(peakRss, (await memoryOf(sitechat!, false)).rss);
  }, 2000);
  const opened = await ask<{ withFirstToken: number; wallMs: number }>(load, { type: 'hold', target: heldTarget, count: HELD_STREAMS, rate: 50, timeoutMs: 180_000 });
  const { samples: heldSamples } = await ask<{ samples: Sample[] }>(load, { type: 'end' });
  clearInterval(poll);
  held5k = {
    streams: HELD_STREAMS,
    withFirstToken: opened.withFirstToken,
    peakActiveOnServer: peakActive,
    completed: heldSamples.filter((sample) => sample.ok).length,
    ttftP50: percentile(heldSamples.map((sample) => sample.ttft), 50),
    ttftP99: percentile(heldSamples.map((sample) => sample.ttft), 99),
    peakRssMiB: peakRss / 2 ** 20,
    rssPerStreamKiB: (peakRss - before5k.rss) / HELD_STREAMS / 1024,
  };
  console.log(`5,000 streams through Sitechat: ${held5k.withFirstToken} got their first token, peak ${peakActive} open at once on the server, ${held5k.completed} completed; ttft p50 ${fixed(held5k.ttftP50)} p99 ${fixed(held5k.ttftP99)} ms; peak RSS ${fixed(held5k.peakRssMiB)} MiB`);
}

// ---------------------------------------------------------------------------------------------------------------
const direct = (concurrency: number) => rows.find((row) => row.target === 'direct' && row.concurrency === concurrency)!;
// The mean as well: in this closed loop a target that serves some connections first has a low p50 and a high p99,
// while the mean (concurrency / throughput) does not depend on the order of service (docs/benchmarks.md, run M).
console.log('\n| concurrency | target | added TTFT p50 | added TTFT p99 | added TTFT mean | total p50 | total p99 | streams/s | CPU ms/stream | failed |');
console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) {
  const base = direct(row.concurrency);
  const added = (value: number, reference: number) => (row.target === 'direct' ? `(${fixed(value)})` : fixed(value - reference));
  console.log(`| ${row.concurrency} | ${row.target} | ${added(row.ttftP50, base.ttftP50)} | ${added(row.ttftP99, base.ttftP99)} | ${added(row.ttftMean, base.ttftMean)} | ${fixed(row.totalP50)} | ${fixed(row.totalP99)} | ${fixed(row.perSecond, 0)} | ${row.cpuMsPerStream === undefined ? '-' : fixed(row.cpuMsPerStream, 2)} | ${row.failed} |`);
}
mkdirSync(join(here, 'results'), { recursive: true });
// The issue's targets, checked from this run's rows: Sitechat's added TTFT p50 and p99 below Portkey's and within
// 2x of the bare pipe's, its CPU per stream at most 2x the bare pipe's. An added value at or below zero (under
// direct's) is within any multiple of a positive one.
const within = (value: number, limit: number) => value <= 0 || (limit > 0 && value <= limit);
const checks = levels.flatMap((concurrency) => {
  const of = (name: string) => rows.find((row) => row.target === name && row.concurrency === concurrency);
  const [floorRow, ours, other] = [of('bare pipe'), of('Sitechat'), of('Portkey')];
  if (floorRow === undefined || ours === undefined) return [];
  const base = direct(concurrency);
  const added = (row: Row, key: 'ttftP50' | 'ttftP99') => row[key] - base[key];
  const check = {
    concurrency,
    p50: { sitechat: added(ours, 'ttftP50'), barePipe: added(floorRow, 'ttftP50'), portkey: other && added(other, 'ttftP50') },
    p99: { sitechat: added(ours, 'ttftP99'), barePipe: added(floorRow, 'ttftP99'), portkey: other && added(other, 'ttftP99') },
    cpu: { sitechat: ours.cpuMsPerStream ?? NaN, barePipe: floorRow.cpuMsPerStream ?? NaN },
  };
  return [{
    ...check,
    met: {
      p50WithinTwiceBarePipe: within(check.p50.sitechat, 2 * check.p50.barePipe),
      p99WithinTwiceBarePipe: within(check.p99.sitechat, 2 * check.p99.barePipe),
      cpuWithinTwiceBarePipe: check.cpu.sitechat <= 2 * check.cpu.barePipe,
      ...(other === undefined ? {} : { belowPortkey: check.p50.sitechat < check.p50.portkey! && check.p99.sitechat < check.p99.portkey! }),
    },
  }];
});
const ratio = (value: number, reference: number) => (value <= 0 ? 'under direct' : reference <= 0 ? '-' : `${fixed(value / reference, 2)}x`);
const mark = (met: boolean | undefined) => (met === undefined ? '-' : met ? 'met' : '**not met**');
console.log('\nTargets: Sitechat against the bare pipe (added TTFT, CPU per stream) and Portkey (added TTFT p50 and p99)');
console.log('| concurrency | added p50 | added p99 | CPU | below Portkey |');
console.log('| ---: | --- | --- | --- | --- |');
for (const { concurrency, p50, p99, cpu, met } of checks) {
  console.log(`| ${concurrency} | ${ratio(p50.sitechat, p50.barePipe)}, ${mark(met.p50WithinTwiceBarePipe)} | ${ratio(p99.sitechat, p99.barePipe)}, ${mark(met.p99WithinTwiceBarePipe)} | ${fixed(cpu.sitechat / cpu.barePipe, 2)}x, ${mark(met.cpuWithinTwiceBarePipe)} | ${mark(met.belowPortkey)} |`);
}
const results = { date: new Date().toISOString(), node: process.version, cpus: cpus().map((cpu) => cpu.model)[0], cores: cpus().length, rows, targets: checks, memory, held5k };
writeFileSync(join(here, 'results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('\nWritten: bench/results/latest.json');
process.exit(0);

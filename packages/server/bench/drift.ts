/**
 * Diagnostic, not part of `pnpm bench`: one server alone under steady load for many rounds, to see whether a
 * long-running process gets slower. Prints each round's CPU per stream, TTFT p50 and p99, and the young and
 * full collections in it (from `--trace-gc`). This is how run O found the runs of back-to-back full
 * collections that decision 0015 removed.
 *   node bench/drift.ts [--concurrency=1] [--streams=400] [--rounds=20] [--bare] [--node-flags="--max-semi-space-size=32"] [--trace=<file>]
 * `--trace` keeps the server's standard output (request log lines and the GC trace) in that file.
 * Sitechat runs with the Node options `sitechat start` adds; `--node-flags` come after them (and override them).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ask, freePort, option, serverNodeOptions, waitForPort } from './child-processes.ts';
import { chatTarget, openaiTarget } from './targets.ts';

const here = dirname(fileURLToPath(import.meta.url));
const concurrency = Number(option('concurrency') ?? 1);
const streams = Number(option('streams') ?? 400);
const rounds = Number(option('rounds') ?? 20);
const bare = process.argv.includes('--bare');
const flags = [...(bare ? [] : await serverNodeOptions(join(here, '..'))), ...(option('node-flags')?.split(' ').filter(Boolean) ?? [])];
const traceDirectory = mkdtempSync(join(tmpdir(), 'sitechat-drift-'));
const trace = option('trace') ?? join(traceDirectory, 'trace-gc.txt');

const [modelPort, port] = await Promise.all([freePort(), freePort()]);
const modelBase = `http://127.0.0.1:${modelPort}/v1`;
const model = fork(join(here, 'fake-model.ts'), [String(modelPort)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
await waitForPort(modelPort, model, 'fake model');
// Its standard output (request log lines and the GC trace) goes to a file, read after each round.
const server = fork(join(here, bare ? 'bare-pipe.ts' : 'sitechat-server.ts'), [String(port), modelBase], {
  execArgv: [...flags, '--trace-gc', '--import', join(here, 'probe.ts')],
  stdio: ['ignore', openSync(trace, 'w'), 'inherit', 'ipc'],
  cwd: here,
});
await waitForPort(port, server, 'server');
const load = fork(join(here, 'load.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
await new Promise((resolve) => load.once('message', resolve));
process.on('exit', () => {
  [model, server, load].forEach((child) => child.kill('SIGKILL'));
  rmSync(traceDirectory, { recursive: true, force: true });
});

const target = bare ? openaiTarget(`http://127.0.0.1:${port}/v1`, 'hi') : chatTarget(`http://127.0.0.1:${port}`, 'hi');
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
const cpu = async () => (await ask<{ cpuMs: number }>(server, { type: 'cpu' })).cpuMs;
console.log(`${bare ? 'bare pipe' : 'Sitechat'} (${flags.join(' ') || 'no Node options'}), ${concurrency} concurrent, ${rounds} rounds of ${streams} streams`);
let linesSeen = 0;
for (let round = 0; round < rounds; round++) {
  const before = await cpu();
  const { samples } = await ask<{ samples: Array<{ ok: boolean; ttft: number }> }>(load, { type: 'run', target, concurrency, total: streams });
  const cpuMs = ((await cpu()) - before) / streams;
  const ttfts = samples.filter((sample) => sample.ok).map((sample) => sample.ttft);
  const lines = readFileSync(trace, 'utf8').split('\n');
  const fresh = lines.slice(linesSeen, -1);
  linesSeen = lines.length - 1;
  const count = (kind: RegExp) => fresh.filter((line) => kind.test(line)).length;
  console.log(
    `round ${String(round).padStart(2)}: CPU ${cpuMs.toFixed(2)} ms/stream, TTFT p50 ${percentile(ttfts, 0.5).toFixed(1)} p99 ${percentile(ttfts, 0.99).toFixed(1)} ms, ` +
      `young collections ${count(/: Scavenge/)}, full ${count(/: Mark-Compact/)}, failed ${samples.length - ttfts.length}`,
  );
}
process.exit(0);

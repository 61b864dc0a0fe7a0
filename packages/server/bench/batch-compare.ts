/**
 * CPU per stream of this build's Sitechat against another build's, in alternating rounds on one fake model, so
 * that both see the same machine load. `gateway.bench.ts` sends each answer in one burst, which reaches
 * Sitechat as one batch (one write for the whole answer); `--paced` sends its 200 chunks a millisecond apart, as
 * a real model's tokens arrive, so that every chunk is a batch of its own and what each batch costs shows.
 *   node bench/batch-compare.ts --compare=<packages/server of another built checkout> [--paced] [--concurrency=16]
 *     [--streams=480] [--rounds=8]
 * Prints each round's CPU milliseconds per stream and the medians.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ask, freePort, waitForPort } from './child-processes.ts';
import type { Target } from './load.ts';

const here = dirname(fileURLToPath(import.meta.url));
const option = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const compareDir = option('compare');
if (compareDir === undefined) throw new Error('--compare=<packages/server of another built checkout> is required');
const paced = process.argv.includes('--paced');
const concurrency = Number(option('concurrency') ?? 16);
const streams = Number(option('streams') ?? (paced ? 128 : 480));
const rounds = Number(option('rounds') ?? 8);

const children: ChildProcess[] = [];
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));


async function startProcess(script: string, args: string[], port: number): Promise<ChildProcess> {
  const child = fork(script, args, { execArgv: ['--expose-gc', '--import', join(here, 'probe.ts')], stdio: ['ignore', 'ignore', 'inherit', 'ipc'], cwd: dirname(script) });
  children.push(child);
  await waitForPort(port, child, script);
  return child;
}

const [modelPort, thisPort, comparePort] = await Promise.all([freePort(), freePort(), freePort()]);
const modelBase = `http://127.0.0.1:${modelPort}/v1`;
await startProcess(join(here, 'fake-model.ts'), [String(modelPort)], modelPort);
const builds = [
  { name: 'this build', port: thisPort, process: await startProcess(join(here, 'sitechat-server.ts'), [String(thisPort), modelBase], thisPort), cpu: [] as number[] },
  { name: 'compared', port: comparePort, process: await startProcess(join(compareDir, 'bench/sitechat-server.ts'), [String(comparePort), modelBase], comparePort), cpu: [] as number[] },
];
const load = fork(join(here, 'load.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
children.push(load);
await new Promise((resolve) => load.once('message', resolve));

const target = (port: number): Target => ({
  url: `http://127.0.0.1:${port}/api/chat`,
  body: JSON.stringify({ id: 'bench', trigger: 'submit-message', messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: paced ? '[[paced]]' : 'hi' }] }] }),
  headers: { 'content-type': 'application/json' },
  marker: '"type":"text-delta"',
});
const cpuOf = async (child: ChildProcess) => (await ask<{ cpuMs: number }>(child, { type: 'cpu' })).cpuMs;

for (const build of builds) await ask(load, { type: 'run', target: target(build.port), concurrency: 16, total: 600 });
for (let round = 0; round < rounds; round++) {
  // Each build goes first in every other round, so a drift in the machine's load is shared.
  for (const build of round % 2 === 0 ? builds : [...builds].reverse()) {
    const before = await cpuOf(build.process);
    const { samples } = await ask<{ samples: Array<{ ok: boolean }> }>(load, { type: 'run', target: target(build.port), concurrency, total: streams });
    build.cpu.push(((await cpuOf(build.process)) - before) / streams);
    const failed = samples.filter((sample) => !sample.ok).length;
    if (failed > 0) console.log(`${build.name}: ${failed} of ${streams} streams failed`);
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
console.log(`${paced ? 'paced' : 'burst'} answers, ${concurrency} concurrent, ${rounds} rounds of ${streams} streams (CPU ms per stream):`);
for (const build of builds) console.log(`  ${build.name}: ${build.cpu.map((ms) => ms.toFixed(2)).join(' ')}; median ${median(build.cpu).toFixed(2)}`);
process.exit(0);

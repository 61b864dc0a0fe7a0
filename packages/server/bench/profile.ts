/**
 * Diagnostic, not part of `pnpm bench`: a CPU profile of this build's Sitechat (bench/sitechat-server.ts) under
 * load from bench/load.ts, for finding where a streamed answer's CPU goes. Warms up, then profiles `--rounds`
 * rounds of `--streams` streams at `--concurrency`, and prints the profile's heaviest functions by self time
 * (the `.cpuprofile` is left in `--out`, for Chrome's DevTools).
 * With `--heap`, a sampling allocation profile instead (every allocation, also those the GC collected), by
 * allocating function: what makes the garbage.
 * With `--bare`, the bare pipe instead of Sitechat.
 * With `--heap --promoted`, only what outlived the young generation (promoted, then collected by a full collection
 * or still alive at the end): what makes young collections slow and the old generation grow.
 *   node bench/profile.ts [--concurrency=16] [--streams=480] [--rounds=3] [--paced] [--heap [--promoted]] [--bare] [--out=/tmp/sitechat-profile]
 */
import { fork } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ask, freePort, option, serverNodeOptions, waitForPort } from './child-processes.ts';
import { chatTarget, openaiTarget } from './targets.ts';

const here = dirname(fileURLToPath(import.meta.url));
const concurrency = Number(option('concurrency') ?? 16);
const streams = Number(option('streams') ?? 480);
const rounds = Number(option('rounds') ?? 3);
const paced = process.argv.includes('--paced');
const heap = process.argv.includes('--heap');
// --promoted (with --heap): only what outlived the young generation, collected by a full collection or still alive.
const promoted = process.argv.includes('--promoted');
// --bare: profile the bare pipe (bench/bare-pipe.ts) instead, for a side-by-side breakdown.
const bare = process.argv.includes('--bare');
const out = option('out') ?? '/tmp/sitechat-profile';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const [modelPort, port] = await Promise.all([freePort(), freePort()]);
const modelBase = `http://127.0.0.1:${modelPort}/v1`;
const model = fork(join(here, 'fake-model.ts'), [String(modelPort)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
await waitForPort(modelPort, model, 'fake model');
// The profile starts when told (after the warm-up) and is written when the process is told to exit.
const server = fork(join(here, bare ? 'bare-pipe.ts' : 'sitechat-server.ts'), [String(port), modelBase], {
  // Sitechat with the Node options `sitechat start` adds (decision 0015).
  execArgv: [...(bare ? [] : await serverNodeOptions(join(here, '..'))), '--import', join(here, 'probe.ts'), '--import', 'data:text/javascript,' + encodeURIComponent(
    `import { Session } from 'node:inspector/promises'; import { writeFileSync } from 'node:fs';
     const session = new Session(); session.connect(); await session.post('Profiler.enable');
     process.on('message', async (m) => {
       if (m?.type === 'profile-start') { await session.post(m.heap ? 'HeapProfiler.startSampling' : 'Profiler.start', m.heap ? { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: !m.promoted } : {}); process.send({ id: m.id }); }
       if (m?.type === 'profile-stop') { const { profile } = await session.post(m.heap ? 'HeapProfiler.stopSampling' : 'Profiler.stop'); writeFileSync(m.file, JSON.stringify(profile)); process.send({ id: m.id }); }
     });`)],
  stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  cwd: here,
});
await waitForPort(port, server, 'Sitechat');
const load = fork(join(here, 'load.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
await new Promise((resolve) => load.once('message', resolve));
process.on('exit', () => [model, server, load].forEach((child) => child.kill('SIGKILL')));

const text = paced ? '[[paced]]' : 'hi';
const target = bare ? openaiTarget(`http://127.0.0.1:${port}/v1`, text) : chatTarget(`http://127.0.0.1:${port}`, text);
await ask(load, { type: 'run', target, concurrency, total: 1000 });
const cpu = async () => (await ask<{ cpuMs: number }>(server, { type: 'cpu' })).cpuMs;
await ask(server, { type: 'profile-start', heap, promoted });
const before = await cpu();
for (let round = 0; round < rounds; round++) await ask(load, { type: 'run', target, concurrency, total: streams });
const cpuPerStream = ((await cpu()) - before) / (rounds * streams);
const file = join(out, heap ? 'sitechat.heapprofile' : 'sitechat.cpuprofile');
await ask(server, { type: 'profile-stop', file, heap });
const where = (frame: { functionName: string; url: string; lineNumber: number }) =>
  `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '').replace(/^file:\/\/.*\/packages\//, '')}:${frame.lineNumber + 1}`;
if (heap) {
  interface HeapNode { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: HeapNode[] }
  const { head } = JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode };
  const bytes = new Map<string, number>();
  let all = 0;
  const visit = (node: HeapNode) => {
    all += node.selfSize;
    if (node.selfSize > 0) bytes.set(where(node.callFrame), (bytes.get(where(node.callFrame)) ?? 0) + node.selfSize);
    node.children.forEach(visit);
  };
  visit(head);
  const streamsProfiled = rounds * streams;
  console.log(`${rounds} x ${streams} streams at ${concurrency} concurrent: ${cpuPerStream.toFixed(2)} ms CPU per stream; about ${(all / streamsProfiled / 1024).toFixed(1)} KiB allocated per stream (sampled); profile in ${file}`);
  for (const [key, size] of [...bytes].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${(size / streamsProfiled).toFixed(0).padStart(7)} B/stream  ${key}`);
  process.exit(0);
}

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[] };
const self = new Map<string, number>();
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
for (const id of profile.samples) {
  const key = where(byId.get(id)!.callFrame);
  self.set(key, (self.get(key) ?? 0) + 1);
}
const total = profile.samples.length;
console.log(`${rounds} x ${streams} streams at ${concurrency} concurrent${paced ? ', paced' : ''}: ${cpuPerStream.toFixed(2)} ms CPU per stream; ${total} samples; profile in ${file}`);
for (const [key, count] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${((100 * count) / total).toFixed(1).padStart(5)} %  ${key}`);
process.exit(0);

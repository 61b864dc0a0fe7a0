/**
 * Diagnostic, not part of `pnpm bench`: a CPU profile of this build's Sitechat (bench/sitechat-server.ts) under
 * load from bench/load.ts, for finding where a streamed answer's CPU goes. Warms up, then profiles `--rounds`
 * rounds of `--streams` streams at `--concurrency`, and prints the profile's heaviest functions by self time
 * (the `.cpuprofile` is left in `--out`, for Chrome's DevTools).
 *   node bench/profile.ts [--concurrency=16] [--streams=480] [--rounds=3] [--paced] [--out=/tmp/sitechat-profile]
 */
import { fork } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ask, freePort, waitForPort } from './child-processes.ts';
import type { Target } from './load.ts';

const here = dirname(fileURLToPath(import.meta.url));
const option = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const concurrency = Number(option('concurrency') ?? 16);
const streams = Number(option('streams') ?? 480);
const rounds = Number(option('rounds') ?? 3);
const paced = process.argv.includes('--paced');
const out = option('out') ?? '/tmp/sitechat-profile';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const [modelPort, port] = await Promise.all([freePort(), freePort()]);
const modelBase = `http://127.0.0.1:${modelPort}/v1`;
const model = fork(join(here, 'fake-model.ts'), [String(modelPort)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
await waitForPort(modelPort, model, 'fake model');
// The profile starts when told (after the warm-up) and is written when the process is told to exit.
const server = fork(join(here, 'sitechat-server.ts'), [String(port), modelBase], {
  execArgv: ['--import', join(here, 'probe.ts'), '--import', 'data:text/javascript,' + encodeURIComponent(
    `import { Session } from 'node:inspector/promises'; import { writeFileSync } from 'node:fs';
     const session = new Session(); session.connect(); await session.post('Profiler.enable');
     process.on('message', async (m) => {
       if (m?.type === 'profile-start') { await session.post('Profiler.start'); process.send({ id: m.id }); }
       if (m?.type === 'profile-stop') { const { profile } = await session.post('Profiler.stop'); writeFileSync(m.file, JSON.stringify(profile)); process.send({ id: m.id }); }
     });`)],
  stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  cwd: here,
});
await waitForPort(port, server, 'Sitechat');
const load = fork(join(here, 'load.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
await new Promise((resolve) => load.once('message', resolve));
process.on('exit', () => [model, server, load].forEach((child) => child.kill('SIGKILL')));

const target: Target = {
  url: `http://127.0.0.1:${port}/api/chat`,
  body: JSON.stringify({ id: 'bench', trigger: 'submit-message', messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: paced ? '[[paced]]' : 'hi' }] }] }),
  headers: { 'content-type': 'application/json' },
  marker: '"type":"text-delta"',
};
await ask(load, { type: 'run', target, concurrency, total: 1000 });
const cpu = async () => (await ask<{ cpuMs: number }>(server, { type: 'cpu' })).cpuMs;
await ask(server, { type: 'profile-start' });
const before = await cpu();
for (let round = 0; round < rounds; round++) await ask(load, { type: 'run', target, concurrency, total: streams });
const cpuPerStream = ((await cpu()) - before) / (rounds * streams);
const file = join(out, 'sitechat.cpuprofile');
await ask(server, { type: 'profile-stop', file });

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[] };
const self = new Map<string, number>();
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
for (const id of profile.samples) {
  const frame = byId.get(id)!.callFrame;
  const where = frame.url.replace(/^.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '').replace(/^file:\/\/.*\/packages\//, '');
  const key = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + 1);
}
const total = profile.samples.length;
console.log(`${rounds} x ${streams} streams at ${concurrency} concurrent${paced ? ', paced' : ''}: ${cpuPerStream.toFixed(2)} ms CPU per stream; ${total} samples; profile in ${file}`);
for (const [key, count] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${((100 * count) / total).toFixed(1).padStart(5)} %  ${key}`);
void readdirSync;
process.exit(0);

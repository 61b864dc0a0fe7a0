/**
 * `sitechat start` runs with a 16 MiB young generation (decision 0015): the command restarts itself in place
 * with the option unless the owner gave it a value of their own. The process tests run the built command
 * (dist/, so `pnpm build` first) and read its command line from /proc (Linux).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeModelServer, type FakeModelServer } from '@sitechat/fake-openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startsServer } from './cli/start-syntax.js';
import { missingServerNodeOptions, SERVER_NODE_OPTIONS } from './node-options.js';

describe('missingServerNodeOptions', () => {
  it('adds the young generation size to a process started without one', () => {
    expect(SERVER_NODE_OPTIONS).toEqual(['--max-semi-space-size=16']);
    expect(missingServerNodeOptions([], undefined)).toEqual(['--max-semi-space-size=16']);
    expect(missingServerNodeOptions(['--enable-source-maps'], '--max-old-space-size=512')).toEqual(['--max-semi-space-size=16']);
  });

  it("keeps the owner's own value, given on the command line or in NODE_OPTIONS, in either spelling", () => {
    expect(missingServerNodeOptions(['--max-semi-space-size=64'], undefined)).toEqual([]);
    expect(missingServerNodeOptions([], '--enable-source-maps  --max-semi-space-size=8')).toEqual([]);
    expect(missingServerNodeOptions(['--max_semi_space_size=32'], '')).toEqual([]);
  });
});

describe('startsServer', () => {
  it('is true only for a valid `start` command line that does not ask for help', () => {
    expect(startsServer(['start'])).toBe(true);
    expect(startsServer(['start', '--port', '8080', '--site', 'public'])).toBe(true);
    expect(startsServer(['--config', 'start', 'start'])).toBe(true);
    expect(startsServer(['start', '--help'])).toBe(false);
    expect(startsServer(['start', '--prot', '80'])).toBe(false);
    expect(startsServer(['start', 'now'])).toBe(false);
    expect(startsServer(['--config', 'start'])).toBe(false);
    expect(startsServer(['doctor', 'https://example.com'])).toBe(false);
    expect(startsServer(['export', 'sft', '--out', 'start'])).toBe(false);
    expect(startsServer([])).toBe(false);
  });
});

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
let model: FakeModelServer;
let directory: string;
let child: ChildProcess | undefined;

beforeAll(async () => {
  model = await startFakeModelServer();
  directory = await mkdtemp(join(tmpdir(), 'sitechat-node-options-'));
});
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});
afterAll(async () => {
  await model?.close();
  await rm(directory, { recursive: true, force: true });
});

/** Runs `sitechat start` on a free port; resolves with the process and its URL once it listens. */
async function start(env: Record<string, string> = {}): Promise<{ process: ChildProcess; url: string }> {
  const spawned = spawn(process.execPath, [cli, 'start', '--port', '0', '--host', '127.0.0.1'], {
    cwd: directory,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: model.url, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = spawned;
  let output = '';
  spawned.stderr!.on('data', (data) => (output += String(data)));
  const url = await new Promise<string>((resolve, reject) => {
    spawned.stdout!.on('data', (data) => {
      output += String(data);
      const running = /Sitechat is running at (\S+)/.exec(output);
      if (running) resolve(running[1]!);
    });
    spawned.once('exit', (code) => reject(new Error(`sitechat start exited (${code}):\n${output}`)));
  });
  return { process: spawned, url };
}

const commandLine = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);

describe.runIf(process.platform === 'linux')('sitechat start (the built command)', () => {
  it('restarts in place with the young generation size, then serves and stops on SIGTERM as before', async () => {
    const { process: server, url } = await start();
    const args = commandLine(server.pid!);
    // The same process (execve), its Node options before the script, given once.
    expect(args.filter((arg) => arg === '--max-semi-space-size=16')).toHaveLength(1);
    expect(args.indexOf('--max-semi-space-size=16')).toBeLessThan(args.indexOf(cli));
    expect(args.slice(args.indexOf(cli) + 1)).toEqual(['start', '--port', '0', '--host', '127.0.0.1']);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000);

  it("keeps the owner's NODE_OPTIONS value and does not add its own", async () => {
    const { process: server, url } = await start({ NODE_OPTIONS: '--max-semi-space-size=32' });
    expect(commandLine(server.pid!).some((arg) => arg.includes('semi-space'))).toBe(false);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  }, 30_000);
});

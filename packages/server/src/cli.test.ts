import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliContext, main, USAGE } from './cli/main.js';
import { EXPORT_USAGE } from './cli/export.js';
import { INGEST_USAGE } from './cli/ingest.js';
import { SOURCES_USAGE } from './cli/ingest-sources.js';
import { STATS_USAGE } from './cli/stats.js';
import { MODEL_NOT_CONFIGURED_MESSAGE } from './config/model-help.js';
import { DOCTOR_USAGE } from './doctor/command.js';
import type { RunningServer } from './node.js';

let directory: string;
let output: { out: string[]; err: string[] };
let context: CliContext;
const running: RunningServer[] = [];

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sitechat-cli-'));
  output = { out: [], err: [] };
  context = { env: {}, cwd: directory, out: (line) => output.out.push(line), err: (line) => output.err.push(line) };
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
  await rm(directory, { recursive: true, force: true });
});

async function run(...argv: string[]) {
  const result = await main(argv, context);
  if (typeof result !== 'number') running.push(result);
  return result;
}

describe('sitechat', () => {
  it('prints help', async () => {
    expect(await run('--help')).toBe(0);
    expect(output.out.join('\n')).toBe(USAGE);
    expect(await run()).toBe(1);
  });

  it('refuses unknown commands, options and bad values with a clear message', async () => {
    expect(await run('serve')).toBe(1);
    expect(output.err[0]).toMatch(/Unknown command: serve/);
    expect(await run('start', '--prot', '80')).toBe(1);
    expect(output.err[1]).toMatch(/--prot/);
    expect(await run('start', '--port', 'http')).toBe(1);
    expect(output.err[2]).toBe('--port: must be a whole number between 0 and 65535 (got "http")');
    expect(await run('start', '--site', 'no-such-folder')).toBe(1);
    expect(output.err[3]).toMatch(/--site: not a folder: .*no-such-folder/);
  });

  it('refuses an unknown option on every command, naming it, with that command\'s usage and its documented exit code', async () => {
    // Exit code 2 for doctor's usage errors (docs/deployment.md), 1 for the others (docs/knowledge.md).
    const commands: [argv: string[], usage: string, exitCode: number][] = [
      [['start'], USAGE, 1],
      [['export', 'sft'], EXPORT_USAGE, 1],
      [['stats'], STATS_USAGE, 1],
      [['ingest'], INGEST_USAGE, 1],
      [['sources'], SOURCES_USAGE, 1],
      [['doctor', 'https://shop.example'], DOCTOR_USAGE, 2],
    ];
    for (const [argv, usage, exitCode] of commands) {
      output.err.length = 0;
      expect(await run(...argv, '--bogus'), argv[0]).toBe(exitCode);
      expect(output.err, argv[0]).toHaveLength(1);
      const message = output.err[0]!;
      expect(message, argv[0]).toMatch(/^Unknown option '--bogus'/);
      expect(message.slice(message.indexOf('\n\n')), argv[0]).toBe(`\n\n${usage}`);
    }
    // A value left out is as clear.
    expect(await run('start', '--port')).toBe(1);
    expect(output.err.at(-1)).toMatch(/^Option '--port <value>' argument missing\n\nUsage: sitechat start/);
    // And every command answers --help with its own usage on standard output.
    for (const [argv, usage] of commands) {
      output.out.length = 0;
      expect(await run(argv[0]!, '--help')).toBe(0);
      expect(output.out).toEqual([usage]);
    }
  });

  it('prints what is wrong with the configuration and exits 1', async () => {
    await writeFile(join(directory, 'sitechat.config.json'), JSON.stringify({ model: { temperature: 5 } }));
    context.env = { PORT: 'abc' };
    expect(await run('start')).toBe(1);
    const message = output.err.join('\n');
    expect(message).toContain('model.temperature: must be between 0 and 2 (got 5)');
    expect(message).toContain('PORT: must be a whole number between 0 and 65535 (got "abc")');
  });

  it('starts without a model, prints the URL and how to configure a model', async () => {
    // Not the default local model either (its download and offline path: providers/local-start.test.ts).
    context.env = { SITECHAT_MODEL_PROVIDER: 'openai' };
    const server = await run('start', '--port', '0', '--site', '.');
    expect(typeof server).toBe('object');
    const { url } = server as RunningServer;
    expect(output.out[0]).toBe(`Sitechat is running at ${url}`);
    expect(output.err.join('\n')).toContain(MODEL_NOT_CONFIGURED_MESSAGE);
    const response = await fetch(`${url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ id: '1', role: 'user', parts: [{ type: 'text', text: 'hi' }] }] }),
    });
    expect(response.status).toBe(503);
  });

  it('uses the model from the environment, and never prints the key', async () => {
    context.env = { OPENAI_API_KEY: 'sk-PRINTED-NEVER', SITECHAT_MODEL: 'gpt-4.1-nano' };
    await run('start', '--port', '0');
    const printed = [...output.out, ...output.err].join('\n');
    expect(printed).toContain('model:   gpt-4.1-nano at https://api.openai.com/v1');
    expect(printed).not.toContain('PRINTED-NEVER');
    expect(printed).not.toContain(MODEL_NOT_CONFIGURED_MESSAGE);
  });
});

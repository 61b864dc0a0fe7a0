/**
 * The Bun and Deno entry points, run by the real runtimes when they are installed (`bun` / `deno` on PATH,
 * or SITECHAT_BUN / SITECHAT_DENO naming the binary: `npm i -g bun deno` works, their binaries come inside
 * the npm packages). Skipped otherwise. They run the build (dist/), so `pnpm build` first.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readChunks } from '@sitechat/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerText, chatBody, type Harness, message, startHarness } from '../__fixtures__/harness.js';

function find(binary: string, variable: string): string | undefined {
  const named = process.env[variable];
  if (named) return named;
  try {
    execFileSync(binary, ['--version'], { stdio: 'ignore' });
    return binary;
  } catch {
    return undefined;
  }
}

const dist = (name: string) => fileURLToPath(new URL(`../../dist/runtimes/${name}.js`, import.meta.url));
const bun = find('bun', 'SITECHAT_BUN');
const deno = find('deno', 'SITECHAT_DENO');
const built = existsSync(dist('bun')) && existsSync(dist('deno'));

let harness: Harness;
const children: ChildProcess[] = [];
beforeAll(async () => (harness = await startHarness()));
afterAll(async () => {
  for (const child of children) child.kill();
  await harness?.close();
});

async function serve(command: string, args: string[], port: number): Promise<string> {
  const child = spawn(command, args, {
    env: { ...process.env, OPENAI_BASE_URL: harness.model.url, SITECHAT_MODEL: 'runtime-model', PORT: String(port), HOST: '127.0.0.1' },
    stdio: 'ignore',
  });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await fetch(`${url}/healthz`).catch(() => undefined))?.ok) return url;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${command} did not start`);
}

async function streamsAnAnswer(url: string): Promise<void> {
  harness.model.enqueue({ text: 'Hello from another runtime', chunkSize: 4, chunkDelayMs: 2 });
  const response = await fetch(`${url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(chatBody([message('user', 'hi')])) });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  const chunks = [];
  for await (const chunk of readChunks(response.body!)) chunks.push(chunk);
  expect(answerText(chunks)).toBe('Hello from another runtime');
  expect(harness.model.requests.at(-1)?.body).toMatchObject({ model: 'runtime-model' });
}

describe('runtime entry points', () => {
  it.skipIf(bun === undefined || !built)('Bun: src/runtimes/bun.ts serves and streams', async () => {
    await streamsAnAnswer(await serve(bun!, [dist('bun')], 18_000 + Math.floor(Math.random() * 1000)));
  }, 30_000);

  it.skipIf(deno === undefined || !built)('Deno: src/runtimes/deno.ts serves and streams', async () => {
    const args = ['run', '--allow-net', '--allow-env', '--allow-read', dist('deno')];
    await streamsAnAnswer(await serve(deno!, args, 19_000 + Math.floor(Math.random() * 1000)));
  }, 30_000);
});

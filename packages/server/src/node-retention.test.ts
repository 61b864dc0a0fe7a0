/**
 * A finished answer leaves nothing that V8's young-generation collections keep alive. An object in the old
 * generation that points to a request, even one that is itself garbage, keeps that request alive through every
 * young collection until the next full one, so each one copies and promotes it: per-request hidden classes
 * (an object literal with `get body()`, an `async function*` declared per request) did that to every request,
 * about 8 KB each, which made young collections long and frequent full ones necessary (docs/benchmarks.md,
 * run N; decision 0014). Measured with V8's GC profiler in the built Node entry (dist/, so `pnpm build` first),
 * with a fixed young generation, over answers sent one at a time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startFakeModelServer, type FakeModelServer } from '@sitechat/fake-openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./__fixtures__/retention-server.mjs', import.meta.url));
let model: FakeModelServer;
let child: ChildProcess | undefined;

beforeAll(async () => {
  model = await startFakeModelServer({ keepAliveTimeoutMs: 60_000 });
  model.setDefaultReply(() => ({ text: 'word '.repeat(200), chunkSize: 5 }));
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await model?.close();
});

/** The next message from the child. */
function reply<T>(from: ChildProcess): Promise<T> {
  return new Promise((resolve) => from.once('message', (message) => resolve(message as T)));
}

async function ask(url: string): Promise<void> {
  const response = await fetch(`${url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'retention', trigger: 'submit-message', messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'hello' }] }] }),
  });
  const text = await response.text();
  if (response.status !== 200 || !text.includes('"finish"')) throw new Error(`answer failed: ${response.status} ${text.slice(0, 200)}`);
}

describe('memory held after an answer (Node entry)', () => {
  it('promotes almost nothing to the old generation while answers are sent one at a time', async () => {
    const spawned = spawn(process.execPath, ['--min-semi-space-size=8', '--max-semi-space-size=8', fixture, model.url], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child = spawned;
    const exited = new Promise<never>((_resolve, reject) => spawned.once('exit', (code) => reject(new Error(`the server exited (${code})`))));
    const { url } = await Promise.race([reply<{ url: string }>(spawned), exited]);
    // Warm-up: start-up's own objects are promoted, and the code is optimised.
    for (let index = 0; index < 300; index++) await ask(url);
    const started = reply(spawned);
    spawned.send('start');
    await started;
    const answers = 900;
    for (let index = 0; index < answers; index++) await ask(url);
    const stopped = reply<{ promoted: number[] }>(spawned);
    spawned.send('stop');
    const collections = (await stopped).promoted;
    // About 300 KB of young objects per answer: an 8 MB young generation collects every 20 to 25 answers.
    expect(collections.length).toBeGreaterThanOrEqual(4);
    const perAnswer = collections.reduce((sum, bytes) => sum + bytes, 0) / answers;
    // Measured: 360 bytes per answer. With the model response's `get body()` literal back: 6,900 to 7,100; with
    // the per-request `async function* tap` back: 3,100 to 3,200.
    expect(perAnswer).toBeLessThan(2000);
  }, 60_000);
});

/**
 * Starting the local model with the server: `startServer` and `sitechat start` load it before listening
 * (downloading it first when needed, with a progress bar), print what loaded, close it on shutdown, and
 * still start, with the reason and the ways to configure a model, when it cannot be had.
 */
import { createServer, type Server } from 'node:http';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { answerText, chatBody, message, readAllChunks, recordingLogger } from '../__fixtures__/harness.js';
import { createSitechat } from '../app.js';
import { type CliContext, main } from '../cli/main.js';
import { MODEL_NOT_CONFIGURED_MESSAGE } from '../config/model-help.js';
import { parseConfig } from '../config/schema.js';
import { type RunningServer, startServer } from '../node.js';
import { type LocalModelStartEvent, startConfiguredLocalModel } from './local-start.js';
import { writeTinyModel } from './__fixtures__/tiny-model.js';

let folder: string;
let modelPath: string;
const servers: RunningServer[] = [];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'sitechat-local-start-'));
  // Room for the default system prompt (about 500 of the tiny model's byte-sized tokens).
  modelPath = await writeTinyModel(folder, { contextLength: 2048 });
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

/** What undici's fetch throws on a machine without internet access. */
const offline: typeof fetch = async () => {
  throw new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND huggingface.co'), { code: 'ENOTFOUND' }) });
};

async function chat(url: string): Promise<Response> {
  return fetch(`${url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(chatBody([message('user', 'Hello?')])),
  });
}

describe('the default local model on a machine without internet access', { timeout: 60_000 }, () => {
  it('says so, with the three ways to configure a model, and answers every question 503 with that message', async () => {
    const events: LocalModelStartEvent[] = [];
    const logger = recordingLogger();
    const status = await startConfiguredLocalModel(parseConfig({ localModel: { cacheDir: join(folder, 'cache') } }), {
      localModelByDefault: true,
      logger,
      fetch: offline,
      onEvent: (event) => events.push(event),
    });
    expect(events).toEqual([
      {
        type: 'loading',
        model: 'Qwen2.5-0.5B-Instruct (Q4_K_M)',
        source: 'default',
        defaultModel: { name: 'Qwen2.5-0.5B-Instruct (Q4_K_M)', sizeBytes: 397_808_192, licence: 'Apache-2.0' },
      },
    ]);
    expect(status).toMatchObject({ state: 'unavailable', source: 'default', code: 'model_unavailable', offline: true });
    if (status?.state !== 'unavailable') throw new Error('unreachable');
    // The owner's reason names the host and the network error; the visitor's message does not.
    expect(status.reason).toMatch(/huggingface\.co.*ENOTFOUND/s);
    expect(status.publicMessage).toMatch(/could not download its default local model, Qwen2\.5-0\.5B-Instruct \(Q4_K_M\), a 398 MB download: this machine seems to have no internet access/);
    for (const way of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'SITECHAT_MODEL_PATH']) expect(status.publicMessage).toContain(way);
    expect(status.publicMessage).not.toMatch(/ENOTFOUND|huggingface/);
    expect(logger.entries).toContainEqual(expect.objectContaining({ level: 'warn', message: 'local model unavailable' }));

    const app = createSitechat({}, { provider: status.provider, logger });
    // The widget reads this to show its no-model message instead of a question box that can only fail.
    expect(await (await app.request('/api/config')).json()).toMatchObject({ modelConfigured: false });
    expect((await app.request('/readyz')).status).toBe(503);
    const response = await app.request('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(chatBody([message('user', 'Hello?')])),
    });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: { code: 'model_not_configured', message: status.publicMessage, retryable: false } });
  });

  it('gives up on a network that never answers after the connect timeout', async () => {
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true }));
    const startedAt = Date.now();
    const status = await startConfiguredLocalModel(
      parseConfig({ localModel: { cacheDir: join(folder, 'cache'), downloadConnectTimeoutMs: 300 } }),
      { localModelByDefault: true, logger: recordingLogger(), fetch: hanging },
    );
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect(status).toMatchObject({ state: 'unavailable', offline: true, reason: expect.stringContaining('no answer within 300 ms') });
  });

  it('sitechat start prints the reason and still serves, the widget getting the explanation', async () => {
    const output = { out: [] as string[], err: [] as string[] };
    const context: CliContext = {
      env: { SITECHAT_MODEL_CACHE_DIR: join(folder, 'cache') },
      cwd: await mkdtemp(join(folder, 'cwd-')),
      out: (line) => output.out.push(line),
      err: (line) => output.err.push(line),
      fetch: offline,
    };
    const server = (await main(['start', '--port', '0', '--site', folder], context)) as RunningServer;
    servers.push(server);
    expect(output.out[0]).toBe(`Sitechat is running at ${server.url}`);
    const printed = output.err.join('\n');
    expect(printed).toContain("No model is configured: starting Sitechat's default local model, Qwen2.5-0.5B-Instruct (Q4_K_M): 398 MB, Apache-2.0");
    expect(printed).toMatch(/The local model could not be started \(model_unavailable\):\nCould not download the local model from https:\/\/huggingface\.co\/.*ENOTFOUND/);
    expect(printed).toContain('This machine may have no internet access');
    expect(printed).toContain(MODEL_NOT_CONFIGURED_MESSAGE);
    expect(server.modelConfigured).toBe(false);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
    expect(await (await fetch(`${server.url}/api/config`)).json()).toMatchObject({ modelConfigured: false });

    const response = await chat(server.url);
    expect(response.status).toBe(503);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('model_not_configured');
    expect(error.message).toMatch(/no internet access.*OPENAI_API_KEY/s);
  });
});

describe('a local model named by the owner', { timeout: 120_000 }, () => {
  it('startServer loads it before listening, answers with it, and closes it on shutdown', async () => {
    const server = await startServer({
      port: 0,
      logger: recordingLogger(),
      cwd: folder,
      config: { store: false, localModel: { path: modelPath, threads: 1, gpu: false, contextSize: 1024 }, model: { maxOutputTokens: 12 } },
    });
    servers.push(server);
    expect(server.modelConfigured).toBe(true);
    expect(server.localModel).toMatchObject({ state: 'ready', source: 'path', info: { name: 'sitechat-tiny-test', threads: 1, gpu: false, contextSize: 1024 } });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/api/config`)).json()).toMatchObject({ modelConfigured: true });

    const response = await chat(server.url);
    expect(response.status).toBe(200);
    const chunks = await readAllChunks(response);
    expect(answerText(chunks).length).toBeGreaterThan(0);
    expect(chunks.at(-1)).toMatchObject({ type: 'finish', finishReason: 'length' });

    const provider = server.localModel!.provider;
    await server.close();
    // Closed with the server: the model refuses rather than generating for nobody.
    await expect(provider.stream({ messages: [{ role: 'user', content: 'hi' }], signal: new AbortController().signal })[Symbol.asyncIterator]().next()).rejects.toMatchObject({
      code: 'upstream_error',
    });
  });

  it('sitechat start downloads a model reference once with a progress bar, then says what loaded', async () => {
    const bytes = await readFile(modelPath);
    let downloads = 0;
    const files: Server = createServer((request, response) => {
      downloads++;
      response.writeHead(200, { 'content-length': String(bytes.length), 'content-type': 'application/octet-stream' });
      // In pieces, as a real download arrives.
      let offset = 0;
      const next = () => {
        if (offset >= bytes.length) return response.end();
        response.write(bytes.subarray(offset, (offset += 64 * 1024)), next);
      };
      next();
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(files.address() as AddressInfo).port}/models/tiny.gguf`;
      const output = { out: [] as string[], err: [] as string[] };
      const context: CliContext = {
        env: { SITECHAT_MODEL_URL: url, SITECHAT_MODEL_CACHE_DIR: join(folder, 'downloads'), SITECHAT_MODEL_THREADS: '1', SITECHAT_MODEL_GPU: 'false', SITECHAT_MODEL_CONTEXT: '1024' },
        cwd: await mkdtemp(join(folder, 'cwd-')),
        out: (line) => output.out.push(line),
        err: (line) => output.err.push(line),
      };
      const server = (await main(['start', '--port', '0', '--site', folder], context)) as RunningServer;
      servers.push(server);
      expect(output.err[0]).toBe('Loading the local model tiny.gguf...');
      const progress = output.err.filter((line) => line.startsWith('Downloading tiny.gguf  ['));
      expect(progress.length).toBeGreaterThan(1);
      expect(progress.at(-1)).toMatch(/100%/);
      expect(output.out).toContainEqual(expect.stringMatching(/^ {2}model: {3}sitechat-tiny-test, run by this server \(.*tiny\.gguf\)$/));
      expect(output.out).toContainEqual(expect.stringMatching(/^ {11}1 CPU thread, no GPU \(CPU only\), context 1024 tokens, 1 answer at a time, loaded in \d+\.\d s$/));
      expect(downloads).toBe(1);
      const response = await chat(server.url);
      expect(response.status).toBe(200);
      expect(answerText(await readAllChunks(response)).length).toBeGreaterThan(0);
    } finally {
      await new Promise((resolve) => files.close(resolve));
    }
  });
});

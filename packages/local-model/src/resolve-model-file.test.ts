import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { isLocalModelError } from './errors.ts';
import { createLocalProvider } from './local-provider.ts';
import { cachePathFor, parseModelReference } from './model-reference.ts';
import { modelSourceName, resolveModelFile } from './resolve-model-file.ts';
import { startFileServer, type FileServer } from './test/file-server.ts';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let cacheDir: string;
let server: FileServer;
let model: Buffer;

beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'sitechat-cache-'));
  model = await readFile(inject('tinyModelPath'));
  server = await startFileServer({ body: model });
});
afterEach(async () => {
  await server.close();
  await rm(cacheDir, { recursive: true, force: true });
});

describe('resolveModelFile', () => {
  it('downloads a reference once into the cache, then reuses it without a request', async () => {
    const source = { url: server.url(), sha256: sha(model) };
    const path = await resolveModelFile(source, { cacheDir });
    expect(path).toBe(cachePathFor(parseModelReference(server.url()), cacheDir));
    expect((await readFile(path)).equals(model)).toBe(true);
    expect((await readFile(`${path}.sha256`, 'utf8')).trim()).toBe(sha(model));

    expect(await resolveModelFile(source, { cacheDir })).toBe(path);
    expect(server.ranges).toHaveLength(1);
  });

  it('re-verifies a cached file when the expected checksum changes, and replaces it when it no longer matches', async () => {
    const path = await resolveModelFile({ url: server.url() }, { cacheDir });
    const updated = Buffer.concat([model, Buffer.from('new upload')]);
    server.setBody(updated);
    await resolveModelFile({ url: server.url(), sha256: sha(updated) }, { cacheDir });
    expect(server.ranges).toHaveLength(2);
    expect((await readFile(path)).equals(updated)).toBe(true);
  });

  it('accepts a file copied into the cache by hand when its checksum matches', async () => {
    const path = cachePathFor(parseModelReference(server.url()), cacheDir);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, model);
    expect(await resolveModelFile({ url: server.url(), sha256: sha(model) }, { cacheDir })).toBe(path);
    expect(server.ranges).toHaveLength(0);
  });

  it('checks a local path', async () => {
    expect(await resolveModelFile({ path: inject('tinyModelPath') })).toBe(inject('tinyModelPath'));
    const missing = await resolveModelFile({ path: join(cacheDir, 'nope.gguf') }).catch((error: unknown) => error);
    expect(isLocalModelError(missing, 'model_unavailable')).toBe(true);
    const folder = await resolveModelFile({ path: cacheDir }).catch((error: unknown) => error);
    expect((folder as Error).message).toMatch(/it is a folder/);
  });

  it('names a source before anything is downloaded', () => {
    expect(modelSourceName({ path: '/models/a.gguf' })).toBe('a.gguf');
    expect(modelSourceName({ url: 'hf:owner/repo/b.gguf' })).toBe('b.gguf');
  });
});

describe('a provider with a model reference', () => {
  it('downloads the model with progress on first use, then answers', async () => {
    const progress: number[] = [];
    const provider = createLocalProvider({
      model: { url: server.url(), sha256: sha(model), sizeBytes: model.length },
      cacheDir,
      onDownloadProgress: (update) => progress.push(update.receivedBytes),
      gpu: false,
      threads: 1,
      contextSize: 256,
      maxOutputTokens: 3,
      logLevel: 'error',
    });
    try {
      const events = [];
      for await (const event of provider.stream({ messages: [{ role: 'user', content: 'Hi' }], signal: new AbortController().signal })) {
        events.push(event);
      }
      expect(events.at(-1)).toMatchObject({ type: 'finish', usage: { outputTokens: 3 } });
      expect(progress.at(-1)).toBe(model.length);
      expect(provider.info?.path.startsWith(cacheDir)).toBe(true);
      expect((await stat(provider.info!.path)).size).toBe(model.length);
    } finally {
      await provider.close();
    }
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import { ConfigError, parseConfig } from '../config/schema.js';
import { localModelInstalled } from './local-start.js';
import { type ProviderSelection, selectProvider } from './select-provider.js';

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'sitechat-select-'));
});
afterAll(() => rm(cwd, { recursive: true, force: true }));

interface Facts {
  byDefault?: boolean;
  installed?: boolean;
}

/** The provider `sitechat start` (or `startServer`) would pick for this environment. */
async function selected(env: Record<string, string>, facts: Facts = {}): Promise<ProviderSelection> {
  const { config } = await loadConfig({ cwd, env });
  return selectProvider(config, { localModelByDefault: facts.byDefault ?? true, localModelInstalled: () => facts.installed ?? true });
}

describe('which model answers', () => {
  it('with nothing configured: the default local model when node-llama-cpp is installed, else none', async () => {
    expect(await selected({})).toEqual({ provider: 'local', source: 'default' });
    expect(await selected({}, { installed: false })).toEqual({ provider: 'none' });
    // A library caller of startServer gets no surprise download.
    expect(await selected({}, { byDefault: false })).toEqual({ provider: 'none' });
  });

  it('a key, a base URL or Azure: the OpenAI-compatible provider, never the default local model', async () => {
    expect(await selected({ OPENAI_API_KEY: 'sk-x' })).toEqual({ provider: 'openai' });
    expect(await selected({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' })).toEqual({ provider: 'openai' });
    const azure = parseConfig({ model: { apiKey: 'azure-key', azure: { endpoint: 'https://r.openai.azure.com' } } });
    expect(selectProvider(azure, { localModelByDefault: true, localModelInstalled: () => true })).toEqual({ provider: 'openai' });
  });

  it('a local model file or download named: the local model, even next to a key, installed or not', async () => {
    expect(await selected({ SITECHAT_MODEL_PATH: '/models/a.gguf', OPENAI_API_KEY: 'sk-x' })).toEqual({ provider: 'local', source: 'path' });
    expect(await selected({ SITECHAT_MODEL_URL: 'hf:owner/repo/file.gguf' }, { installed: false })).toEqual({ provider: 'local', source: 'url' });
    expect(await selected({ SITECHAT_MODEL_PATH: '/models/a.gguf', SITECHAT_MODEL_URL: 'https://example.com/b.gguf' })).toEqual({
      provider: 'local',
      source: 'path',
    });
  });

  it('SITECHAT_MODEL_PROVIDER decides when set', async () => {
    expect(await selected({ SITECHAT_MODEL_PROVIDER: 'local', OPENAI_API_KEY: 'sk-x' })).toEqual({ provider: 'local', source: 'default' });
    // `openai` without a key or URL is "not configured", never a silent local download.
    expect(await selected({ SITECHAT_MODEL_PROVIDER: 'openai' })).toEqual({ provider: 'none' });
    expect(await selected({ SITECHAT_MODEL_PROVIDER: 'openai', SITECHAT_MODEL_PATH: '/models/a.gguf', OPENAI_API_KEY: 'sk-x' })).toEqual({
      provider: 'openai',
    });
  });

  it('the config file says the same things, and the environment wins over it', async () => {
    await writeFile(join(cwd, 'sitechat.config.json'), JSON.stringify({ model: { provider: 'local' }, localModel: { path: '/models/a.gguf', threads: 2 } }));
    try {
      const { config } = await loadConfig({ cwd, env: { SITECHAT_MODEL_THREADS: '3', SITECHAT_MODEL_GPU: 'false' } });
      expect(config.localModel).toMatchObject({ path: '/models/a.gguf', threads: 3, gpu: false, concurrency: 1, maxQueue: 16, contextSize: 4096 });
      expect(selectProvider(config, { localModelByDefault: false, localModelInstalled: () => false })).toEqual({ provider: 'local', source: 'path' });
    } finally {
      await rm(join(cwd, 'sitechat.config.json'));
    }
  });
});

describe('the local model settings', () => {
  it('reads every SITECHAT_MODEL_* variable', async () => {
    const { config } = await loadConfig({
      cwd,
      env: {
        SITECHAT_MODEL_URL: 'https://models.example.com/m.gguf',
        SITECHAT_MODEL_SHA256: 'a'.repeat(64),
        SITECHAT_MODEL_CACHE_DIR: '/var/cache/models',
        SITECHAT_MODEL_CONCURRENCY: '2',
        SITECHAT_MODEL_QUEUE: '0',
        SITECHAT_MODEL_CONTEXT: '2048',
        SITECHAT_MODEL_THREADS: '4',
        SITECHAT_MODEL_GPU: 'cuda',
      },
    });
    expect(config.localModel).toEqual({
      url: 'https://models.example.com/m.gguf',
      sha256: 'a'.repeat(64),
      cacheDir: '/var/cache/models',
      concurrency: 2,
      maxQueue: 0,
      contextSize: 2048,
      threads: 4,
      gpu: 'cuda',
      downloadConnectTimeoutMs: 15_000,
    });
  });

  it('keeps downloads under XDG_CACHE_HOME unless a folder is named', async () => {
    expect((await loadConfig({ cwd, env: { XDG_CACHE_HOME: '/home/a/.cache' } })).config.localModel?.cacheDir).toBe('/home/a/.cache/sitechat/models');
    expect((await loadConfig({ cwd, env: { XDG_CACHE_HOME: '/home/a/.cache', SITECHAT_MODEL_CACHE_DIR: '/m' } })).config.localModel?.cacheDir).toBe('/m');
  });

  it('names the variable that is wrong', async () => {
    const problems = async (env: Record<string, string>) => {
      try {
        await loadConfig({ cwd, env });
      } catch (error) {
        if (error instanceof ConfigError) return error.problems.map((problem) => problem.path);
        throw error;
      }
      return [];
    };
    expect(await problems({ SITECHAT_MODEL_PROVIDER: 'ollama' })).toEqual(['SITECHAT_MODEL_PROVIDER']);
    expect(await problems({ SITECHAT_MODEL_THREADS: 'many' })).toEqual(['SITECHAT_MODEL_THREADS']);
    expect(await problems({ SITECHAT_MODEL_QUEUE: '-1' })).toEqual(['SITECHAT_MODEL_QUEUE']);
    expect(await problems({ SITECHAT_MODEL_GPU: 'tpu' })).toEqual(['SITECHAT_MODEL_GPU']);
    expect(await problems({ SITECHAT_MODEL_SHA256: 'abc' })).toEqual(['SITECHAT_MODEL_SHA256']);
    expect(await problems({ SITECHAT_MODEL_URL: 'ftp://example.com/m.gguf' })).toEqual(['SITECHAT_MODEL_URL']);
    expect(() => parseConfig({ localModel: { path: '/m.gguf', tempreature: 1 } })).toThrow(/localModel/);
  });

  it('finds node-llama-cpp where @sitechat/local-model loads it from (installed in this workspace)', () => {
    expect(localModelInstalled()).toBe(true);
  });
});

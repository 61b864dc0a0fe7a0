import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalModelConfigError, localModelOptionsFromEnv } from './env-options.ts';

describe('localModelOptionsFromEnv', () => {
  it('is empty (the default model) when nothing is set', () => {
    expect(localModelOptionsFromEnv({})).toEqual({});
  });

  it('prefers a path over a URL', () => {
    expect(localModelOptionsFromEnv({ SITECHAT_MODEL_PATH: '/m.gguf', SITECHAT_MODEL_URL: 'hf:a/b/c.gguf' }).model).toEqual({
      path: '/m.gguf',
    });
  });

  it('reads a reference with its checksum, the cache folder and the sizes', () => {
    const sha256 = 'ab'.repeat(32);
    expect(
      localModelOptionsFromEnv({
        SITECHAT_MODEL_URL: 'hf:a/b/c.gguf',
        SITECHAT_MODEL_SHA256: sha256,
        XDG_CACHE_HOME: '/xdg',
        SITECHAT_MODEL_CONCURRENCY: '2',
        SITECHAT_MODEL_QUEUE: '0',
        SITECHAT_MODEL_CONTEXT: '8192',
        SITECHAT_MODEL_THREADS: '4',
        SITECHAT_MODEL_GPU: 'false',
      }),
    ).toEqual({
      model: { url: 'hf:a/b/c.gguf', sha256 },
      cacheDir: join('/xdg', 'sitechat', 'models'),
      concurrency: 2,
      maxQueue: 0,
      contextSize: 8192,
      threads: 4,
      gpu: false,
    });
    expect(localModelOptionsFromEnv({ SITECHAT_MODEL_CACHE_DIR: '/c', XDG_CACHE_HOME: '/xdg' }).cacheDir).toBe('/c');
  });

  it('names the variable that is wrong', () => {
    expect(() => localModelOptionsFromEnv({ SITECHAT_MODEL_SHA256: 'abc' })).toThrow(/SITECHAT_MODEL_SHA256/);
    expect(() => localModelOptionsFromEnv({ SITECHAT_MODEL_CONCURRENCY: '0' })).toThrow(/SITECHAT_MODEL_CONCURRENCY .*at least 1/);
    expect(() => localModelOptionsFromEnv({ SITECHAT_MODEL_GPU: 'rocm' })).toThrow(LocalModelConfigError);
  });
});

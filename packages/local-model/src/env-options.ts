/**
 * The local model's environment variables -> provider options. The server's entry point passes its
 * environment in (this package never reads `process.env` itself):
 * - SITECHAT_MODEL_PATH       a GGUF file on disk (wins over a URL)
 * - SITECHAT_MODEL_URL        hf:<owner>/<repo>/<file>.gguf or an https URL, downloaded once
 * - SITECHAT_MODEL_SHA256     the expected SHA-256 of that download (recommended)
 * - SITECHAT_MODEL_CACHE_DIR  where downloads are kept (default $XDG_CACHE_HOME/sitechat/models,
 *                             else ~/.cache/sitechat/models)
 * - SITECHAT_MODEL_CONCURRENCY, SITECHAT_MODEL_QUEUE, SITECHAT_MODEL_CONTEXT, SITECHAT_MODEL_THREADS  whole numbers
 * - SITECHAT_MODEL_GPU        auto | cuda | vulkan | metal | false
 * With neither a path nor a URL, the model is `DEFAULT_LOCAL_MODEL`.
 */
import { join } from 'node:path';
import type { LocalProviderOptions } from './local-provider.ts';

export type Environment = Readonly<Record<string, string | undefined>>;

/** Thrown for a malformed variable, naming it. */
export class LocalModelConfigError extends Error {
  override readonly name = 'LocalModelConfigError';
}

export function localModelOptionsFromEnv(env: Environment): LocalProviderOptions {
  const options: LocalProviderOptions = {};
  const path = value(env, 'SITECHAT_MODEL_PATH');
  const url = value(env, 'SITECHAT_MODEL_URL');
  const sha256 = value(env, 'SITECHAT_MODEL_SHA256');
  if (sha256 !== undefined && !/^[0-9a-fA-F]{64}$/.test(sha256)) {
    throw new LocalModelConfigError('SITECHAT_MODEL_SHA256 must be 64 hexadecimal characters (a SHA-256 digest)');
  }
  if (path !== undefined) options.model = { path };
  else if (url !== undefined) options.model = sha256 === undefined ? { url } : { url, sha256 };

  const cacheDir = value(env, 'SITECHAT_MODEL_CACHE_DIR') ?? xdgCacheDir(env);
  if (cacheDir !== undefined) options.cacheDir = cacheDir;

  const concurrency = wholeNumber(env, 'SITECHAT_MODEL_CONCURRENCY', 1);
  if (concurrency !== undefined) options.concurrency = concurrency;
  const maxQueue = wholeNumber(env, 'SITECHAT_MODEL_QUEUE', 0);
  if (maxQueue !== undefined) options.maxQueue = maxQueue;
  const contextSize = wholeNumber(env, 'SITECHAT_MODEL_CONTEXT', 256);
  if (contextSize !== undefined) options.contextSize = contextSize;
  const threads = wholeNumber(env, 'SITECHAT_MODEL_THREADS', 1);
  if (threads !== undefined) options.threads = threads;

  const gpu = value(env, 'SITECHAT_MODEL_GPU');
  if (gpu !== undefined) {
    if (gpu === 'false' || gpu === 'cpu') options.gpu = false;
    else if (gpu === 'auto' || gpu === 'cuda' || gpu === 'vulkan' || gpu === 'metal') options.gpu = gpu;
    else throw new LocalModelConfigError(`SITECHAT_MODEL_GPU must be auto, cuda, vulkan, metal or false (got "${gpu}")`);
  }
  return options;
}

function value(env: Environment, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

function wholeNumber(env: Environment, name: string, min: number): number | undefined {
  const raw = value(env, name);
  if (raw === undefined) return undefined;
  const parsed = Number(raw);
  if (!Number.isInteger(parsed) || parsed < min) {
    throw new LocalModelConfigError(`${name} must be a whole number of at least ${min} (got "${raw}")`);
  }
  return parsed;
}

function xdgCacheDir(env: Environment): string | undefined {
  const base = value(env, 'XDG_CACHE_HOME');
  return base === undefined ? undefined : join(base, 'sitechat', 'models');
}

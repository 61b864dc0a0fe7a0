/**
 * Node-only: reads `sitechat.config.{ts,mts,js,mjs,json}` and the environment. The app itself never reads
 * files or `process.env`; it receives the result. `env` and `cwd` are parameters so that tests need no globals.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, parseConfig, type SitechatConfig } from './schema.js';

/** Searched in this order in the working directory; the first one found is used. */
export const CONFIG_FILE_NAMES = [
  'sitechat.config.ts',
  'sitechat.config.mts',
  'sitechat.config.js',
  'sitechat.config.mjs',
  'sitechat.config.json',
] as const;

export interface LoadConfigOptions {
  /** Where to look for a config file; default `process.cwd()`. */
  cwd?: string;
  /** Environment variables; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** An explicit config file (`--config`), relative to `cwd`. It must exist. */
  configFile?: string;
}

export interface LoadedConfig {
  config: SitechatConfig;
  /** The config file that was read, if any. */
  file?: string;
}

type Input = Record<string, unknown>;

/** Environment variable -> setting. Environment variables win over the file. */
const ENV_SETTINGS = [
  { name: 'OPENAI_API_KEY', path: ['model', 'apiKey'] },
  { name: 'OPENAI_BASE_URL', path: ['model', 'baseURL'] },
  { name: 'SITECHAT_MODEL', path: ['model', 'name'] },
  { name: 'SITECHAT_MODEL_PROVIDER', path: ['model', 'provider'] },
  // The local model (docs/local-model.md): the same variables as @sitechat/local-model's.
  { name: 'SITECHAT_MODEL_PATH', path: ['localModel', 'path'] },
  { name: 'SITECHAT_MODEL_URL', path: ['localModel', 'url'] },
  { name: 'SITECHAT_MODEL_SHA256', path: ['localModel', 'sha256'] },
  { name: 'SITECHAT_MODEL_CACHE_DIR', path: ['localModel', 'cacheDir'] },
  { name: 'SITECHAT_MODEL_CONCURRENCY', path: ['localModel', 'concurrency'], number: true },
  { name: 'SITECHAT_MODEL_QUEUE', path: ['localModel', 'maxQueue'], number: true },
  { name: 'SITECHAT_MODEL_CONTEXT', path: ['localModel', 'contextSize'], number: true },
  { name: 'SITECHAT_MODEL_THREADS', path: ['localModel', 'threads'], number: true },
  { name: 'SITECHAT_MODEL_GPU', path: ['localModel', 'gpu'] },
  { name: 'PORT', path: ['server', 'port'], number: true },
  { name: 'HOST', path: ['server', 'host'] },
  { name: 'REDIS_URL', path: ['limits', 'redisUrl'] },
  { name: 'SITECHAT_VISITOR_TOKEN_SECRET', path: ['auth', 'visitorTokens', 'secret'] },
  // Ignored when the file says `store: false`: setIn leaves a non-object alone.
  { name: 'DATABASE_URL', path: ['store', 'url'] },
  { name: 'SITECHAT_ADMIN_TOKEN', path: ['admin', 'token'] },
  { name: 'SITECHAT_METRICS_TOKEN', path: ['ops', 'metricsToken'] },
] as const;

function findConfigFile(cwd: string, explicit: string | undefined): string | undefined {
  if (explicit !== undefined) {
    const file = resolve(cwd, explicit);
    if (!existsSync(file)) throw new ConfigError([{ path: '--config', message: `file not found: ${file}` }]);
    return file;
  }
  return CONFIG_FILE_NAMES.map((name) => resolve(cwd, name)).find((file) => existsSync(file));
}

async function readConfigFile(file: string): Promise<unknown> {
  const name = basename(file);
  if (file.endsWith('.json')) {
    try {
      return JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new ConfigError([{ path: name, message: `is not valid JSON (${(error as Error).message})` }]);
    }
  }
  let module: { default?: unknown };
  try {
    // Node 24 strips TypeScript types natively, so a .ts config needs no build step.
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    throw new ConfigError([{ path: name, message: `could not be loaded (${(error as Error).message})` }]);
  }
  if (module.default === undefined) {
    throw new ConfigError([{ path: name, message: 'must have a default export (export default { ... })' }]);
  }
  return module.default;
}

/** Set a nested value, copying each object on the way so that the loaded module is never mutated. */
function setIn(target: Input, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    // A non-object here is a mistake in the file; leave it for the schema to report.
    if (next !== undefined && (typeof next !== 'object' || next === null || Array.isArray(next))) return;
    node = node[key] = { ...(next as Input | undefined) };
  }
  node[path[path.length - 1]!] = value;
}

/**
 * Load the configuration: the config file (if any), then environment variables on top, then validation.
 * @throws ConfigError naming each wrong setting; settings that came from the environment are named by
 * their variable (`PORT: must be a whole number between 0 and 65535 (got "abc")`).
 * @example
 * const { config } = await loadConfig({ cwd: process.cwd(), env: process.env });
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const file = findConfigFile(cwd, options.configFile);
  const fromFile = file === undefined ? {} : await readConfigFile(file);
  if (typeof fromFile !== 'object' || fromFile === null || Array.isArray(fromFile)) {
    throw new ConfigError([{ path: basename(file!), message: 'must contain an object of settings' }]);
  }
  const input: Input = { ...(fromFile as Input) };
  const envNames = new Map<string, string>();
  for (const setting of ENV_SETTINGS) {
    const raw = env[setting.name]?.trim();
    if (raw === undefined || raw === '') continue;
    const value = 'number' in setting && /^\d+$/.test(raw) ? Number(raw) : raw;
    setIn(input, setting.path, value);
    envNames.set(setting.path.join('.'), setting.name);
  }
  // Downloaded models follow the XDG convention unless a folder was named.
  const xdgCache = env.XDG_CACHE_HOME?.trim();
  if (xdgCache && isAbsolute(xdgCache) && (input.localModel as Input | undefined)?.cacheDir === undefined) {
    setIn(input, ['localModel', 'cacheDir'], join(xdgCache, 'sitechat', 'models'));
  }
  try {
    return file === undefined ? { config: parseConfig(input) } : { config: parseConfig(input), file };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const problems = error.problems.map((problem) => ({ ...problem, path: envNames.get(problem.path) ?? problem.path }));
    throw new ConfigError(problems, file === undefined ? undefined : `Invalid Sitechat configuration (${file})`);
  }
}

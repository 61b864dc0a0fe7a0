import { z } from 'zod';
import { type FieldProblem, formatIssues, problemText } from '../validation/format-issues.js';
import { DEFAULT_SYSTEM_PROMPT, DEFAULTS } from './defaults.js';

function between(min: number, max: number, options: { whole?: boolean } = {}) {
  const error = `must be ${options.whole ? 'a whole number ' : ''}between ${min} and ${max}`;
  const base = options.whole ? z.int({ error }) : z.number({ error });
  return base.min(min, { error }).max(max, { error });
}

function atLeast(min: number) {
  const error = `must be a whole number of at least ${min}`;
  return z.int({ error }).min(min, { error }).max(Number.MAX_SAFE_INTEGER, { error });
}

const text = (what = 'text') => z.string({ error: `must be ${what}` });

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const objectError = { error: 'must be an object' };

const modelSchema = z.strictObject(
  {
    /** An OpenAI API key (or the key of any OpenAI-compatible server). Env: OPENAI_API_KEY. */
    apiKey: text('a text string').min(1, { error: 'must not be empty' }).optional(),
    /** Any OpenAI-compatible server, e.g. http://localhost:11434/v1 (Ollama). Env: OPENAI_BASE_URL. */
    baseURL: text('a URL').refine(isHttpUrl, { error: 'must be an http:// or https:// URL' }).optional(),
    /** The model name the server expects. Env: SITECHAT_MODEL. */
    name: text().min(1, { error: 'must not be empty' }).default(DEFAULTS.model.name),
    /** Unset: the model's own default (some models accept no other value). */
    temperature: between(0, 2).optional(),
    maxOutputTokens: atLeast(1).default(DEFAULTS.model.maxOutputTokens),
    timeoutMs: atLeast(1).default(DEFAULTS.model.timeoutMs),
    maxRetries: between(0, 10, { whole: true }).default(DEFAULTS.model.maxRetries),
  },
  objectError,
);

/** Characters are counted in UTF-16 code units (JavaScript's `length`). */
const limitsSchema = z.strictObject(
  {
    maxMessages: atLeast(1).default(DEFAULTS.limits.maxMessages),
    maxMessageChars: atLeast(1).default(DEFAULTS.limits.maxMessageChars),
    maxConversationChars: atLeast(1).default(DEFAULTS.limits.maxConversationChars),
    maxBodyBytes: atLeast(1024).default(DEFAULTS.limits.maxBodyBytes),
  },
  objectError,
);

const serverSchema = z.strictObject(
  {
    /** Env: PORT. */
    port: between(0, 65535, { whole: true }).default(DEFAULTS.server.port),
    /** Env: HOST. */
    host: text().min(1, { error: 'must not be empty' }).default(DEFAULTS.server.host),
  },
  objectError,
);

/**
 * The schema of `sitechat.config.json` / `sitechat.config.ts` and of `createSitechat(config)`.
 * Objects are strict: a misspelt setting is an error that names it, not a silently ignored line.
 * `prefault({})` runs a missing section through its schema, so that its defaults apply.
 */
export const sitechatConfigSchema = z.strictObject(
  {
    /** Lets editors validate sitechat.config.json against a JSON schema; ignored. */
    $schema: z.string().optional(),
    model: modelSchema.prefault({}),
    /** The owner's instructions, sent before every conversation. An empty string sends none. */
    systemPrompt: text().default(DEFAULT_SYSTEM_PROMPT),
    limits: limitsSchema.prefault({}),
    server: serverSchema.prefault({}),
  },
  objectError,
);

/** A complete configuration, every default applied. */
export type SitechatConfig = z.output<typeof sitechatConfigSchema>;
/** What an owner writes: every field optional. */
export type SitechatConfigInput = z.input<typeof sitechatConfigSchema>;
export type ModelConfig = SitechatConfig['model'];
export type LimitsConfig = SitechatConfig['limits'];

/** Thrown for an invalid configuration; `problems` name each wrong setting and why. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: FieldProblem[];

  constructor(problems: FieldProblem[], heading = 'Invalid Sitechat configuration') {
    super(`${heading}:\n${problems.map((problem) => `  - ${problemText(problem)}`).join('\n')}`);
    this.problems = problems;
  }
}

const isSecret = (path: string) => /apiKey$/i.test(path);

/**
 * Validate a configuration and apply the defaults.
 * @throws ConfigError listing every wrong setting, e.g. `model.temperature: must be between 0 and 2 (got 5)`.
 * @example
 * const config = parseConfig({ model: { temperature: 0.3 } });
 * config.model.name; // 'gpt-4o-mini'
 */
export function parseConfig(input: unknown = {}): SitechatConfig {
  const result = sitechatConfigSchema.safeParse(input ?? {}, { reportInput: true });
  if (result.success) return result.data;
  throw new ConfigError(formatIssues(result.error.issues, { showInput: true, isSecret }));
}

/** Whether the configuration names a model server to talk to. */
export function isModelConfigured(model: ModelConfig): boolean {
  return model.apiKey !== undefined || model.baseURL !== undefined;
}

/**
 * Type-checks a `sitechat.config.ts` file; returns its argument unchanged.
 * @example
 * // sitechat.config.ts
 * import { defineConfig } from '@sitechat/server';
 * export default defineConfig({ model: { name: 'gpt-4o-mini', temperature: 0.3 } });
 */
export function defineConfig(config: SitechatConfigInput): SitechatConfigInput {
  return config;
}

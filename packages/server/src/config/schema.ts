import { z } from 'zod';
import { type FieldProblem, formatIssues, problemText } from '../validation/format-issues.js';
import { DEFAULT_SYSTEM_PROMPT, DEFAULTS } from './defaults.js';
import { accessFields, checkSecuritySettings, limitFields, modelSecurityFields } from './security-schema.js';
import { knowledgeSchema } from '../knowledge/knowledge-schema.js';
import { localModelSchema, modelProviderSchema } from '../providers/local-model-schema.js';

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
    /**
     * `openai` (OpenAI, any OpenAI-compatible server, Azure OpenAI) or `local` (the `localModel` section).
     * Unset: picked from what is configured (docs/local-model.md). Env: SITECHAT_MODEL_PROVIDER.
     */
    provider: modelProviderSchema.optional(),
    /** Azure, `allowed`, `fallbacks`, `maxRetryDelayMs` (security-schema.ts). */
    ...modelSecurityFields,
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
    /** Rate limits, stream slots, token budgets, `redisUrl` (security-schema.ts). */
    ...limitFields,
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

const opsSchema = z.strictObject(
  {
    /** `json`: one JSON object per line (log collectors); `pretty`: readable lines for a terminal. */
    logFormat: z.enum(['json', 'pretty'], { error: 'must be "json" or "pretty"' }).default(DEFAULTS.ops.logFormat),
    /** One log line per request (id, route, status, duration, time to first token, tokens, error code). */
    requestLog: z.boolean({ error: 'must be true or false' }).default(DEFAULTS.ops.requestLog),
    /** Adds the visitor's message and the answer to the request log line. Personal data: off by default. */
    logMessageText: z.boolean({ error: 'must be true or false' }).default(DEFAULTS.ops.logMessageText),
    /** Serves Prometheus metrics at `/metrics`. */
    metrics: z.boolean({ error: 'must be true or false' }).default(DEFAULTS.ops.metrics),
    /** When set, `/metrics` needs `Authorization: Bearer <token>`. Env: SITECHAT_METRICS_TOKEN. */
    metricsToken: text('a text string').min(16, { error: 'must be at least 16 characters' }).optional(),
    /** Answers `sitechat doctor` probes (a timed stream that never calls the model). */
    doctor: z.boolean({ error: 'must be true or false' }).default(DEFAULTS.ops.doctor),
  },
  objectError,
);

const storeSchema = z.strictObject(
  {
    /** The SQLite file, relative to the working folder; its folder is created. */
    path: text().min(1, { error: 'must not be empty' }).default(DEFAULTS.store.path),
    /** `postgres://...` (PostgreSQL) or `sqlite:PATH`; wins over `path`. Env: DATABASE_URL. */
    url: text('a connection string').min(1, { error: 'must not be empty' }).optional(),
    /**
     * SQLite only. `full` syncs every commit (survives a power cut); `normal` syncs at checkpoints (survives a
     * killed process, not a power cut) and blocks the server's event loop far less per write.
     */
    synchronous: z.enum(['full', 'normal'], { error: 'must be "full" or "normal"' }).default(DEFAULTS.store.synchronous),
  },
  objectError,
);

const privacySchema = z.strictObject(
  {
    /** Conversations idle for longer are deleted (at start and daily); `null` keeps them. */
    retentionDays: atLeast(1).nullable().default(DEFAULTS.privacy.retentionDays),
    /** What is masked (`[email]`, `[phone]`, `[card]`) before a message is stored, and so before the model sees it. */
    redact: z
      .strictObject(
        {
          email: z.boolean({ error: 'must be true or false' }).default(DEFAULTS.privacy.redact.email),
          phone: z.boolean({ error: 'must be true or false' }).default(DEFAULTS.privacy.redact.phone),
          card: z.boolean({ error: 'must be true or false' }).default(DEFAULTS.privacy.redact.card),
        },
        objectError,
      )
      .prefault({}),
  },
  objectError,
);

const adminSchema = z.strictObject(
  {
    /** Turns on `/admin`; a long random secret. Env: SITECHAT_ADMIN_TOKEN. */
    token: text('a text string').min(16, { error: 'must be at least 16 characters' }).optional(),
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
    /** `allowedOrigins`, `requireOrigin`, `development`, `trustedProxies`, `auth`, `moderation` (security-schema.ts). */
    ...accessFields,
    server: serverSchema.prefault({}),
    /** Logs, metrics, health checks, the doctor probe. */
    ops: opsSchema.prefault({}),
    /** Where conversations and feedback are kept; `false` keeps none (the browser then sends the history). */
    store: z.union([z.literal(false), storeSchema], { error: 'must be false, or an object with a text path or url and synchronous "full" or "normal"' }).prefault({}),
    privacy: privacySchema.prefault({}),
    /** The owner's page at `/admin`: off unless a token is set. */
    admin: adminSchema.prefault({}),
    /** A GGUF model the server runs itself (docs/local-model.md); used per `model.provider`. */
    localModel: localModelSchema.optional(),
    /** Answers grounded in the site's own content (docs/knowledge.md); absent: off. */
    knowledge: knowledgeSchema.optional(),
  },
  objectError,
).superRefine(checkSecuritySettings);

/** A complete configuration, every default applied. */
export type SitechatConfig = z.output<typeof sitechatConfigSchema>;
/** What an owner writes: every field optional. */
export type SitechatConfigInput = z.input<typeof sitechatConfigSchema>;
export type ModelConfig = SitechatConfig['model'];
export type LimitsConfig = SitechatConfig['limits'];
export type ModerationConfig = SitechatConfig['moderation'];
export type OpsConfig = SitechatConfig['ops'];
export type StoreConfig = SitechatConfig['store'];
export type PrivacyConfig = SitechatConfig['privacy'];
export type AdminConfig = SitechatConfig['admin'];
export type KnowledgeConfig = NonNullable<SitechatConfig['knowledge']>;

/** Thrown for an invalid configuration; `problems` name each wrong setting and why. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: FieldProblem[];

  constructor(problems: FieldProblem[], heading = 'Invalid Sitechat configuration') {
    super(`${heading}:\n${problems.map((problem) => `  - ${problemText(problem)}`).join('\n')}`);
    this.problems = problems;
  }
}

// A database URL usually carries a password.
const isSecret = (path: string) => /apiKey$|Token$|^store\.url$|^knowledge\.url$|secret$|redisUrl$/i.test(path);

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

/**
 * The settings that make a server safe and cheap to expose: which models, who may call, limits, budgets,
 * moderation. Spread into the main schema (schema.ts), so they are validated, defaulted and strict like
 * every other setting; documented in docs/configuration.md and docs/security.md.
 */
import { z } from 'zod';
import { MIN_SECRET_LENGTH } from '../auth/visitor-token.js';
import { isValidOriginEntry } from '../middleware/origins/origins.js';
import { isValidRange } from '../security/ip-address.js';
import { DEFAULTS } from './defaults.js';

const objectError = { error: 'must be an object' };
const text = (what = 'text') => z.string({ error: `must be ${what}` });
const flag = () => z.boolean({ error: 'must be true or false' });

function wholeNumber(min: number) {
  const error = `must be a whole number of at least ${min}`;
  return z.int({ error }).min(min, { error }).max(Number.MAX_SAFE_INTEGER, { error });
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const url = () => text('a URL').refine(isHttpUrl, { error: 'must be an http:// or https:// URL' });
const nonEmpty = () => text().min(1, { error: 'must not be empty' });

/** Azure OpenAI through the SDK's `AzureOpenAI` client; `model.apiKey` is the resource's key. */
const azureSchema = z.strictObject(
  {
    /** `https://<resource>.openai.azure.com`. */
    endpoint: url(),
    apiVersion: nonEmpty().default(DEFAULTS.model.azureApiVersion),
    /** Default: `model.name`. */
    deployment: nonEmpty().optional(),
  },
  objectError,
);

/** A model tried when the one before it fails with 429, 5xx or a broken connection before answering. */
const fallbackSchema = z.strictObject(
  {
    name: nonEmpty(),
    /**
     * Another server's key. Unset: the main model's key, but only when the fallback is on the same server
     * (no `baseURL`/`azure` of its own), so that a key is never sent to a server it was not made for.
     */
    apiKey: nonEmpty().optional(),
    baseURL: url().optional(),
    azure: azureSchema.optional(),
    maxOutputTokens: wholeNumber(1).optional(),
  },
  objectError,
);

export const modelSecurityFields = {
  azure: azureSchema.optional(),
  /** Other model names the widget may ask for (request field `model`); anything else is refused. */
  allowed: z.array(nonEmpty(), { error: 'must be a list of model names' }).default([]),
  fallbacks: z.array(fallbackSchema, { error: 'must be a list of models' }).default([]),
  maxRetryDelayMs: wholeNumber(0).default(DEFAULTS.model.maxRetryDelayMs),
};

const limit = (value: number) => wholeNumber(0).default(value);

export const limitFields = {
  requestsPerMinutePerIp: limit(DEFAULTS.limits.requestsPerMinutePerIp),
  requestsPerMinutePerVisitor: limit(DEFAULTS.limits.requestsPerMinutePerVisitor),
  concurrentStreamsPerVisitor: limit(DEFAULTS.limits.concurrentStreamsPerVisitor),
  concurrentStreamsPerIp: limit(DEFAULTS.limits.concurrentStreamsPerIp),
  tokensPerConversation: limit(DEFAULTS.limits.tokensPerConversation),
  tokensPerVisitorPerDay: limit(DEFAULTS.limits.tokensPerVisitorPerDay),
  tokensPerSitePerDay: limit(DEFAULTS.limits.tokensPerSitePerDay),
  /** Share limits and budgets between server processes. Env: REDIS_URL. Node/Bun only. */
  redisUrl: text('a redis:// URL')
    .refine((value) => /^rediss?:\/\//.test(value), { error: 'must be a redis:// or rediss:// URL' })
    .optional(),
};

const policy = z.enum(['off', 'flag', 'block'], { error: 'must be "off", "flag" or "block"' });

const moderationSchema = z.strictObject(
  {
    /** The visitor's message, before the model is called. */
    input: policy.default(DEFAULTS.moderation.input),
    /** The answer: `flag` checks it after it streamed; `block` holds it back until checked (no streaming). */
    output: policy.default(DEFAULTS.moderation.output),
    model: nonEmpty().default(DEFAULTS.moderation.model),
    /** Default: `model.apiKey` (not with Azure, which has no moderation endpoint). */
    apiKey: nonEmpty().optional(),
    /** Default: `model.baseURL`, or OpenAI's API. */
    baseURL: url().optional(),
    timeoutMs: wholeNumber(1).default(DEFAULTS.moderation.timeoutMs),
    /** Answer without moderation when it is unreachable (logged). Default: refuse (503 moderation_unavailable). */
    failOpen: flag().default(DEFAULTS.moderation.failOpen),
    /** What the visitor reads when their message (or a held-back answer) is blocked. */
    refusalMessage: nonEmpty().default(DEFAULTS.moderation.refusalMessage),
  },
  objectError,
);

export const accessFields = {
  /** Pages that may call the API from a browser, besides the server's own: origins, `https://*.example.com`, `*`. */
  allowedOrigins: z
    .array(text().refine(isValidOriginEntry, { error: 'must be an origin such as https://www.example.com, https://*.example.com or *' }), {
      error: 'must be a list of origins',
    })
    .default([]),
  /** Refuse requests without an `Origin` header (curl, server-to-server). */
  requireOrigin: flag().default(false),
  /** Development: pages on localhost may call the API too. */
  development: flag().default(false),
  /** Proxies whose X-Forwarded-For / Forwarded headers are believed: CIDRs, addresses, `loopback`, `private`, `linklocal`. */
  trustedProxies: z
    .array(text().refine(isValidRange, { error: 'must be an IP address, a CIDR range, "loopback", "private" or "linklocal"' }), {
      error: 'must be a list of addresses or CIDR ranges',
    })
    .default([]),
  auth: z
    .strictObject(
      {
        visitorTokens: z
          .strictObject(
            {
              /** HS256 secret shared with the host site's backend. Env: SITECHAT_VISITOR_TOKEN_SECRET. */
              secret: text('a text string')
                .min(MIN_SECRET_LENGTH, { error: `must be at least ${MIN_SECRET_LENGTH} characters` })
                .optional(),
            },
            objectError,
          )
          .prefault({}),
      },
      objectError,
    )
    .prefault({}),
  moderation: moderationSchema.prefault({}),
};

interface CheckedConfig {
  model: { apiKey?: string | undefined; azure?: unknown; fallbacks: Array<{ azure?: unknown; apiKey?: string | undefined }> };
  moderation: { input: string; output: string; apiKey?: string | undefined; baseURL?: string | undefined };
}

/** Rules across settings, run after each setting passed on its own. */
export function checkSecuritySettings(config: CheckedConfig, context: z.core.$RefinementCtx): void {
  if (config.model.azure !== undefined && config.model.apiKey === undefined) {
    context.addIssue({ code: 'custom', path: ['model', 'apiKey'], message: 'is required with model.azure (the resource key)' });
  }
  for (const [index, fallback] of config.model.fallbacks.entries()) {
    if (fallback.azure !== undefined && fallback.apiKey === undefined) {
      context.addIssue({ code: 'custom', path: ['model', 'fallbacks', index, 'apiKey'], message: 'is required with azure' });
    }
  }
  const moderating = config.moderation.input !== 'off' || config.moderation.output !== 'off';
  if (moderating && config.model.azure !== undefined && (config.moderation.apiKey === undefined || config.moderation.baseURL === undefined)) {
    context.addIssue({
      code: 'custom',
      path: ['moderation'],
      message: 'needs its own apiKey and baseURL with Azure OpenAI, which has no moderation endpoint (its content filters apply anyway)',
    });
  }
}

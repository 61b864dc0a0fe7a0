import { ErrorCode, HEARTBEAT_INTERVAL_MS } from '@sitechat/protocol';
import type { ConversationStore } from '@sitechat/store';
import { type Context, Hono } from 'hono';
import { chatHandler } from './chat/chat-route.js';
import { recordModeration } from './conversations/moderation-recorder.js';
import { type ConversationFeatures, mountConversations } from './conversations/mount-conversations.js';
import { doctorProbe } from './doctor/probe.js';
import { parseConfig, type SitechatConfigInput } from './config/schema.js';
import { PUBLIC_MESSAGES, SitechatError } from './http/errors.js';
import { consoleLogger, type Logger } from './http/logger.js';
import { createErrorHandler, notFoundHandler } from './http/on-error.js';
import { jsonBody } from './middleware/json-body.js';
import type { LimitStore } from './limits/limit-store.js';
import { MemoryLimitStore } from './limits/memory-store.js';
import type { ModerationEvent } from './moderation/moderation.js';
import { createModelProvider, createModerator } from './providers/index.js';
import type { ModelTransport } from './providers/model-transport.js';
import type { Moderator } from './providers/moderation.js';
import { mountSecurity } from './security/mount-security.js';
import type { ModelProvider } from './providers/types.js';
import type { SitechatKnowledge } from './knowledge/sitechat-knowledge.js';
import { jsonLogger } from './ops/access-log/json-logger.js';
import type { ReadinessCheck } from './ops/health/health.js';
import type { SitechatMetrics } from './ops/metrics/sitechat-metrics.js';
import { mountOps } from './ops/mount-ops.js';

/** Runtime wiring that does not belong in a config file. */
export interface SitechatOptions {
  /** Default: JSON lines on stdout (`ops.logFormat: 'json'`), or readable lines (`'pretty'`). */
  logger?: Logger;
  /** Default: a new set, served at `/metrics`. Pass one to read the numbers in-process. */
  metrics?: SitechatMetrics;
  /** Extra checks behind `/readyz` (the store, Redis, ...), by name; `model` is always checked. */
  readinessChecks?: Record<string, ReadinessCheck>;
  /** Use this model provider instead of the one the configuration describes. */
  provider?: ModelProvider;
  /** Default: `HEARTBEAT_INTERVAL_MS` (15 s). Also the longest wait before the 200 is committed. */
  heartbeatIntervalMs?: number;
  /** The fetch the model client uses (tests, other runtimes). Default: the global fetch. */
  fetch?: typeof fetch;
  /**
   * How model requests travel (providers/model-transport.ts). Default: `fetch` (the option above, or the
   * global one). `startServer` passes `nodeModelTransport()` (node:http), unless `fetch` is given.
   */
  modelTransport?: ModelTransport;
  /** Ids for answers. Default: `crypto.randomUUID()`. */
  generateId?: () => string;
  /**
   * The address of the connection's peer, from the runtime: the app itself never reads sockets. Node:
   * `(c) => getConnInfo(c).remote.address` (`startServer` does this). Without it, per-address limits are off
   * (a warning says so). Behind proxies, list them in `trustedProxies`.
   */
  peerAddress?: (c: Context) => string | undefined;
  /**
   * Where rate limits, stream slots and budgets are counted. Default: this process's memory. Several
   * processes: one `RedisLimitStore` each on the same Redis (`startServer` does this for `limits.redisUrl`).
   */
  limitStore?: LimitStore;
  /** Use this moderation service instead of the configured one (only consulted when moderation is on). */
  moderator?: Moderator;
  /** Each moderation verdict worth keeping (a flagged or blocked message or answer), for the store. */
  onModeration?: (event: ModerationEvent) => void | Promise<void>;
  /**
   * Where conversations, feedback and comparisons are kept (`openStore()` from `@sitechat/store`; the Node
   * entry opens it from `config.store`). With one, the server owns the history and serves
   * `/api/conversations`, `/api/feedback`, `/api/comparisons` and `/admin`; without one, the browser sends
   * the history. The caller closes it.
   */
  store?: ConversationStore;
  /**
   * Grounds answers in the site's own content: the passages for each question go to the model after the
   * owner's instructions, and their pages stream to the widget as `source-url` chunks (docs/knowledge.md).
   * The Node entry opens it from `config.knowledge` (`openKnowledge`); the caller closes it.
   */
  knowledge?: SitechatKnowledge;
}

/** What `GET /api/config` returns: public facts only, never a key, URL or prompt. */
export interface PublicConfig {
  /** Whether questions can be answered: `false` without a model, and when the local model failed to load. */
  modelConfigured: boolean;
  /** What the widget may offer: all `true` with a store, all `false` without. */
  features: ConversationFeatures;
}

export type SitechatApp = Hono;

/**
 * The Sitechat server as a Hono app, using web standards only: serve it with any runtime's entry point
 * (`startServer` from `@sitechat/server/node`, a Workers `export default`, Bun, Deno).
 *
 * Routes: `POST /api/chat` (the AI SDK UI message stream), `GET /api/config`, `GET /healthz`, `GET /readyz`,
 * `GET /metrics` (Prometheus).
 * @throws ConfigError when `config` is invalid.
 * @example
 * import { createSitechat } from '@sitechat/server';
 * const app = createSitechat({ model: { apiKey: process.env.OPENAI_API_KEY } });
 * export default app; // Cloudflare Workers, Bun
 */
export function createSitechat(config: SitechatConfigInput = {}, options: SitechatOptions = {}): SitechatApp {
  const resolved = parseConfig(config);
  const logger = options.logger ?? (resolved.ops.logFormat === 'json' ? jsonLogger : consoleLogger);
  const provider =
    options.provider ??
    createModelProvider(resolved.model, {
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      ...(options.modelTransport === undefined ? {} : { transport: options.modelTransport }),
    });
  const modelConfigured = provider !== undefined && provider.available !== false;

  const app = new Hono();
  app.onError(createErrorHandler(logger));
  app.notFound(notFoundHandler);
  mountOps(app, {
    settings: resolved.ops,
    logger,
    metrics: options.metrics,
    readinessChecks: { model: () => modelConfigured, ...options.readinessChecks },
  });
  // Origins, client address, visitor tokens, rate limits, stream slots, budgets, moderation: before any /api route.
  const moderating = resolved.moderation.input !== 'off' || resolved.moderation.output !== 'off';
  mountSecurity(app, {
    config: resolved,
    logger,
    limitStore: options.limitStore ?? new MemoryLimitStore(),
    peerAddress: options.peerAddress,
    moderator: moderating ? (options.moderator ?? createModerator(resolved.moderation, resolved.model, options.fetch === undefined ? {} : { fetch: options.fetch })) : undefined,
    onModeration: recordModeration(options.store, options.onModeration),
  });

  const generateId = options.generateId ?? (() => crypto.randomUUID());
  const conversations = mountConversations(app, { store: options.store, config: resolved, logger, model: provider?.model, generateId });

  app.get('/api/config', (c) => {
    const body: PublicConfig = { modelConfigured, features: conversations.features };
    return c.json(body, 200, { 'cache-control': 'no-store' });
  });

  app.post(
    '/api/chat',
    doctorProbe({ enabled: resolved.ops.doctor }),
    conversations.chatVisitor,
    jsonBody({ maxBytes: resolved.limits.maxBodyBytes }),
    chatHandler({
      config: resolved,
      provider,
      logger,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS,
      generateId,
      history: conversations.history,
      ...(options.knowledge === undefined ? {} : { knowledge: options.knowledge }),
    }),
  );

  // Unknown API routes answer JSON here, so that a host app's static fallback never swallows them.
  app.all('/api/*', () => {
    throw new SitechatError(404, ErrorCode.NotFound, PUBLIC_MESSAGES[ErrorCode.NotFound]);
  });
  return app;
}

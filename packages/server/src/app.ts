import { ErrorCode, HEARTBEAT_INTERVAL_MS } from '@sitechat/protocol';
import { Hono } from 'hono';
import { chatHandler } from './chat/chat-route.js';
import { parseConfig, type SitechatConfigInput } from './config/schema.js';
import { PUBLIC_MESSAGES, SitechatError } from './http/errors.js';
import { consoleLogger, type Logger } from './http/logger.js';
import { createErrorHandler, notFoundHandler } from './http/on-error.js';
import { jsonBody } from './middleware/json-body.js';
import { createModelProvider } from './providers/index.js';
import type { ModelProvider } from './providers/types.js';

/** Runtime wiring that does not belong in a config file. */
export interface SitechatOptions {
  /** Default: one line per event on the console. */
  logger?: Logger;
  /** Use this model provider instead of the one the configuration describes. */
  provider?: ModelProvider;
  /** Default: `HEARTBEAT_INTERVAL_MS` (15 s). Also the longest wait before the 200 is committed. */
  heartbeatIntervalMs?: number;
  /** The fetch the model client uses (tests, other runtimes). Default: the global fetch. */
  fetch?: typeof fetch;
  /** Ids for answers. Default: `crypto.randomUUID()`. */
  generateId?: () => string;
}

/** What `GET /api/config` returns: public facts only, never a key, URL or prompt. */
export interface PublicConfig {
  modelConfigured: boolean;
}

export type SitechatApp = Hono;

/**
 * The Sitechat server as a Hono app, using web standards only: serve it with any runtime's entry point
 * (`startServer` from `@sitechat/server/node`, a Workers `export default`, Bun, Deno).
 *
 * Routes: `POST /api/chat` (the AI SDK UI message stream), `GET /api/config`.
 * @throws ConfigError when `config` is invalid.
 * @example
 * import { createSitechat } from '@sitechat/server';
 * const app = createSitechat({ model: { apiKey: process.env.OPENAI_API_KEY } });
 * export default app; // Cloudflare Workers, Bun
 */
export function createSitechat(config: SitechatConfigInput = {}, options: SitechatOptions = {}): SitechatApp {
  const resolved = parseConfig(config);
  const logger = options.logger ?? consoleLogger;
  const provider =
    options.provider ?? createModelProvider(resolved.model, options.fetch === undefined ? {} : { fetch: options.fetch });

  const app = new Hono();
  app.onError(createErrorHandler(logger));
  app.notFound(notFoundHandler);

  app.get('/api/config', (c) => {
    const body: PublicConfig = { modelConfigured: provider !== undefined };
    return c.json(body, 200, { 'cache-control': 'no-store' });
  });

  app.post(
    '/api/chat',
    jsonBody({ maxBytes: resolved.limits.maxBodyBytes }),
    chatHandler({
      config: resolved,
      provider,
      logger,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS,
      generateId: options.generateId ?? (() => crypto.randomUUID()),
    }),
  );

  // Unknown API routes answer JSON here, so that a host app's static fallback never swallows them.
  app.all('/api/*', () => {
    throw new SitechatError(404, ErrorCode.NotFound, PUBLIC_MESSAGES[ErrorCode.NotFound]);
  });
  return app;
}

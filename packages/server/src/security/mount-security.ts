import type { Context, Hono } from 'hono';
import { visitorIdentity } from '../auth/visitor-identity/visitor-identity.js';
import type { SitechatConfig } from '../config/schema.js';
import { DOCTOR_HEADER } from '../doctor/probe.js';
import type { Logger } from '../http/logger.js';
import { concurrentStreams } from '../limits/concurrent-streams/concurrent-streams.js';
import type { LimitStore } from '../limits/limit-store.js';
import { rateLimit } from '../limits/rate-limit/rate-limit.js';
import { tokenBudgets } from '../limits/token-budgets/token-budgets.js';
import { clientIp } from '../middleware/client-ip/client-ip.js';
import { origins } from '../middleware/origins/origins.js';
import { type ModerationEvent, moderation } from '../moderation/moderation.js';
import type { Moderator } from '../providers/moderation.js';

export interface MountSecurityOptions {
  config: Pick<SitechatConfig, 'allowedOrigins' | 'requireOrigin' | 'development' | 'trustedProxies' | 'auth' | 'limits' | 'moderation'> & {
    model: Pick<SitechatConfig['model'], 'maxOutputTokens'>;
  };
  logger: Logger;
  limitStore: LimitStore;
  /** The direct peer's address, from the runtime (`SitechatOptions.peerAddress`). */
  peerAddress: ((c: Context) => string | undefined) | undefined;
  /** `undefined` when moderation is off: the moderation endpoint is then never called. */
  moderator: Moderator | undefined;
  onModeration: ((event: ModerationEvent) => void | Promise<void>) | undefined;
}

/** Preflights, the public facts, and doctor probes (capped, never call the model) need no visitor token. */
function isPublic(c: Context): boolean {
  if (c.req.method === 'OPTIONS' || (c.req.method === 'GET' && c.req.path === '/api/config')) return true;
  return c.req.method === 'POST' && c.req.path === '/api/chat' && c.req.header(DOCTOR_HEADER) === '1';
}

/**
 * Everything that decides who may use the API and how much, in the order it runs for `/api/*`:
 * origins (CORS, 403 `origin_not_allowed`) -> client address (`trustedProxies`) -> visitor (tokens, 401
 * `invalid_token`) -> rate limits (429 `rate_limited`); then, for `POST /api/chat`, stream slots (429
 * `too_many_streams`), token budgets (429 `budget_exceeded`) and moderation, the last two as chat hooks that
 * run once the request is valid. Mount it before any `/api/*` route. docs/security.md explains each.
 * @example
 * mountSecurity(app, { config, logger, limitStore: new MemoryLimitStore(), peerAddress, moderator, onModeration });
 */
export function mountSecurity(app: Hono, options: MountSecurityOptions): void {
  const { config, logger, limitStore: store } = options;
  const { limits } = config;
  if (options.peerAddress === undefined) {
    logger.warn('the runtime does not say who is connecting: per-address rate limits are off (pass SitechatOptions.peerAddress)');
  }
  app.use(
    '/api/*',
    origins({ allowedOrigins: config.allowedOrigins, development: config.development, requireOrigin: config.requireOrigin, logger }),
  );
  app.use('/api/*', clientIp({ trustedProxies: config.trustedProxies, ...(options.peerAddress ? { peerAddress: options.peerAddress } : {}) }));
  app.use('/api/*', visitorIdentity({ tokenSecret: config.auth.visitorTokens.secret, isPublic }));
  app.use(
    '/api/*',
    rateLimit({ store, perIpPerMinute: limits.requestsPerMinutePerIp, perVisitorPerMinute: limits.requestsPerMinutePerVisitor, logger }),
  );
  app.use('/api/chat', concurrentStreams({ store, perVisitor: limits.concurrentStreamsPerVisitor, perIp: limits.concurrentStreamsPerIp, logger }));
  app.use(
    '/api/chat',
    tokenBudgets({
      store,
      perConversation: limits.tokensPerConversation,
      perVisitorPerDay: limits.tokensPerVisitorPerDay,
      perSitePerDay: limits.tokensPerSitePerDay,
      maxOutputTokens: config.model.maxOutputTokens,
      logger,
    }),
  );
  if (options.moderator !== undefined) {
    app.use(
      '/api/chat',
      moderation({
        moderator: options.moderator,
        input: config.moderation.input,
        output: config.moderation.output,
        failOpen: config.moderation.failOpen,
        refusalMessage: config.moderation.refusalMessage,
        ...(options.onModeration ? { onModeration: options.onModeration } : {}),
        logger,
      }),
    );
  }
}

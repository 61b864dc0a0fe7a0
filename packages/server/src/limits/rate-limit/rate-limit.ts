import { ErrorCode } from '@sitechat/protocol';
import type { MiddlewareHandler } from 'hono';
import type { VisitorIdentityVariables } from '../../auth/visitor-identity/visitor-identity.js';
import { DEFAULTS } from '../../config/defaults.js';
import { type Logger, silentLogger } from '../../http/logger.js';
import type { ClientIpVariables } from '../../middleware/client-ip/client-ip.js';
import { type LimitStore, msUntilAllowed, slidingCount } from '../limit-store.js';
import { MemoryLimitStore } from '../memory-store.js';
import { fromStore, isCounted, LIMIT_MESSAGES, tooMany, visitorKey } from '../refusals.js';

export interface RateLimitOptions {
  /** Default: a new `MemoryLimitStore` (this process only). */
  store?: LimitStore;
  /** Requests per minute per address (IPv6: per /64). Default 30; 0 turns it off. */
  perIpPerMinute?: number;
  /** Requests per minute per visitor (token or visitor id header). Default 20; 0 turns it off. */
  perVisitorPerMinute?: number;
  /** Default 60 000 ms. */
  windowMs?: number;
  /** Default `Date.now`. */
  now?: () => number;
  /** Default: nowhere. */
  logger?: Logger;
}

/**
 * Requests per minute per address and per visitor, over a sliding window (this minute's count plus the
 * last minute's, weighted by how much of it still overlaps: no burst of twice the limit at a window edge).
 * Refused requests count too. Over either limit: 429 `rate_limited` with `Retry-After`. Reads and
 * preflights are not counted. A visitor id from the header is untrusted (anyone can invent new ones), so
 * the address limit always applies as well; with no address known (a runtime that does not say), only the
 * visitor limit applies.
 * @example
 * app.use('/api/*', rateLimit({ store, perIpPerMinute: 30, perVisitorPerMinute: 20 }));
 */
export function rateLimit(options: RateLimitOptions = {}): MiddlewareHandler<{ Variables: ClientIpVariables & VisitorIdentityVariables }> {
  const store = options.store ?? new MemoryLimitStore();
  const perIp = options.perIpPerMinute ?? DEFAULTS.limits.requestsPerMinutePerIp;
  const perVisitor = options.perVisitorPerMinute ?? DEFAULTS.limits.requestsPerMinutePerVisitor;
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger;

  return async (c, next) => {
    if (!isCounted(c.req.method)) return next();
    const time = now();
    const checks: Array<{ key: string; limit: number }> = [];
    const ipKey = c.get('clientIpKey');
    if (perIp > 0 && ipKey !== undefined) checks.push({ key: `rate:ip:${ipKey}`, limit: perIp });
    const visitor = c.get('visitor');
    // Without a visitor, the visitor key is the address, already counted above.
    if (perVisitor > 0 && visitor !== undefined) checks.push({ key: `rate:visitor:${visitorKey(visitor, ipKey)}`, limit: perVisitor });

    let waitMs = 0;
    for (const check of checks) {
      const count = await fromStore(store.hit(check.key, windowMs, time), logger);
      if (slidingCount(count, windowMs) > check.limit) waitMs = Math.max(waitMs, msUntilAllowed(count, windowMs, check.limit), 1);
    }
    if (waitMs > 0) throw tooMany(ErrorCode.RateLimited, LIMIT_MESSAGES.rateLimited, waitMs);
    await next();
  };
}

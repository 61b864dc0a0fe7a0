import { ErrorCode } from '@sitechat/protocol';
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { SitechatError } from '../../http/errors.js';
import { type Logger, silentLogger } from '../../http/logger.js';

export interface OriginsOptions {
  /**
   * Pages that may call the API from a browser: exact origins (`https://www.example.com`), subdomain
   * wildcards (`https://*.example.com`, not the apex), or `*` for any. The server's own origin is always
   * allowed. Default `[]`: the server's own origin only.
   */
  allowedOrigins?: readonly string[];
  /** Allow `http://localhost:*`, `127.0.0.1` and `[::1]` pages too (development). Default `false`. */
  development?: boolean;
  /** Refuse requests that carry no `Origin` (curl, server-to-server). Default `false`: they are allowed. */
  requireOrigin?: boolean;
  /** Request headers a page may send. Default: `content-type`, `authorization`, `x-sitechat-visitor`. */
  allowHeaders?: readonly string[];
  /** Response headers a page may read. Default: `retry-after`, `server-timing`, `x-sitechat-visitor`. */
  exposeHeaders?: readonly string[];
  /** Where a refused origin is reported (once per origin). Default: nowhere. */
  logger?: Logger;
}

export const ORIGIN_NOT_ALLOWED_MESSAGE = 'This website is not allowed to use this assistant.';

const DEFAULT_ALLOW_HEADERS = ['content-type', 'authorization', 'x-sitechat-visitor'];
const DEFAULT_EXPOSE_HEADERS = ['retry-after', 'server-timing', 'x-sitechat-visitor'];
/** Refused origins are logged once each; past this many, no more (a flood must not flood the log). */
const MAX_REPORTED_ORIGINS = 100;

/** An http(s) URL, or `undefined` (`null`, `file://`, garbage). */
function canonicalOrigin(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function isLocalHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || hostname === '127.0.0.1' || hostname === '[::1]';
}

/** A predicate for the owner's list; entries are checked by the config schema first. */
export function createOriginMatcher(entries: readonly string[]): (origin: URL) => boolean {
  if (entries.includes('*')) return () => true;
  const exact = new Set<string>();
  const wildcards: Array<{ protocol: string; suffix: string; port: string }> = [];
  for (const entry of entries) {
    const wildcard = /^(https?:)\/\/\*\.([^/:]+)(?::(\d+))?\/?$/i.exec(entry);
    if (wildcard) wildcards.push({ protocol: wildcard[1]!.toLowerCase(), suffix: `.${wildcard[2]!.toLowerCase()}`, port: wildcard[3] ?? '' });
    else exact.add(new URL(entry).origin);
  }
  return (origin) =>
    exact.has(origin.origin) ||
    wildcards.some((rule) => origin.protocol === rule.protocol && origin.hostname.endsWith(rule.suffix) && origin.port === rule.port);
}

/** Whether an `allowedOrigins` entry is valid (used by the config schema). */
export function isValidOriginEntry(entry: string): boolean {
  if (entry === '*' || /^https?:\/\/\*\.[a-z0-9.-]+(?::\d+)?\/?$/i.test(entry)) return true;
  const url = canonicalOrigin(entry);
  return (
    url !== undefined && !url.hostname.includes('*') && url.pathname === '/' && url.search === '' && url.hash === '' && url.username === ''
  );
}

/**
 * CORS for the API, and a refusal (403 `origin_not_allowed`) for pages the owner has not allowed. This is a
 * browser hint only: any program can send any `Origin`, so it stops other websites from embedding the chat,
 * not abuse; rate limits, budgets and visitor tokens do that. Preflights from allowed pages get a 204 with
 * the allowed methods and headers; responses name the page's origin (never `*` with credentials).
 * @example
 * app.use('/api/*', origins({ allowedOrigins: ['https://www.example.com'], development: false }));
 */
export function origins(options: OriginsOptions = {}): MiddlewareHandler {
  const isListed = createOriginMatcher(options.allowedOrigins ?? []);
  const development = options.development ?? false;
  const requireOrigin = options.requireOrigin ?? false;
  const logger = options.logger ?? silentLogger;
  const reported = new Set<string>();
  const corsHeaders = cors({
    // Only reached for origins already allowed below, so echoing the origin is safe.
    origin: (origin) => origin,
    allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    allowHeaders: [...(options.allowHeaders ?? DEFAULT_ALLOW_HEADERS)],
    exposeHeaders: [...(options.exposeHeaders ?? DEFAULT_EXPOSE_HEADERS)],
    maxAge: 600,
  });

  const refuse = (origin: string): never => {
    if (!reported.has(origin) && reported.size < MAX_REPORTED_ORIGINS) {
      reported.add(origin);
      logger.warn('origin refused; add it to allowedOrigins if this is your site', { origin: origin.slice(0, 200) });
    }
    throw new SitechatError(403, ErrorCode.OriginNotAllowed, ORIGIN_NOT_ALLOWED_MESSAGE, { retryable: false });
  };

  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined) {
      if (requireOrigin) refuse('(no Origin header)');
      await next();
      return;
    }
    const url = canonicalOrigin(origin);
    const allowed =
      url !== undefined &&
      // The server's own pages; the scheme is ignored because a TLS-terminating proxy hides it from us.
      (url.host === new URL(c.req.url).host || isListed(url) || (development && isLocalHost(url.hostname)));
    if (!allowed) refuse(origin);
    return corsHeaders(c, next);
  };
}

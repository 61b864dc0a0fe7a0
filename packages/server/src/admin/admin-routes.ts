import { ErrorCode } from '@sitechat/protocol';
import type { ConversationStore } from '@sitechat/store';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { SitechatError } from '../http/errors.js';
import type { Logger } from '../http/logger.js';
import { exportOptions, exportResponse } from './admin-export.js';
import { parseFilters } from './admin-filters.js';
import { ADMIN_HEADERS, loginPage } from './admin-layout.js';
import { createSession, isAdminToken, isValidSession, SESSION_COOKIE, SESSION_MAX_AGE_SECONDS } from './admin-session.js';
import { ADMIN_CSS } from './admin-styles.js';
import { dashboardPage } from './dashboard-page.js';
import { threadPage } from './thread-page.js';

export interface AdminRoutesOptions {
  store: ConversationStore;
  /** `admin.token`: at least 16 characters. */
  token: string;
  /** Prepended to exports when the owner asks for it. */
  systemPrompt: string;
  logger: Logger;
  /** The clock (download names, session ages). Default `() => new Date()`. */
  now?: () => Date;
}

/** Failed logins tolerated per minute (all sources together) before the form answers 429 for a while. */
const MAX_FAILED_LOGINS_PER_MINUTE = 20;

/** Where the admin pages are mounted (`/admin`, or `/chat/admin` inside a host app), from the request. */
function baseOf(c: Context): string {
  const path = new URL(c.req.url).pathname;
  const index = path.indexOf('/admin');
  return index < 0 ? '/admin' : path.slice(0, index + '/admin'.length);
}

function bearer(header: string | undefined): string | undefined {
  return header === undefined ? undefined : /^Bearer[ ]+(\S+)\s*$/i.exec(header)?.[1];
}

/**
 * A form post from another site (a login or logout forged by a third-party page) is refused: by the
 * browser's `Sec-Fetch-Site` where it sends one, else by `Origin` (scripts and old browsers send neither).
 */
function isCrossSite(c: Context): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  const origin = c.req.header('origin');
  if (origin === undefined) return false;
  return origin === 'null' || !URL.canParse(origin) || new URL(origin).host !== new URL(c.req.url).host;
}

/**
 * The owner's view, mounted at `/admin` only when a store and an admin token are configured:
 * - pages (server-rendered, no scripts, strict CSP): `/admin` (totals, filtered conversation list, export
 *   downloads), `/admin/conversations/:id` (the full thread with alternatives, feedback, comparisons);
 * - login by token: `GET|POST /admin/login` sets an HttpOnly, SameSite=Strict session cookie that does not
 *   contain the token; `POST /admin/logout`. The token never travels in a URL.
 * - JSON for scripts (session cookie or `Authorization: Bearer <token>`): `/admin/api/stats`,
 *   `/admin/api/conversations`, `/admin/api/conversations/:id`, and the downloads
 *   `/admin/api/export/sft|preference` (JSONL).
 * @example
 * app.route('/admin', adminRoutes({ store, token: config.admin.token, systemPrompt: config.systemPrompt, logger }));
 */
export function adminRoutes(options: AdminRoutesOptions): Hono {
  const { store, token, logger } = options;
  const now = options.now ?? (() => new Date());
  const failedLogins: number[] = [];
  const admin = new Hono();

  admin.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(ADMIN_HEADERS)) c.res.headers.set(name, value);
  });

  admin.get('/admin.css', (c) => c.body(ADMIN_CSS, 200, { 'content-type': 'text/css; charset=utf-8' }));

  admin.get('/login', (c) => c.html(loginPage(baseOf(c))));

  admin.post('/login', async (c) => {
    const base = baseOf(c);
    if (isCrossSite(c)) return c.html(loginPage(base, 'This form must be sent from this site.'), 403);
    const time = now().getTime();
    while (failedLogins.length > 0 && failedLogins[0]! < time - 60_000) failedLogins.shift();
    if (failedLogins.length >= MAX_FAILED_LOGINS_PER_MINUTE) {
      return c.html(loginPage(base, 'Too many failed attempts. Try again in a minute.'), 429, { 'retry-after': '60' });
    }
    const form = await c.req.parseBody();
    const candidate = typeof form.token === 'string' ? form.token : '';
    if (!(await isAdminToken(candidate, token))) {
      failedLogins.push(time);
      logger.warn('admin login failed');
      return c.html(loginPage(base, 'That is not the admin token.'), 401);
    }
    setCookie(c, SESSION_COOKIE, await createSession(token, time), {
      path: base,
      httpOnly: true,
      sameSite: 'Strict',
      secure: new URL(c.req.url).protocol === 'https:',
      maxAge: SESSION_MAX_AGE_SECONDS,
    });
    return c.redirect(base, 303);
  });

  admin.post('/logout', (c) => {
    const base = baseOf(c);
    if (!isCrossSite(c)) deleteCookie(c, SESSION_COOKIE, { path: base });
    return c.redirect(`${base}/login`, 303);
  });

  /** Pages send a visitor without a session to the login form; the API answers 401. */
  const requireAdmin: MiddlewareHandler = async (c, next) => {
    const session = getCookie(c, SESSION_COOKIE);
    const authorized =
      (await isValidSession(session, token, now().getTime())) ||
      (c.req.path.includes('/api/') && bearer(c.req.header('authorization')) !== undefined && (await isAdminToken(bearer(c.req.header('authorization'))!, token)));
    if (authorized) return next();
    if (c.req.path.includes('/api/')) {
      throw new SitechatError(401, ErrorCode.Unauthorized, 'Log in at /admin, or send Authorization: Bearer <admin token>.', {
        headers: { 'www-authenticate': 'Bearer realm="sitechat-admin"' },
      });
    }
    return c.redirect(`${baseOf(c)}/login`, 303);
  };

  admin.get('/', requireAdmin, async (c) => {
    const { values, filter, problems } = parseFilters(c.req.query());
    const scope = { ...(filter.from === undefined ? {} : { from: filter.from }), ...(filter.to === undefined ? {} : { to: filter.to }) };
    const [stats, conversations] = await Promise.all([store.getStats(scope), store.listConversations(filter)]);
    return c.html(dashboardPage({ base: baseOf(c), stats, conversations, values, problems }));
  });

  admin.get('/conversations/:id', requireAdmin, async (c) => {
    const transcript = await store.getTranscriptForOwner(c.req.param('id'));
    if (transcript === undefined) return c.text('There is no such conversation.', 404);
    return c.html(threadPage(baseOf(c), transcript));
  });

  admin.get('/api/stats', requireAdmin, async (c) => {
    const { filter, problems } = parseFilters(c.req.query());
    if (problems.length > 0) throw new SitechatError(400, ErrorCode.InvalidRequest, `Invalid request: ${problems.join(' ')}`);
    return c.json(await store.getStats({ ...(filter.from === undefined ? {} : { from: filter.from }), ...(filter.to === undefined ? {} : { to: filter.to }) }));
  });

  admin.get('/api/conversations', requireAdmin, async (c) => {
    const limit = Math.min(200, Math.max(1, Number(c.req.query('limit') ?? 50) || 50));
    const { filter, problems } = parseFilters(c.req.query(), limit);
    if (problems.length > 0) throw new SitechatError(400, ErrorCode.InvalidRequest, `Invalid request: ${problems.join(' ')}`);
    return c.json(await store.listConversations(filter));
  });

  admin.get('/api/conversations/:id', requireAdmin, async (c) => {
    const transcript = await store.getTranscriptForOwner(c.req.param('id'));
    if (transcript === undefined) throw new SitechatError(404, ErrorCode.ConversationNotFound, 'There is no such conversation.');
    return c.json(transcript);
  });

  admin.get('/api/export/:kind{sft|preference}', requireAdmin, async (c) => {
    const kind = c.req.param('kind') as 'sft' | 'preference';
    return exportResponse(store, kind, exportOptions(kind, c.req.query(), options.systemPrompt), now());
  });

  return admin;
}

import { ErrorCode } from '@sitechat/protocol';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { VISITOR_ID_HEADER, type VisitorIdentityVariables } from '../auth/visitor-identity/visitor-identity.js';
import { SitechatError } from '../http/errors.js';

export { VISITOR_ID_HEADER };

/** What the widget may send in `X-Sitechat-Visitor`: a random id it keeps per browser. */
const VISITOR_ID = /^[A-Za-z0-9_-]{8,128}$/;

/** Where a generated id is also kept, for same-origin clients that do not echo the header (AI SDK `useChat`). */
export const VISITOR_COOKIE = 'sitechat_visitor';
const YEAR_SECONDS = 365 * 24 * 60 * 60;

export interface ConversationVisitorVariables extends Partial<VisitorIdentityVariables> {
  /** Whose conversations this request may see: the only thing the visitor id is trusted for. */
  conversationVisitorId: string;
}

/**
 * Says whose conversations a request may read and write (`c.get('conversationVisitorId')`):
 * - a verified visitor token's visitor (`auth/`), stored as `user:<id>` so that it can never collide with an
 *   id a browser made up (those have no `:`);
 * - otherwise the `X-Sitechat-Visitor` header, a random id the widget keeps; it only scopes: anyone who
 *   knows it sees that visitor's conversations, so it is as secret as the browser keeps it;
 * - otherwise the `sitechat_visitor` cookie this middleware set earlier (same-origin clients that do not
 *   send the header: HttpOnly, SameSite=Lax, so other sites' pages cannot use it);
 * - otherwise a new random id, sent back in the `X-Sitechat-Visitor` response header for the widget to keep,
 *   and in that cookie.
 * A malformed header is refused (400 `invalid_request`) rather than silently replaced.
 * @example
 * app.use('/api/conversations/*', conversationVisitor());
 */
export function conversationVisitor(): MiddlewareHandler<{ Variables: ConversationVisitorVariables }> {
  return async (c, next) => {
    const verified = c.get('visitor');
    let generated: string | undefined;
    if (verified?.verified === true) {
      c.set('conversationVisitorId', `user:${verified.id}`);
    } else {
      const header = c.req.header(VISITOR_ID_HEADER);
      if (header !== undefined && !VISITOR_ID.test(header)) {
        throw new SitechatError(
          400,
          ErrorCode.InvalidRequest,
          `Invalid request: the ${VISITOR_ID_HEADER} header must be 8 to 128 letters, digits, "-" or "_".`,
        );
      }
      const cookie = header === undefined ? getCookie(c, VISITOR_COOKIE) : undefined;
      const remembered = cookie !== undefined && VISITOR_ID.test(cookie) ? cookie : undefined;
      // Never a predictable id (not the app's generateId): the id is all that guards a visitor's conversations.
      generated = header === undefined && remembered === undefined ? crypto.randomUUID() : undefined;
      c.set('conversationVisitorId', header ?? remembered ?? generated!);
    }
    await next();
    if (generated !== undefined) {
      c.res.headers.set(VISITOR_ID_HEADER, generated);
      setCookie(c, VISITOR_COOKIE, generated, {
        path: '/api',
        httpOnly: true,
        sameSite: 'Lax',
        secure: new URL(c.req.url).protocol === 'https:',
        maxAge: YEAR_SECONDS,
      });
    }
  };
}

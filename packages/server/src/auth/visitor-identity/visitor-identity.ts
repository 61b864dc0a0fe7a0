import { ErrorCode } from '@sitechat/protocol';
import type { Context, MiddlewareHandler } from 'hono';
import { SitechatError } from '../../http/errors.js';
import { verifyVisitorToken } from '../visitor-token.js';

/** The header the widget sends with a random id it keeps per browser. Untrusted: anyone can send any value. */
export const VISITOR_ID_HEADER = 'x-sitechat-visitor';
const VISITOR_ID = /^[A-Za-z0-9_-]{8,128}$/;

export interface Visitor {
  id: string;
  /** `true` when the id comes from a verified visitor token, `false` when from the visitor id header. */
  verified: boolean;
}

export interface VisitorIdentityVariables {
  /** Who is asking, for per-visitor limits; `undefined` when the request names nobody. */
  visitor: Visitor | undefined;
}

export interface VisitorIdentityOptions {
  /**
   * The secret visitor tokens are signed with (`auth.visitorTokens.secret`). When set, every request must
   * carry `Authorization: Bearer <token>` and is refused 401 `invalid_token` otherwise. Default: unset, so
   * the visitor id header (if any) names the visitor.
   */
  tokenSecret?: string | undefined;
  /** Requests that need no token. Default: preflights and `GET /api/config` (public facts only). */
  isPublic?: (c: Context) => boolean;
}

export const INVALID_TOKEN_MESSAGE = 'Your session has expired. Please reload the page and try again.';

const defaultIsPublic = (c: Context) => c.req.method === 'OPTIONS' || (c.req.method === 'GET' && c.req.path === '/api/config');

function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer[ ]+([^ ]+)[ ]*$/i.exec(header);
  return match ? match[1] : undefined;
}

/**
 * Says who the visitor is (`c.get('visitor')`): the verified token's visitor when tokens are on (and refuses
 * requests without a valid one), otherwise the widget's visitor id header, which only separates honest
 * visitors from each other; per-address limits still apply to everyone.
 * @example
 * app.use('/api/*', visitorIdentity({ tokenSecret: config.auth.visitorTokens.secret }));
 */
export function visitorIdentity(options: VisitorIdentityOptions = {}): MiddlewareHandler<{ Variables: VisitorIdentityVariables }> {
  const { tokenSecret } = options;
  const isPublic = options.isPublic ?? defaultIsPublic;
  return async (c, next) => {
    if (tokenSecret !== undefined && !isPublic(c)) {
      const token = bearerToken(c.req.header('authorization'));
      const result = token === undefined ? undefined : await verifyVisitorToken(token, tokenSecret);
      if (result === undefined || !result.valid) {
        throw new SitechatError(401, ErrorCode.InvalidToken, INVALID_TOKEN_MESSAGE, {
          retryable: false,
          headers: { 'www-authenticate': 'Bearer realm="sitechat", error="invalid_token"' },
        });
      }
      c.set('visitor', { id: result.visitorId, verified: true });
    } else {
      const id = c.req.header(VISITOR_ID_HEADER);
      c.set('visitor', id !== undefined && VISITOR_ID.test(id) ? { id, verified: false } : undefined);
    }
    await next();
  };
}

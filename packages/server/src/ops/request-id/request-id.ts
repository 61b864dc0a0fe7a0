import type { MiddlewareHandler } from 'hono';

export interface RequestIdOptions {
  /** Default: `x-request-id`. Read from the request, echoed on the response. */
  headerName?: string;
  /** Default: letters, digits and `-_.:=`, 1 to 128 characters; anything else is replaced, never logged. */
  pattern?: RegExp;
  /** Default: `crypto.randomUUID()`. */
  generate?: () => string;
}

export interface RequestIdVariables {
  requestId: string;
}

/**
 * Gives each request an id: the caller's `X-Request-Id` when it is well-formed (a load balancer's or an
 * edge's trace id), a new UUID otherwise, and echoes it on the response, streams included (the header is
 * set after the handler, so a handler's own `new Response(...)` keeps it).
 * @example
 * app.use(requestId());
 * app.get('/', (c) => c.text(c.get('requestId')));
 */
export function requestId(options: RequestIdOptions = {}): MiddlewareHandler<{ Variables: RequestIdVariables }> {
  const { headerName = 'x-request-id', pattern = /^[\w\-.:=]{1,128}$/, generate = () => crypto.randomUUID() } = options;
  return async (c, next) => {
    const given = c.req.header(headerName);
    const id = given !== undefined && pattern.test(given) ? given : generate();
    c.set('requestId', id);
    await next();
    try {
      c.res.headers.set(headerName, id);
    } catch {
      // A response passed through from fetch() has immutable headers; it goes without.
    }
  };
}

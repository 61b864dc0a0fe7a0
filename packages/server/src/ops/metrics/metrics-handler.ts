import type { Handler } from 'hono';
import { EXPOSITION_CONTENT_TYPE, type MetricsRegistry } from './registry.js';

export interface MetricsHandlerOptions {
  registry: MetricsRegistry;
  /**
   * Default: none (open). When set, `/metrics` answers 401 unless the request carries
   * `Authorization: Bearer <token>` (Prometheus: `authorization: { credentials: ... }`).
   */
  token?: string | undefined;
}

const encoder = new TextEncoder();

/** Compares in time that does not depend on where the strings differ. */
export function timingSafeEqual(a: string, b: string): boolean {
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  let difference = left.length ^ right.length;
  for (let index = 0; index < left.length; index++) difference |= left[index]! ^ (right[index % right.length] ?? 0);
  return difference === 0;
}

/**
 * `GET /metrics` in the Prometheus text format, optionally behind a bearer token.
 * @example
 * app.get('/metrics', metricsHandler({ registry: metrics.registry, token: config.ops.metricsToken }));
 */
export function metricsHandler(options: MetricsHandlerOptions): Handler {
  const { registry, token } = options;
  return (c) => {
    if (token !== undefined) {
      const given = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim() ?? '';
      if (!timingSafeEqual(given, token)) {
        return c.json({ error: { code: 'unauthorized', message: 'This endpoint needs a bearer token.' } }, 401, {
          'www-authenticate': 'Bearer realm="metrics"',
          'cache-control': 'no-store',
        });
      }
    }
    return c.body(registry.render(), 200, { 'content-type': EXPOSITION_CONTENT_TYPE, 'cache-control': 'no-store' });
  };
}

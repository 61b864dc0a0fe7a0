import type { Handler } from 'hono';

/**
 * A readiness check: resolves when the dependency can serve (`true` or nothing), and rejects or resolves
 * `false` when it cannot. Examples: the store answers `SELECT 1`, Redis answers `PING`.
 */
export type ReadinessCheck = (signal: AbortSignal) => Promise<boolean | void> | boolean | void;

export interface ReadinessOptions {
  /** Named checks, run together on every call. */
  checks: Readonly<Record<string, ReadinessCheck>>;
  /** Default: 2000 ms. A check slower than this counts as failed (a hung database is not ready). */
  timeoutMs?: number;
}

export type CheckResult = { ok: true; ms: number } | { ok: false; ms: number; reason: 'failed' | 'timeout' };

const noStore = { 'cache-control': 'no-store' };

/**
 * `GET /healthz`: the process is alive and serving HTTP. It checks nothing else, so that an orchestrator
 * never restarts a healthy process because a database is down (that is what `/readyz` reports).
 * @example
 * app.get('/healthz', healthHandler());
 */
export function healthHandler(): Handler {
  return (c) => c.json({ status: 'ok' }, 200, noStore);
}

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  try {
    const outcome = await Promise.race([Promise.resolve().then(() => check(controller.signal)), timeout]);
    const ms = Math.round(performance.now() - started);
    if (outcome === 'timeout') {
      controller.abort();
      return { ok: false, ms, reason: 'timeout' };
    }
    return outcome === false ? { ok: false, ms, reason: 'failed' } : { ok: true, ms };
  } catch {
    // The error's text may hold a connection string; only the fact that it failed is reported.
    return { ok: false, ms: Math.round(performance.now() - started), reason: 'failed' };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /readyz`: 200 when every check passes, 503 otherwise, with each check's outcome. A load balancer
 * sends traffic only to ready instances.
 * @example
 * app.get('/readyz', readinessHandler({ checks: { model: () => provider !== undefined, redis: () => redis.ping() } }));
 * // 503 {"status":"unavailable","checks":{"model":{"ok":true,"ms":0},"redis":{"ok":false,"ms":2000,"reason":"timeout"}}}
 */
export function readinessHandler(options: ReadinessOptions): Handler {
  const { checks, timeoutMs = 2000 } = options;
  return async (c) => {
    const names = Object.keys(checks);
    const results = await Promise.all(names.map((name) => runCheck(checks[name]!, timeoutMs)));
    const outcome = Object.fromEntries(names.map((name, index) => [name, results[index]!]));
    const ready = results.every((result) => result.ok);
    return c.json({ status: ready ? 'ready' : 'unavailable', checks: outcome }, ready ? 200 : 503, noStore);
  };
}

import type { Hono } from 'hono';

import type { Logger } from '../http/logger.js';
import { accessLog } from './access-log/access-log.js';
import { healthHandler, type ReadinessCheck, readinessHandler } from './health/health.js';
import { metricsHandler } from './metrics/metrics-handler.js';
import { requestMetrics } from './metrics/request-metrics.js';
import { createSitechatMetrics, type SitechatMetrics } from './metrics/sitechat-metrics.js';
import { requestId } from './request-id/request-id.js';
import { requestStats } from './request-stats/request-stats.js';

/** The `ops` section of the configuration (config/schema.ts). */
export interface OpsSettings {
  requestLog: boolean;
  logMessageText: boolean;
  metrics: boolean;
  metricsToken?: string | undefined;
}

export interface MountOpsOptions {
  settings: OpsSettings;
  logger: Logger;
  /** Default: a new set. Pass one to read the numbers in-process or share a registry. */
  metrics?: SitechatMetrics | undefined;
  /** Checks behind `/readyz`, by name (`model`, `store`, `redis`, ...). */
  readinessChecks: Readonly<Record<string, ReadinessCheck>>;
}

const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * The operations layer, mounted before every other route: request ids (`X-Request-Id`), per-request stats
 * with `Server-Timing`, one JSON log line per request, Prometheus metrics, and `/healthz`, `/readyz`,
 * `/metrics`. Returns the metrics, so that the owner's code can read them.
 * @example
 * const metrics = mountOps(app, { settings: config.ops, logger, readinessChecks: { model: () => provider !== undefined } });
 */
export function mountOps(app: Hono, options: MountOpsOptions): SitechatMetrics {
  const { settings, logger, readinessChecks } = options;
  const metrics = options.metrics ?? createSitechatMetrics();

  // Ids a client sends are kept only when short and plain, so that they cannot forge log lines.
  app.use(requestId());
  app.use(requestStats());
  if (settings.requestLog) {
    // Probes polled every few seconds would drown the log; their failures still show.
    const skip = (stats: { route: string; status: number }) => QUIET_ROUTES.has(stats.route) && stats.status < 400;
    app.use(accessLog({ logger, logMessageText: settings.logMessageText, skip }));
  }
  if (settings.metrics) app.use(requestMetrics({ metrics }));

  app.get('/healthz', healthHandler());
  app.get('/readyz', readinessHandler({ checks: readinessChecks }));
  if (settings.metrics) app.get('/metrics', metricsHandler({ registry: metrics.registry, token: settings.metricsToken }));
  return metrics;
}

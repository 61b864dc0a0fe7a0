import type { MiddlewareHandler } from 'hono';
import type { RequestStatsVariables } from '../request-stats/request-stats.js';
import { recordRequest, type SitechatMetrics } from './sitechat-metrics.js';

export interface RequestMetricsOptions {
  metrics: SitechatMetrics;
}

/**
 * Counts every request into Sitechat's metrics once it has ended, and keeps the `sitechat_active_streams`
 * gauge while a stream is open. Mount it after `requestStats()`.
 * @example
 * const metrics = createSitechatMetrics();
 * app.use(requestStats(), requestMetrics({ metrics }));
 * app.get('/metrics', metricsHandler({ registry: metrics.registry }));
 */
export function requestMetrics(options: RequestMetricsOptions): MiddlewareHandler<{ Variables: RequestStatsVariables }> {
  const { metrics } = options;
  return async (c, next) => {
    await next();
    const stats = c.get('requestStats');
    const streaming = stats.streaming;
    if (streaming) metrics.activeStreams.inc();
    stats.onEnd((ended) => {
      if (streaming) metrics.activeStreams.dec();
      recordRequest(metrics, ended);
    });
  };
}

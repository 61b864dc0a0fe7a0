import type { RequestStats } from '../request-stats/request-stats.js';
import { type Counter, type Gauge, type Histogram, MetricsRegistry } from './registry.js';

/** Seconds; from a fast local model's first token to a slow provider's. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const DURATION_BUCKETS = [0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** The metrics a Sitechat server exports on `/metrics`. */
export interface SitechatMetrics {
  readonly registry: MetricsRegistry;
  readonly requests: Counter;
  readonly errors: Counter;
  readonly tokens: Counter;
  readonly requestDuration: Histogram;
  readonly timeToFirstToken: Histogram;
  readonly upstreamLatency: Histogram;
  readonly overhead: Histogram;
  readonly activeStreams: Gauge;
  readonly abortedStreams: Counter;
}

/**
 * Create Sitechat's metrics in `registry` (a new one by default).
 * @example
 * const metrics = createSitechatMetrics();
 * createSitechat(config, { metrics });
 */
export function createSitechatMetrics(registry = new MetricsRegistry()): SitechatMetrics {
  return {
    registry,
    requests: registry.counter('sitechat_http_requests_total', 'HTTP requests by route pattern, method and status.'),
    errors: registry.counter('sitechat_errors_total', 'Refused requests and failed streams by Sitechat error code.'),
    tokens: registry.counter('sitechat_model_tokens_total', 'Model tokens as reported by the model, by direction (input, output).'),
    requestDuration: registry.histogram('sitechat_http_request_duration_seconds', 'Time from request to the end of the response (streams: to their end), by route.', DURATION_BUCKETS),
    timeToFirstToken: registry.histogram('sitechat_time_to_first_token_seconds', 'Time from the chat request arriving to the first token of the answer.', LATENCY_BUCKETS),
    upstreamLatency: registry.histogram('sitechat_upstream_latency_seconds', 'Time from calling the model to its first token (the model and the network to it).', LATENCY_BUCKETS),
    overhead: registry.histogram('sitechat_overhead_seconds', "Sitechat's own time before it calls the model (validation, limits, history).", [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25]),
    activeStreams: registry.gauge('sitechat_active_streams', 'Answers being streamed right now.'),
    abortedStreams: registry.counter('sitechat_aborted_streams_total', 'Answers the visitor stopped or left before they ended.'),
  };
}

/** Record one ended request. */
export function recordRequest(metrics: SitechatMetrics, stats: RequestStats): void {
  metrics.requests.inc({ route: stats.route, method: stats.method, status: String(stats.status) });
  metrics.requestDuration.observe(((stats.endedAt ?? stats.startedAt) - stats.startedAt) / 1000, { route: stats.route });
  if (stats.errorCode !== undefined) metrics.errors.inc({ code: stats.errorCode });
  if (stats.aborted) metrics.abortedStreams.inc();
  if (stats.inputTokens !== undefined) metrics.tokens.inc({ direction: 'input' }, stats.inputTokens);
  if (stats.outputTokens !== undefined) metrics.tokens.inc({ direction: 'output' }, stats.outputTokens);
  if (stats.modelCalledAt !== undefined) {
    metrics.overhead.observe((stats.modelCalledAt - stats.startedAt) / 1000);
    if (stats.firstTokenAt !== undefined) {
      metrics.timeToFirstToken.observe((stats.firstTokenAt - stats.startedAt) / 1000);
      metrics.upstreamLatency.observe((stats.firstTokenAt - stats.modelCalledAt) / 1000);
    }
  }
}

import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../http/logger.js';
import type { RequestStats, RequestStatsVariables } from '../request-stats/request-stats.js';

export interface AccessLogOptions {
  /** Where the line goes; with `jsonLogger` it is one JSON object per line. */
  logger: Logger;
  /**
   * Default: `false`. When `true`, the line also carries the visitor's last message (`input`) and the
   * answer (`output`). Off by default: conversations are personal data, and logs travel further than
   * databases.
   */
  logMessageText?: boolean;
  /** Default: `() => false`. Requests to skip, e.g. health checks polled every few seconds. */
  skip?: (stats: RequestStats) => boolean;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** The fields of one access log line. Never message text unless asked for, never headers or keys. */
export function accessLogFields(stats: RequestStats, logMessageText = false): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    requestId: stats.requestId,
    method: stats.method,
    path: stats.path,
    route: stats.route,
    status: stats.status,
    durationMs: round((stats.endedAt ?? stats.startedAt) - stats.startedAt),
  };
  if (stats.modelCalledAt !== undefined) fields.overheadMs = round(stats.modelCalledAt - stats.startedAt);
  if (stats.firstTokenAt !== undefined) fields.ttftMs = round(stats.firstTokenAt - stats.startedAt);
  if (stats.model !== undefined) fields.model = stats.model;
  if (stats.finishReason !== undefined) fields.finishReason = stats.finishReason;
  if (stats.inputTokens !== undefined) fields.inputTokens = stats.inputTokens;
  if (stats.outputTokens !== undefined) fields.outputTokens = stats.outputTokens;
  if (stats.errorCode !== undefined) fields.errorCode = stats.errorCode;
  if (stats.aborted) fields.aborted = true;
  if (logMessageText) {
    if (stats.inputText !== undefined) fields.input = stats.inputText;
    if (stats.outputText !== undefined) fields.output = stats.outputText;
  }
  return fields;
}

/**
 * One log line per request, written when the request has really ended (for a stream: when it closes):
 * request id, method, path, route, status, duration, time to first token, tokens in/out, error code.
 * Mount it after `requestStats()`.
 * @example
 * app.use(requestId(), requestStats(), accessLog({ logger: jsonLogger, logMessageText: false }));
 * // {"time":"...","level":"info","msg":"request","requestId":"...","method":"POST","path":"/api/chat",...}
 */
export function accessLog(options: AccessLogOptions): MiddlewareHandler<{ Variables: RequestStatsVariables }> {
  const { logger, logMessageText = false, skip = () => false } = options;
  return async (c, next) => {
    const stats = c.get('requestStats');
    if (logMessageText) stats.captureText = true;
    await next();
    // Server errors are already logged (with what the owner needs) by the error boundary; this line counts them.
    stats.onEnd((ended) => {
      if (!skip(ended)) logger.info('request', accessLogFields(ended, logMessageText));
    });
  };
}

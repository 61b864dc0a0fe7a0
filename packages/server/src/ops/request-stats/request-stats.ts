import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { SitechatError } from '../../http/errors.js';

/**
 * What one request did, filled in as it runs: the route fills the model timings and token counts, and
 * listeners (the access log, the metrics) read it once the request has ended. For a stream that is when
 * the stream closes, not when the handler returns.
 */
export interface RequestStats {
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  /** The matched route pattern (`/api/chat`), set once routing is done; bounded, so fit for metric labels. */
  route: string;
  status: number;
  /** `performance.now()` when the request arrived. */
  readonly startedAt: number;
  /** When the model was called: everything before it is Sitechat's own overhead. */
  modelCalledAt?: number;
  /** When the model's first event (usually the first text) arrived. */
  firstTokenAt?: number;
  endedAt?: number;
  inputTokens?: number;
  outputTokens?: number;
  /** The model that answered (for logs). */
  model?: string;
  finishReason?: string;
  /** Our error code, for a refused request or a stream that failed. */
  errorCode?: string;
  /** The visitor went away (or pressed Stop) before the answer ended. */
  aborted?: boolean;
  /** The handler kept the request open with `hold()`: a stream. */
  streaming: boolean;
  /** Set by the access log when the owner turned message logging on: the chat route then fills the texts. */
  captureText?: boolean;
  /** Only filled when the owner turned message logging on. */
  inputText?: string;
  outputText?: string;
  /** Keeps the request open past the handler (a stream); call the returned function when it really ends. */
  hold(): () => void;
  /** Runs `listener` once the request has ended (at once, if it has). */
  onEnd(listener: (stats: RequestStats) => void): void;
}

export interface RequestStatsVariables {
  requestStats: RequestStats;
}

export interface RequestStatsOptions {
  /** Default: `performance.now`. */
  now?: () => number;
  /** Default: `true`. Adds `Server-Timing: sitechat;dur=<overhead>, model;dur=<first token>`. */
  serverTiming?: boolean;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** `Server-Timing` for a response: Sitechat's own time before the model, and the model's first token. */
export function serverTimingHeader(stats: RequestStats, now: number): string {
  const overhead = round((stats.modelCalledAt ?? now) - stats.startedAt);
  let value = `sitechat;desc="Sitechat overhead";dur=${overhead}`;
  if (stats.modelCalledAt !== undefined && stats.firstTokenAt !== undefined) {
    value += `, model;desc="model first token";dur=${round(stats.firstTokenAt - stats.modelCalledAt)}`;
  }
  return value;
}

/** The code a request's log line and metrics carry for `error` (thrown) or, without one, its status. */
export function errorCodeOf(error: unknown, status: number): string | undefined {
  if (error instanceof SitechatError) return error.code;
  if (error !== undefined) return status >= 500 ? 'internal_error' : 'invalid_request';
  return status === 404 ? 'not_found' : undefined;
}

/**
 * Creates the request's `RequestStats` (`c.get('requestStats')`), ends it when the response is complete,
 * and sets `Server-Timing`. Mount it after `requestId()` and before the listeners (access log, metrics).
 * @example
 * app.use(requestId(), requestStats(), accessLog({ logger }), requestMetrics({ metrics }));
 */
export function requestStats(options: RequestStatsOptions = {}): MiddlewareHandler<{ Variables: RequestStatsVariables & { requestId?: string } }> {
  const now = options.now ?? (() => performance.now());
  const serverTiming = options.serverTiming ?? true;

  return async (c, next) => {
    const listeners: Array<(stats: RequestStats) => void> = [];
    let holds = 0;
    const end = () => {
      if (stats.endedAt !== undefined) return;
      stats.endedAt = now();
      for (const listener of listeners.splice(0)) listener(stats);
    };
    const stats: RequestStats = {
      requestId: c.get('requestId') ?? '',
      method: c.req.method,
      path: c.req.path,
      route: '',
      status: 0,
      startedAt: now(),
      streaming: false,
      hold() {
        holds++;
        stats.streaming = true;
        let released = false;
        return () => {
          if (released) return;
          released = true;
          if (--holds === 0 && stats.status !== 0) end();
        };
      },
      onEnd(listener) {
        if (stats.endedAt === undefined) listeners.push(listener);
        else listener(stats);
      },
    };
    c.set('requestStats', stats);

    await next();

    // After next(), the route index points at the handler that answered: a pattern, never the raw path.
    stats.route = routePath(c) || '*';
    stats.status = c.res.status;
    stats.errorCode ??= errorCodeOf(c.error, c.res.status);
    if (serverTiming) {
      try {
        c.res.headers.set('server-timing', serverTimingHeader(stats, now()));
      } catch {
        // A response passed through from fetch() has immutable headers; it simply goes without.
      }
    }
    if (holds === 0) end();
  };
}

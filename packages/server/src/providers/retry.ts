import { ErrorCode } from '@sitechat/protocol';
import { type ProviderError, toProviderError } from './errors.js';
import { eachEvent, readBatches } from './event-batches.js';
import type { ModelEventBatch, ModelProvider, ModelStreamRequest } from './types.js';

export interface RetryOptions {
  /** Further tries after the first. */
  maxRetries: number;
  /** The longest wait before a retry. A `Retry-After` above it is not waited for: the failure is surfaced. */
  maxDelayMs: number;
  /** The first backoff when the upstream gives no `Retry-After`; doubled each time. Default 500 ms. */
  baseDelayMs?: number;
  /** Default: `setTimeout`, cut short by the request's signal. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Default: `Date.now` (for HTTP-date `Retry-After` values). */
  now?: () => number;
}

/**
 * Whether a failure before the answer started is worth another try: the upstream's rate limit (429), its
 * server errors (5xx) and broken connections. Timeouts are not: the visitor has already waited a full
 * `timeoutMs`. Nor are refusals of the request itself (400, 401, 403, content filters).
 */
export function isTransient(failure: ProviderError): boolean {
  if (failure.code === ErrorCode.UpstreamRateLimited) return true;
  return failure.code === ErrorCode.UpstreamError && failure.retryable && (failure.upstreamStatus ?? 500) >= 500;
}

/** Milliseconds the upstream asked us to wait (`Retry-After`: seconds or an HTTP date), if it asked. */
export function retryAfterMs(failure: ProviderError, now: number): number | undefined {
  const value = failure.retryAfter;
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Retries a provider before its first event only (once text has reached the visitor, a retry would repeat
 * it). Transient failures (`isTransient`) are retried up to `maxRetries` times: after the upstream's
 * `Retry-After` when it sends one no longer than `maxDelayMs` (a longer one is surfaced at once, with its
 * `Retry-After`, rather than holding the visitor), otherwise after an exponential backoff with jitter.
 * @example
 * const provider = withRetries(createOpenAIProvider(options), { maxRetries: 2, maxDelayMs: 5000 });
 */
export function withRetries(provider: ModelProvider, options: RetryOptions): ModelProvider {
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const baseDelayMs = options.baseDelayMs ?? 500;

  async function* streamBatches(request: ModelStreamRequest): AsyncGenerator<ModelEventBatch> {
    for (let attempt = 0; ; attempt++) {
      const batches = readBatches(provider, request)[Symbol.asyncIterator]();
      let first: IteratorResult<ModelEventBatch>;
      try {
        first = await batches.next();
      } catch (error) {
        const failure = toProviderError(error, { signal: request.signal, started: false });
        if (attempt >= options.maxRetries || !isTransient(failure)) throw failure;
        const asked = retryAfterMs(failure, now());
        if (asked !== undefined && asked > options.maxDelayMs) throw failure;
        const backoff = Math.min(options.maxDelayMs, baseDelayMs * 2 ** attempt * (0.75 + Math.random() * 0.25));
        try {
          await sleep(asked ?? backoff, request.signal);
        } catch {
          throw toProviderError(new Error('aborted'), { signal: request.signal, started: false });
        }
        continue;
      }
      try {
        for (let result = first; !result.done; result = await batches.next()) yield result.value;
      } finally {
        // The consumer stopped early (the visitor left): let the provider clean up and abort.
        await batches.return?.();
      }
      return;
    }
  }
  return { name: provider.name, model: provider.model, stream: (request) => eachEvent(streamBatches(request)), streamBatches };
}

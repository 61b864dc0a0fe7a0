import { ErrorCode } from '@sitechat/protocol';
import type { MiddlewareHandler } from 'hono';
import type { VisitorIdentityVariables } from '../../auth/visitor-identity/visitor-identity.js';
import { DEFAULTS } from '../../config/defaults.js';
import { type Logger, silentLogger } from '../../http/logger.js';
import type { ClientIpVariables } from '../../middleware/client-ip/client-ip.js';
import type { LimitStore } from '../limit-store.js';
import { MemoryLimitStore } from '../memory-store.js';
import { fromStore, isCounted, LIMIT_MESSAGES, tooMany, visitorKey } from '../refusals.js';

export interface ConcurrentStreamsOptions {
  /** Default: a new `MemoryLimitStore` (this process only). */
  store?: LimitStore;
  /** Answers streaming at once per visitor (token, visitor id header, or else address). Default 2; 0: no limit. */
  perVisitor?: number;
  /** Answers streaming at once per address (IPv6: per /64). Default 10; 0: no limit. */
  perIp?: number;
  /** A slot not released by then (a crashed process) frees itself. Default 10 minutes. */
  slotTtlMs?: number;
  /** Default `Date.now`. */
  now?: () => number;
  /** Default: nowhere. */
  logger?: Logger;
}

export interface StreamSlotVariables {
  /**
   * Set while the request holds stream slots. A handler that itself knows when its answer's stream ends (the
   * chat route) calls it, and then calls the returned function once, however the stream ends: the slots are
   * given back then, and the response goes out as it is. Without that claim, `concurrentStreams()` wraps the
   * response's stream to see it end, one more stream layer for every chunk.
   */
  claimStreamSlots?: () => () => void;
}

/** `body`, calling `done` once when it has been read to the end, failed, or been cancelled by the reader. */
export function onStreamEnd(body: ReadableStream<Uint8Array>, done: () => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const result = await reader.read();
        if (result.done) {
          done();
          controller.close();
        } else {
          controller.enqueue(result.value);
        }
      } catch (error) {
        done();
        controller.error(error);
      }
    },
    async cancel(reason) {
      done();
      // Cancelling the inner stream is what stops the model request.
      await reader.cancel(reason);
    },
  });
}

/**
 * Limits how many answers one visitor (and one address) can have streaming at once: a slot is taken before
 * the request is read and given back when the answer's stream ends, however it ends (finished, failed,
 * visitor gone), or at once for a response that is not a stream. Over the limit: 429 `too_many_streams`.
 * A handler that knows when its stream ends gives them back itself (`claimStreamSlots`).
 * @example
 * app.post('/api/chat', concurrentStreams({ store, perVisitor: 2, perIp: 10 }), handler);
 */
export function concurrentStreams(
  options: ConcurrentStreamsOptions = {},
): MiddlewareHandler<{ Variables: ClientIpVariables & VisitorIdentityVariables & StreamSlotVariables }> {
  const store = options.store ?? new MemoryLimitStore();
  const perVisitor = options.perVisitor ?? DEFAULTS.limits.concurrentStreamsPerVisitor;
  const perIp = options.perIp ?? DEFAULTS.limits.concurrentStreamsPerIp;
  const slotTtlMs = options.slotTtlMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger;

  return async (c, next) => {
    if (!isCounted(c.req.method)) return next();
    const ipKey = c.get('clientIpKey');
    const visitor = visitorKey(c.get('visitor'), ipKey);
    const wanted: Array<{ key: string; max: number }> = [];
    if (perVisitor > 0 && visitor !== undefined) wanted.push({ key: `streams:visitor:${visitor}`, max: perVisitor });
    if (perIp > 0 && ipKey !== undefined) wanted.push({ key: `streams:ip:${ipKey}`, max: perIp });

    const taken: Array<{ key: string; slot: string }> = [];
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      for (const { key, slot } of taken) {
        store.release(key, slot).catch((error: unknown) => logger.warn('stream slot not released', { name: (error as Error)?.name }));
      }
    };
    let claimed = false;
    try {
      for (const { key, max } of wanted) {
        const slot = await fromStore(store.acquire(key, max, slotTtlMs, now()), logger);
        if (slot === undefined) throw tooMany(ErrorCode.TooManyStreams, LIMIT_MESSAGES.tooManyStreams, 2000);
        taken.push({ key, slot });
      }
      if (taken.length > 0) {
        c.set('claimStreamSlots', () => {
          claimed = true;
          return release;
        });
      }
      await next();
    } catch (error) {
      release();
      throw error;
    }
    // No slot to give back (limits off), or the handler gives them back when its stream ends.
    if (taken.length === 0 || claimed) return;
    const body = c.res.body;
    if (body === null || !c.res.headers.get('content-type')?.startsWith('text/event-stream')) {
      release();
      return;
    }
    c.req.raw.signal.addEventListener('abort', release, { once: true });
    c.res = new Response(onStreamEnd(body, release), c.res);
  };
}

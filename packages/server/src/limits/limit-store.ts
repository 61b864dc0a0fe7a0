/**
 * Where rate limits, token budgets and stream slots are counted. `MemoryLimitStore` (the default) counts in
 * one process; `RedisLimitStore` (`REDIS_URL`) lets every server process share one count. Each operation is
 * atomic in the store, so two processes can never both take the last slot or both miss each other's tokens.
 *
 * Times are passed in (`now`, milliseconds) rather than read by the store, so that every process computes
 * the same windows and tests can move the clock.
 */
export interface LimitStore {
  /**
   * Count one request under `key` and return the requests of the last `windowMs` as a sliding-window
   * estimate: this window's count plus the previous window's, weighted by how much of it still overlaps.
   */
  hit(key: string, windowMs: number, now: number): Promise<WindowCount>;
  /**
   * Add `amount` (negative to give back) to the counter `key` and return the new total. The counter starts
   * at 0 and is forgotten `ttlMs` after its first use, so callers put the period (a day) in the key.
   */
  add(key: string, amount: number, ttlMs: number, now: number): Promise<number>;
  /**
   * Take one of `max` slots under `key`. Returns a slot id to release, or `undefined` when all are taken.
   * A slot that is never released (a crashed process) frees itself after `ttlMs`.
   */
  acquire(key: string, max: number, ttlMs: number, now: number): Promise<string | undefined>;
  release(key: string, slot: string): Promise<void>;
  /** Release connections (Redis). */
  close?(): Promise<void>;
}

export interface WindowCount {
  /** This window's count, the one just added included. */
  current: number;
  /** The previous window's count. */
  previous: number;
  /** Milliseconds into the current window. */
  elapsedMs: number;
}

/** The sliding-window estimate of requests in the last window. */
export function slidingCount(count: WindowCount, windowMs: number): number {
  return count.current + count.previous * (1 - count.elapsedMs / windowMs);
}

/**
 * How long until one more request would fit under `limit`, if none are made meanwhile. Refused requests
 * count too (a client that keeps hammering stays refused), so this is a floor, not a promise.
 */
export function msUntilAllowed(count: WindowCount, windowMs: number, limit: number): number {
  const room = limit - 1 - count.current;
  // Within this window: wait until enough of the previous window has slid out.
  if (room >= 0 && count.previous > 0) {
    const fraction = 1 - room / count.previous;
    return Math.max(0, fraction * windowMs - count.elapsedMs);
  }
  if (room >= 0) return 0;
  // This window alone is over: wait for the next one, and for this one to slide out far enough.
  const nextFraction = count.current === 0 ? 0 : Math.max(0, 1 - (limit - 1) / count.current);
  return windowMs - count.elapsedMs + nextFraction * windowMs;
}

/** What every `LimitStore` must do, run against the memory store and (with REDIS_URL) against Redis. */
import { expect, it } from 'vitest';
import { type LimitStore, msUntilAllowed, slidingCount } from '../limit-store.js';

export function limitStoreContract(open: () => LimitStore, prefix: () => string): void {
  const T = 1_800_000_020_000; // a minute boundary plus 20 s

  it('counts hits in sliding windows: this window, the previous one, and how far into this one', async () => {
    const store = open();
    const key = `${prefix()}hits`;
    for (let index = 0; index < 3; index++) await store.hit(key, 60_000, T - 60_000);
    const count = await store.hit(key, 60_000, T);
    expect(count).toEqual({ current: 1, previous: 3, elapsedMs: 20_000 });
    expect(slidingCount(count, 60_000)).toBeCloseTo(1 + 3 * (2 / 3));
  });

  it('adds to counters atomically, gives back, and forgets them after their ttl', async () => {
    const store = open();
    const key = `${prefix()}tokens`;
    const totals = await Promise.all(Array.from({ length: 20 }, () => store.add(key, 5, 60_000, T)));
    expect(Math.max(...totals)).toBe(100);
    expect(new Set(totals).size).toBe(20);
    expect(await store.add(key, -30, 60_000, T)).toBe(70);
  });

  it('grants at most max slots, also when asked at once, and frees released ones', async () => {
    const store = open();
    const key = `${prefix()}slots`;
    const slots = await Promise.all(Array.from({ length: 10 }, () => store.acquire(key, 3, 60_000, T)));
    const granted = slots.filter((slot): slot is string => slot !== undefined);
    expect(granted).toHaveLength(3);
    await store.release(key, granted[0]!);
    expect(await store.acquire(key, 3, 60_000, T)).toBeDefined();
    expect(await store.acquire(key, 3, 60_000, T)).toBeUndefined();
  });

  it('frees a slot that was never released once its ttl has passed (a crashed process)', async () => {
    const store = open();
    const key = `${prefix()}stale`;
    expect(await store.acquire(key, 1, 1000, T)).toBeDefined();
    expect(await store.acquire(key, 1, 1000, T + 500)).toBeUndefined();
    expect(await store.acquire(key, 1, 1000, T + 1500)).toBeDefined();
  });
}

export function windowMathTests(): void {
  it('says how long until one more request fits', () => {
    // 10 allowed; 10 last minute, 0 this minute, 30 s in: half of last minute still counts (5).
    expect(msUntilAllowed({ current: 0, previous: 10, elapsedMs: 30_000 }, 60_000, 10)).toBe(0);
    // 6 this minute + 10 * (1 - t/60) must drop to 3 more: at t = 42 s, so 12 s from 30 s.
    expect(msUntilAllowed({ current: 6, previous: 10, elapsedMs: 30_000 }, 60_000, 10)).toBeCloseTo(12_000);
    // This minute alone is over: the next window, once enough of this one has slid out.
    expect(msUntilAllowed({ current: 12, previous: 0, elapsedMs: 30_000 }, 60_000, 10)).toBeCloseTo(30_000 + 15_000);
  });
}

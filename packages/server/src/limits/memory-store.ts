import type { LimitStore, WindowCount } from './limit-store.js';

interface Counter {
  value: number;
  expiresAt: number;
}

export interface MemoryLimitStoreOptions {
  /** Forget expired entries once the store holds this many keys. Default 10 000. */
  sweepAbove?: number;
}

/**
 * The default `LimitStore`: counters in this process's memory. Correct for one server process; with
 * several, each counts alone (use `RedisLimitStore`). Expired entries are swept as the store grows, so a
 * flood of distinct addresses cannot grow it without bound for longer than a window.
 * @example
 * createSitechat(config, { limitStore: new MemoryLimitStore() });
 */
export class MemoryLimitStore implements LimitStore {
  readonly #counters = new Map<string, Counter>();
  readonly #slots = new Map<string, Map<string, number>>();
  readonly #sweepAbove: number;
  #nextSlot = 0;

  constructor(options: MemoryLimitStoreOptions = {}) {
    this.#sweepAbove = options.sweepAbove ?? 10_000;
  }

  /** Keys held (counters and slot sets), expired ones not yet swept included. */
  get size(): number {
    return this.#counters.size + this.#slots.size;
  }

  #counter(key: string, ttlMs: number, now: number): Counter {
    let counter = this.#counters.get(key);
    if (counter === undefined || counter.expiresAt <= now) {
      if (this.#counters.size >= this.#sweepAbove) this.#sweep(now);
      counter = { value: 0, expiresAt: now + ttlMs };
      this.#counters.set(key, counter);
    }
    return counter;
  }

  #sweep(now: number): void {
    for (const [key, counter] of this.#counters) if (counter.expiresAt <= now) this.#counters.delete(key);
    for (const [key, slots] of this.#slots) {
      for (const [slot, expiresAt] of slots) if (expiresAt <= now) slots.delete(slot);
      if (slots.size === 0) this.#slots.delete(key);
    }
  }

  async hit(key: string, windowMs: number, now: number): Promise<WindowCount> {
    const window = Math.floor(now / windowMs);
    const current = this.#counter(`${key}:${window}`, 2 * windowMs, now);
    current.value += 1;
    const previous = this.#counters.get(`${key}:${window - 1}`);
    const previousValue = previous !== undefined && previous.expiresAt > now ? previous.value : 0;
    return { current: current.value, previous: previousValue, elapsedMs: now - window * windowMs };
  }

  async add(key: string, amount: number, ttlMs: number, now: number): Promise<number> {
    const counter = this.#counter(key, ttlMs, now);
    counter.value += amount;
    return counter.value;
  }

  async acquire(key: string, max: number, ttlMs: number, now: number): Promise<string | undefined> {
    let slots = this.#slots.get(key);
    if (slots === undefined) {
      if (this.#slots.size >= this.#sweepAbove) this.#sweep(now);
      slots = new Map();
      this.#slots.set(key, slots);
    }
    for (const [slot, expiresAt] of slots) if (expiresAt <= now) slots.delete(slot);
    if (slots.size >= max) return undefined;
    const slot = `slot-${++this.#nextSlot}`;
    slots.set(slot, now + ttlMs);
    return slot;
  }

  async release(key: string, slot: string): Promise<void> {
    const slots = this.#slots.get(key);
    slots?.delete(slot);
    if (slots?.size === 0) this.#slots.delete(key);
  }
}

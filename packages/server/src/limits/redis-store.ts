/**
 * A `LimitStore` in Redis, shared by every server process (`REDIS_URL`). Each operation is one Lua script,
 * which Redis runs atomically, so concurrent processes never lose an increment or over-grant a slot.
 * Node/Bun only (ioredis needs TCP sockets); exported from `@sitechat/server/node`, never from the
 * web-standard entry.
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { LimitStore, WindowCount } from './limit-store.js';

const HIT = `
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
return {current, previous}`;

const ADD = `
local total = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return total`;

const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

interface Scripts {
  sitechatHit(current: string, previous: string, ttlMs: number): Promise<[number, number]>;
  sitechatAdd(key: string, amount: number, ttlMs: number): Promise<number>;
  sitechatAcquire(key: string, now: number, max: number, expiresAt: number, slot: string, ttlMs: number): Promise<number>;
}

export interface RedisLimitStoreOptions {
  /** A `redis://` or `rediss://` URL. Ignored when `client` is given. */
  url?: string;
  /** An ioredis client you manage (and close) yourself. */
  client?: Redis;
  /** Prefix of every key. Default `sitechat:limits:`. */
  prefix?: string;
  /** Connection problems (ioredis reports them as events). Default: ignored; requests then fail with 503 `limits_unavailable`. */
  onError?: (error: Error) => void;
}

/**
 * @example
 * import { RedisLimitStore } from '@sitechat/server/node';
 * const limitStore = new RedisLimitStore({ url: process.env.REDIS_URL });
 * createSitechat(config, { limitStore });
 */
export class RedisLimitStore implements LimitStore {
  readonly #redis: Redis & Scripts;
  readonly #prefix: string;
  readonly #owned: boolean;

  constructor(options: RedisLimitStoreOptions) {
    if (options.client === undefined && options.url === undefined) throw new TypeError('RedisLimitStore needs a url or a client.');
    // Fail fast rather than queueing commands for ever while Redis is away: a request waits at most a few seconds.
    const clientOptions: RedisOptions = { maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 2000 };
    const redis = options.client ?? new Redis(options.url!, clientOptions);
    this.#owned = options.client === undefined;
    this.#prefix = options.prefix ?? 'sitechat:limits:';
    const onError = options.onError ?? (() => {});
    if (this.#owned) redis.on('error', onError);
    redis.defineCommand('sitechatHit', { numberOfKeys: 2, lua: HIT });
    redis.defineCommand('sitechatAdd', { numberOfKeys: 1, lua: ADD });
    redis.defineCommand('sitechatAcquire', { numberOfKeys: 1, lua: ACQUIRE });
    this.#redis = redis as Redis & Scripts;
  }

  async hit(key: string, windowMs: number, now: number): Promise<WindowCount> {
    const window = Math.floor(now / windowMs);
    const base = `${this.#prefix}${key}:`;
    const [current, previous] = await this.#redis.sitechatHit(`${base}${window}`, `${base}${window - 1}`, 2 * windowMs);
    return { current: Number(current), previous: Number(previous), elapsedMs: now - window * windowMs };
  }

  async add(key: string, amount: number, ttlMs: number, _now: number): Promise<number> {
    return Number(await this.#redis.sitechatAdd(`${this.#prefix}${key}`, Math.round(amount), ttlMs));
  }

  async acquire(key: string, max: number, ttlMs: number, now: number): Promise<string | undefined> {
    const slot = crypto.randomUUID();
    const taken = await this.#redis.sitechatAcquire(`${this.#prefix}${key}`, now, max, now + ttlMs, slot, ttlMs);
    return Number(taken) === 1 ? slot : undefined;
  }

  async release(key: string, slot: string): Promise<void> {
    await this.#redis.zrem(`${this.#prefix}${key}`, slot);
  }

  async close(): Promise<void> {
    if (this.#owned) await this.#redis.quit().catch(() => this.#redis.disconnect());
  }
}

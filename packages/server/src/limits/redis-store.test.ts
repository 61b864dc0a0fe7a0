import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { limitStoreContract } from './__fixtures__/store-contract.js';
import { RedisLimitStore } from './redis-store.js';

const url = process.env.REDIS_URL;
const prefix = `sitechat-test:${process.pid}:${Date.now()}:`;
let next = 0;
const stores: RedisLimitStore[] = [];

describe.skipIf(url === undefined)('RedisLimitStore (REDIS_URL)', () => {
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    const redis = new Redis(url!);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  // Each test gets its own client, as separate server processes would.
  limitStoreContract(
    () => {
      const store = new RedisLimitStore({ url: url!, prefix });
      stores.push(store);
      return store;
    },
    () => `case-${++next}:`,
  );

  it('expires counters in Redis itself (no sweeping needed)', async () => {
    const store = new RedisLimitStore({ url: url!, prefix });
    stores.push(store);
    await store.add('ttl-check', 1, 5000, Date.now());
    const redis = new Redis(url!);
    const ttl = await redis.pttl(`${prefix}ttl-check`);
    await redis.quit();
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5000);
  });

  it('fails fast with an error (so requests get 503 limits_unavailable) when Redis is unreachable', async () => {
    const store = new RedisLimitStore({ url: 'redis://127.0.0.1:1' });
    stores.push(store);
    const started = Date.now();
    await expect(store.hit('x', 1000, Date.now())).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

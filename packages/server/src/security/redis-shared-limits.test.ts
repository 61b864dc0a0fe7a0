/**
 * Risk: limits that multiply with the number of server processes (three instances, three times the
 * budget). Two apps, each with its own Redis client on the same REDIS_URL, as two processes would have,
 * must enforce ONE rate limit, ONE budget and ONE set of stream slots. Skipped without REDIS_URL.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chatBody, type Harness, message, startHarness } from '../__fixtures__/harness.js';
import type { SitechatConfigInput } from '../config/schema.js';
import { RedisLimitStore } from '../limits/redis-store.js';
import { peerAddress, postFrom } from './__fixtures__/requests.js';

const url = process.env.REDIS_URL;
const prefix = `sitechat-test:shared:${process.pid}:${Date.now()}:`;
let harness: Harness;
const stores: RedisLimitStore[] = [];

/** Two instances of the same server, sharing nothing but Redis. */
function twoInstances(config: SitechatConfigInput) {
  return [0, 1].map(() => {
    const limitStore = new RedisLimitStore({ url: url!, prefix });
    stores.push(limitStore);
    return harness.app(config, { peerAddress, limitStore });
  });
}

async function complete(response: Response): Promise<number> {
  await response.text();
  await new Promise((resolve) => setTimeout(resolve, 30));
  return response.status;
}

describe.skipIf(url === undefined)('limits shared through Redis (REDIS_URL)', () => {
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterEach(() => harness.model.reset());
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    const redis = new Redis(url!);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await harness.close();
  });

  it('one rate limit across both instances, not one each', async () => {
    const [first, second] = twoInstances({ limits: { requestsPerMinutePerIp: 3, requestsPerMinutePerVisitor: 0 } });
    const from = { peer: '198.51.100.201' };
    const body = chatBody([message('user', 'hi')]);
    const statuses = [];
    for (const app of [first!, second!, first!, second!, first!]) statuses.push(await complete(await postFrom(app, body, from)));
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('one token budget across both instances', async () => {
    // ~23 tokens per exchange (the fake counts 4 characters a token); 40 allows two answers in all.
    const [first, second] = twoInstances({ limits: { requestsPerMinutePerIp: 0, tokensPerConversation: 40 }, model: { maxOutputTokens: 10 } });
    const body = chatBody([message('user', 'hello there')], { id: `shared-${Date.now()}` });
    const from = { peer: '198.51.100.202', headers: { 'x-sitechat-visitor': 'shared-visitor-1' } };
    expect(await complete(await postFrom(first!, body, from))).toBe(200);
    expect(await complete(await postFrom(second!, body, from))).toBe(200);
    const refusedBySecond = await postFrom(second!, body, from);
    expect(refusedBySecond.status).toBe(429);
    expect((await refusedBySecond.json()).error.code).toBe('budget_exceeded');
    expect((await postFrom(first!, body, from)).status).toBe(429);
  });

  it('one set of stream slots across both instances', async () => {
    const [first, second] = twoInstances({ limits: { requestsPerMinutePerIp: 0, concurrentStreamsPerVisitor: 1 } });
    harness.model.enqueue({ text: 'word '.repeat(100), chunkSize: 5, chunkDelayMs: 20 });
    const from = { peer: '198.51.100.203', headers: { 'x-sitechat-visitor': 'shared-visitor-2' } };
    const streaming = await postFrom(first!, chatBody([message('user', 'long one')]), from);
    expect(streaming.status).toBe(200);
    const refused = await postFrom(second!, chatBody([message('user', 'another')]), from);
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe('too_many_streams');
    await streaming.text();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await complete(await postFrom(second!, chatBody([message('user', 'now')]), from))).toBe(200);
  });
});

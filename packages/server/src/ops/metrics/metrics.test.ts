import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chatBody, type Harness, message, postChat, startHarness } from '../../__fixtures__/harness.js';
import { createSitechatMetrics } from './sitechat-metrics.js';
import { timingSafeEqual } from './metrics-handler.js';

let harness: Harness;
beforeAll(async () => (harness = await startHarness()));
beforeEach(() => harness.model.reset());
afterAll(() => harness.close());

const TOKEN = 'metrics-token-0123456789';
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('/metrics', () => {
  it('counts requests by route and status, errors by code, tokens, and times to first token', async () => {
    const metrics = createSitechatMetrics();
    const app = harness.app({}, { metrics });
    await (await postChat(app, chatBody([message('user', 'hello there')]))).text();
    await postChat(app, chatBody([message('system', 'x')]));
    harness.model.enqueue({ error: { status: 429, headers: { 'retry-after': '3' } } });
    await postChat(app, chatBody([message('user', 'again')]));
    await tick();

    const text = await (await app.request('/metrics')).text();
    expect(text).toContain('sitechat_http_requests_total{route="/api/chat",method="POST",status="200"} 1');
    expect(text).toContain('sitechat_http_requests_total{route="/api/chat",method="POST",status="400"} 1');
    expect(text).toContain('sitechat_http_requests_total{route="/api/chat",method="POST",status="429"} 1');
    expect(text).toContain('sitechat_errors_total{code="forbidden_role"} 1');
    expect(text).toContain('sitechat_errors_total{code="upstream_rate_limited"} 1');
    expect(text).toMatch(/sitechat_model_tokens_total\{direction="input"\} [1-9]/);
    expect(text).toMatch(/sitechat_model_tokens_total\{direction="output"\} [1-9]/);
    expect(text).toContain('sitechat_time_to_first_token_seconds_count 1');
    expect(text).toContain('sitechat_upstream_latency_seconds_count 1');
    expect(text).toContain('sitechat_active_streams 0');
    expect(metrics.requests.get({ route: '/api/chat', method: 'POST', status: '200' })).toBe(1);
  });

  it('counts a stream as active while it runs', async () => {
    const metrics = createSitechatMetrics();
    const app = harness.app({}, { metrics });
    harness.model.enqueue({ text: 'word '.repeat(40), chunkSize: 5, chunkDelayMs: 10 });
    const response = await postChat(app, chatBody([message('user', 'hi')]));
    expect(metrics.activeStreams.get()).toBe(1);
    expect(await (await app.request('/metrics')).text()).toContain('sitechat_active_streams 1');
    await response.text();
    await tick();
    expect(metrics.activeStreams.get()).toBe(0);
  });

  it('needs the bearer token when one is configured', async () => {
    const app = harness.app({ ops: { metricsToken: TOKEN } });
    const anonymous = await app.request('/metrics');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await app.request('/metrics', { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const allowed = await app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('can be turned off', async () => {
    expect((await harness.app({ ops: { metrics: false } }).request('/metrics')).status).toBe(404);
  });

  it('compares tokens without short-cuts that leak where they differ', () => {
    expect(timingSafeEqual('abc', 'abc')).toBe(true);
    expect(timingSafeEqual('abc', 'abd')).toBe(false);
    expect(timingSafeEqual('abc', 'abcd')).toBe(false);
    expect(timingSafeEqual('', 'abc')).toBe(false);
  });
});

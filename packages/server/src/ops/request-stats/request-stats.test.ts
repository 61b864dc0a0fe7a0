import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatBody, type Harness, message, postChat, startHarness } from '../../__fixtures__/harness.js';
import { parseServerTiming } from '../../doctor/run-doctor.js';
import { type RequestStats, requestStats, type RequestStatsVariables } from './request-stats.js';

let harness: Harness;
beforeAll(async () => (harness = await startHarness()));
afterAll(() => harness.close());

describe('requestStats', () => {
  it('sets Server-Timing on a stream: Sitechat overhead before the model, and the model first token', async () => {
    harness.model.enqueue({ text: 'Hello', headersDelayMs: 60 });
    const app = harness.app();
    const started = performance.now();
    const response = await postChat(app, chatBody([message('user', 'hi')]));
    const elapsed = performance.now() - started;
    const timing = parseServerTiming(response.headers.get('server-timing'));
    expect(timing.sitechat).toBeGreaterThanOrEqual(0);
    // The model's delay shows as the model's time, not Sitechat's; both fit in what the client waited.
    expect(timing.model).toBeGreaterThanOrEqual(55);
    expect(timing.sitechat! + timing.model!).toBeLessThanOrEqual(elapsed + 1);
    await response.text();
  });

  it('ends a held request when it is released, not when the handler returns', async () => {
    const ended: RequestStats[] = [];
    let release: () => void = () => {};
    const app = new Hono<{ Variables: RequestStatsVariables }>();
    app.use(requestStats());
    app.use(async (c, next) => {
      await next();
      c.get('requestStats').onEnd((stats) => ended.push(stats));
    });
    app.get('/stream/:id', (c) => {
      release = c.get('requestStats').hold();
      return c.text('streaming');
    });
    const response = await app.request('/stream/7');
    expect(response.headers.get('server-timing')).toMatch(/^sitechat;desc="Sitechat overhead";dur=[\d.]+$/);
    expect(ended).toHaveLength(0);
    release();
    release();
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({ route: '/stream/:id', path: '/stream/7', status: 200, streaming: true });
  });
});

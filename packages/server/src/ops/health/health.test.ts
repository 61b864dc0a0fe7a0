import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../__fixtures__/harness.js';
import { createSitechat } from '../../app.js';
import { silentLogger } from '../../http/logger.js';

let harness: Harness;
beforeAll(async () => (harness = await startHarness()));
afterAll(() => harness.close());

describe('/healthz and /readyz', () => {
  it('reports alive, and ready when the model is configured and every check passes', async () => {
    const app = harness.app({}, { readinessChecks: { store: () => true, redis: async () => {} } });
    const health = await app.request('/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.headers.get('cache-control')).toBe('no-store');
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { model: { ok: true }, store: { ok: true }, redis: { ok: true } } });
  });

  it('is not ready without a model, while still alive', async () => {
    const app = createSitechat({}, { logger: silentLogger });
    expect((await app.request('/healthz')).status).toBe(200);
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'unavailable', checks: { model: { ok: false, reason: 'failed' } } });
  });

  it('fails a check that throws, returns false or hangs, without repeating its error text', async () => {
    const app = harness.app({}, {
      readinessChecks: {
        store: () => {
          throw new Error('postgres://user:SECRET-PASSWORD@db/prod refused');
        },
        redis: () => false,
        slow: (signal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve())),
      },
    });
    const started = Date.now();
    const ready = await app.request('/readyz');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(ready.status).toBe(503);
    const body = await ready.text();
    expect(body).not.toContain('SECRET-PASSWORD');
    expect(JSON.parse(body)).toMatchObject({
      checks: { model: { ok: true }, store: { ok: false, reason: 'failed' }, redis: { ok: false, reason: 'failed' }, slow: { ok: false, reason: 'timeout' } },
    });
  });
});

/**
 * Risk: the owner's key, or what the model provider says about the owner's account, reaching a visitor or
 * a log. Every path that talks to the upstream is driven here (answers, refusals, failures before and
 * during the stream, moderation), and everything a visitor or a log could see is searched.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  chatBody,
  type Harness,
  message,
  SECRET_HEADERS,
  SECRET_KEY,
  SECRET_MESSAGE,
  SECRET_STRINGS,
  startHarness,
} from '../__fixtures__/harness.js';
import { createVisitorToken } from '../auth/visitor-token.js';
import { peerAddress, postFrom } from './__fixtures__/requests.js';

let harness: Harness;
const console_: string[] = [];
beforeAll(async () => {
  harness = await startHarness();
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void console_.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ')));
  }
});
afterEach(() => {
  harness.model.reset();
  harness.logger.entries.length = 0;
  console_.length = 0;
});
afterAll(async () => {
  vi.restoreAllMocks();
  await harness.close();
});

/** Upstream headers that carry account details; none may be passed on, by name or by value. */
const UPSTREAM_ONLY = ['set-cookie', 'openai-organization', 'openai-project', 'x-ratelimit-remaining-tokens', 'x-ratelimit-limit-requests'];
const UPSTREAM_HEADERS = { ...SECRET_HEADERS, 'x-ratelimit-limit-requests': '987654321' };

async function expectNothingLeaks(response: Response) {
  const body = await response.text();
  const seen = [JSON.stringify([...response.headers]), body, JSON.stringify(harness.logger.entries), ...console_].join('\n');
  for (const secret of [...SECRET_STRINGS, SECRET_KEY.slice(3)]) expect(seen, secret).not.toContain(secret);
  for (const name of UPSTREAM_ONLY) expect(response.headers.has(name), name).toBe(false);
  return body;
}

const ask = (config = {}, options = {}, from = {}) =>
  postFrom(harness.app(config, { peerAddress, ...options }), chatBody([message('user', 'hi')]), from);

describe('the key and the upstream account details never reach a visitor or a log', () => {
  it('a normal answer', async () => {
    harness.model.enqueue({ text: 'Hello!', chunkSize: 100, responseHeaders: UPSTREAM_HEADERS });
    const body = await expectNothingLeaks(await ask());
    expect(body).toContain('Hello!');
  });

  for (const status of [400, 401, 403, 404, 429, 500, 503]) {
    it(`an upstream ${status} before the answer`, async () => {
      const error = { status, message: `${SECRET_MESSAGE} key ${SECRET_KEY}`, headers: { ...UPSTREAM_HEADERS, 'retry-after': '60' } };
      harness.model.enqueue({ error }, { error }, { error });
      const response = await ask({ model: { maxRetries: 1, maxRetryDelayMs: 0 } });
      expect(response.status).toBeGreaterThanOrEqual(400);
      await expectNothingLeaks(response);
    });
  }

  it('a failure in the middle of the answer, and a malformed event', async () => {
    harness.model.enqueue({ text: 'abcdefghijkl', chunkSize: 2, dropAfterDeltas: 2, responseHeaders: UPSTREAM_HEADERS });
    expect(await expectNothingLeaks(await ask())).toContain('stream_interrupted');
    harness.model.enqueue({ text: 'abcdefghijkl', chunkSize: 2, malformedAfterDeltas: 2, responseHeaders: UPSTREAM_HEADERS });
    expect(await expectNothingLeaks(await ask())).toContain('upstream_error');
  });

  it('refusals of our own: tokens, origins, rate limits, budgets, moderation', async () => {
    const secret = 'visitor-token-secret-0123456789abcdef';
    const forged = await createVisitorToken(`${secret}-forged`, { visitorId: 'v' });
    await expectNothingLeaks(await ask({ auth: { visitorTokens: { secret } } }, {}, { headers: { authorization: `Bearer ${forged}` } }));
    await expectNothingLeaks(await ask({}, {}, { headers: { origin: 'https://evil.example' } }));
    await expectNothingLeaks(await ask({ limits: { tokensPerSitePerDay: 1 }, model: { maxOutputTokens: 1 } }));
    await expectNothingLeaks(await ask({ moderation: { input: 'block', baseURL: 'http://127.0.0.1:9/v1' } }));
    expect(harness.logger.entries.length + console_.length).toBeGreaterThan(0);
  });

  it('the key is sent only to the model server it belongs to', async () => {
    await (await ask()).text();
    expect(harness.model.requests[0]?.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
    // A fallback on another server never gets the main key (it gets its own, or none).
    harness.model.enqueue({ error: { status: 503 } });
    const other = `${harness.model.url.replace('127.0.0.1', 'localhost')}`;
    await (await ask({ model: { fallbacks: [{ name: 'other-model', baseURL: other }] } })).text();
    const [, failed, fallback] = harness.model.requests;
    expect(failed?.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
    expect(fallback?.body.model).toBe('other-model');
    expect(fallback?.headers.authorization).toBe('Bearer sitechat-no-key');
  });
});

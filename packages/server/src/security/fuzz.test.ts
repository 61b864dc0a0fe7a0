/**
 * Risk: some body the schema did not foresee crashing the server (a 5xx, an unhandled rejection, a stream
 * that never ends). Property-based: arbitrary JSON, arbitrary text, and structured near-valid chat bodies
 * with every field replaced by anything, through `app.request()`, must always get a 2xx or a 4xx JSON
 * refusal, and a 200 must be a complete stream. The model is a stub, so thousands of runs stay fast.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordingLogger } from '../__fixtures__/harness.js';
import { createSitechat } from '../app.js';
import type { ModelProvider } from '../providers/types.js';
import { peerAddress } from './__fixtures__/requests.js';

const stub: ModelProvider = {
  name: 'stub',
  model: 'stub-model',
  async *stream({ messages }) {
    yield { type: 'text-delta', text: `${messages.length} messages` };
    yield { type: 'finish', finishReason: 'stop' };
  },
};

const logger = recordingLogger();
const app = createSitechat(
  {
    model: { name: 'stub-model', allowed: ['stub-large'] },
    limits: {
      maxMessages: 6,
      maxMessageChars: 200,
      requestsPerMinutePerIp: 0,
      requestsPerMinutePerVisitor: 0,
      concurrentStreamsPerIp: 0,
      concurrentStreamsPerVisitor: 0,
      tokensPerConversation: 0,
      tokensPerVisitorPerDay: 0,
      tokensPerSitePerDay: 0,
    },
    allowedOrigins: ['https://www.example.com'],
    trustedProxies: ['10.0.0.0/8'],
  },
  { provider: stub, logger, peerAddress, heartbeatIntervalMs: 1000 },
);

const anything = fc.oneof(fc.jsonValue(), fc.string(), fc.constant(undefined));
/** Mostly the expected shape, sometimes anything at all: deep enough to reach the model, wild enough to break things. */
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ arbitrary, weight: 5 }, { arbitrary: anything, weight: 1 });

const part = maybe(
  fc.record(
    {
      type: maybe(fc.constantFrom('text', 'reasoning', 'file', 'step-start', 'source-url', 'data-x', 'tool-x')),
      text: maybe(fc.string({ maxLength: 250 })),
      url: anything,
      providerMetadata: anything,
    },
    { requiredKeys: [] },
  ),
);

const chatMessage = maybe(
  fc.record(
    {
      id: maybe(fc.string({ maxLength: 300 })),
      role: maybe(fc.constantFrom('user', 'assistant', 'system', 'developer', 'tool', 'function')),
      parts: maybe(fc.array(part, { maxLength: 4 })),
      content: anything,
      metadata: anything,
    },
    { requiredKeys: [] },
  ),
);

const chatRequest = fc.record(
  {
    id: maybe(fc.string({ maxLength: 300 })),
    messages: maybe(fc.array(chatMessage, { maxLength: 8 })),
    trigger: maybe(fc.constantFrom('submit-message', 'regenerate-message')),
    messageId: anything,
    model: maybe(fc.constantFrom('stub-model', 'stub-large', 'gpt-4o')),
    baseURL: anything,
    tools: anything,
    max_tokens: anything,
  },
  { requiredKeys: [] },
);

/** A valid conversation with extras anywhere: what a real (or a mischievous) client sends. */
const textPart = fc.record({ type: fc.constant('text'), text: fc.string({ minLength: 1, maxLength: 120 }) });
const turn = (role: fc.Arbitrary<string>) =>
  fc.record({ id: fc.string({ maxLength: 20 }), role, parts: fc.array(fc.oneof({ arbitrary: textPart, weight: 4 }, { arbitrary: part, weight: 1 }), { minLength: 1, maxLength: 3 }), metadata: anything }, { requiredKeys: ['role', 'parts'] });
const nearValidRequest = fc.record(
  {
    id: fc.string({ maxLength: 40 }),
    messages: fc
      .tuple(fc.array(turn(fc.constantFrom('user', 'assistant')), { maxLength: 5 }), turn(fc.constant('user')))
      .map(([history, last]) => [...history, last]),
    trigger: fc.constantFrom('submit-message', 'regenerate-message'),
    model: fc.constantFrom('stub-model', 'stub-large', 'gpt-4o'),
    temperature: anything,
    tools: anything,
  },
  { requiredKeys: ['messages'] },
);

const headers = fc.record(
  {
    'content-type': fc.oneof(
      { arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON'), weight: 8 },
      { arbitrary: fc.constantFrom('text/plain', 'application/jsonx'), weight: 1 },
      { arbitrary: fc.string(), weight: 1 },
    ),
    origin: fc.oneof(
      { arbitrary: fc.constant('https://www.example.com'), weight: 6 },
      { arbitrary: fc.constantFrom('https://evil.example', 'null', 'http://localhost:3000'), weight: 1 },
      { arbitrary: fc.string(), weight: 1 },
    ),
    'x-sitechat-visitor': fc.string({ maxLength: 140 }),
    'x-forwarded-for': fc.oneof(fc.ipV4(), fc.ipV6(), fc.string()),
    forwarded: fc.string(),
    authorization: fc.string(),
  },
  { requiredKeys: [] },
);

/** Header values must be ByteStrings without CR/LF; fetch refuses others before the app sees them. */
function sendable(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => /^[\x20-\x7e]*$/.test(value)));
}

/** Statuses seen, so the test can show the fuzzing reached the model as well as the refusals. */
const statuses = new Map<number, number>();

async function send(body: string, requestHeaders: Record<string, string>, peer: string) {
  const response = await app.request(
    '/api/chat',
    { method: 'POST', headers: { 'content-type': 'application/json', ...sendable(requestHeaders) }, body },
    { peer },
  );
  const text = await response.text();
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  expect(response.status, text).toBeLessThan(500);
  if (response.status === 200) expect(text.endsWith('data: [DONE]\n\n'), text).toBe(true);
  else expect(JSON.parse(text).error.code, text).toMatch(/^[a-z_]+$/);
}

describe('fuzzing POST /api/chat', () => {
  it('arbitrary JSON and text never yield a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.json(), fc.string(), fc.jsonValue().map((value) => JSON.stringify(value).slice(0, -1))),
        headers,
        fc.oneof(fc.ipV4(), fc.ipV6(), fc.constant('10.0.0.1')),
        send,
      ),
      { numRuns: 1000 },
    );
  }, 120_000);

  it('structured near-valid chat bodies never yield a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(chatRequest, nearValidRequest), headers, fc.oneof(fc.ipV4(), fc.ipV6(), fc.constant('10.0.0.1')), (body, requestHeaders, peer) =>
        send(JSON.stringify(body), requestHeaders, peer),
      ),
      { numRuns: 1500 },
    );
    expect(logger.entries.filter((entry) => entry.level === 'error')).toEqual([]);
    for (const status of [200, 400, 403, 415]) expect(statuses.get(status), `status ${status}`).toBeGreaterThan(10);
  }, 120_000);
});

/** Token budgets through the whole app, counted from what the fake model server reports (or estimated). */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chatBody, type Harness, message, startHarness } from '../../__fixtures__/harness.js';
import { peerAddress, postFrom } from '../../security/__fixtures__/requests.js';
import { estimateMessagesTokens, estimateTextTokens } from '../token-estimate.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterEach(() => harness.model.reset());
afterAll(() => harness.close());

const noRateLimits = { requestsPerMinutePerIp: 0, requestsPerMinutePerVisitor: 0 };
/** One question, its answer read to the end, and the budgets' bookkeeping (after the stream) settled. */
async function ask(app: ReturnType<Harness['app']>, chatId: string, visitor: string, peer = '203.0.113.10'): Promise<Response> {
  const response = await postFrom(app, chatBody([message('user', 'hello there')], { id: chatId }), { peer, headers: { 'x-sitechat-visitor': visitor } });
  const text = await response.text();
  await new Promise((resolve) => setTimeout(resolve, 20));
  return new Response(text, response);
}

describe('tokenBudgets', () => {
  it('refuses a conversation once its budget is used up, with a message that says what to do', async () => {
    // The fake server reports usage (4 characters a token): ~23 tokens per exchange here. 40 allows two.
    const app = harness.app({ limits: { ...noRateLimits, tokensPerConversation: 40 }, model: { maxOutputTokens: 10 } }, { peerAddress });
    expect((await ask(app, 'chat-a', 'visitor-aaaa')).status).toBe(200);
    expect((await ask(app, 'chat-a', 'visitor-aaaa')).status).toBe(200);
    const refused = await ask(app, 'chat-a', 'visitor-aaaa');
    expect(refused.status).toBe(429);
    const body = await refused.json();
    expect(body.error).toMatchObject({ code: 'budget_exceeded', retryable: false });
    expect(body.error.message).toMatch(/new conversation/);
    expect(refused.headers.get('retry-after')).toBeNull();
    // A new conversation may start; the model was not called for the refusal.
    expect((await ask(app, 'chat-b', 'visitor-aaaa')).status).toBe(200);
    expect(harness.model.requests).toHaveLength(3);
  });

  it('refuses a visitor past the daily budget until the next UTC midnight', async () => {
    const app = harness.app({ limits: { ...noRateLimits, tokensPerVisitorPerDay: 1 } }, { peerAddress });
    await ask(app, 'chat-1', 'visitor-bbbb');
    const refused = await ask(app, 'chat-2', 'visitor-bbbb');
    expect(refused.status).toBe(429);
    const body = await refused.json();
    expect(body.error.code).toBe('budget_exceeded');
    expect(body.error.message).toMatch(/today/);
    const untilMidnight = (86_400_000 - (Date.now() % 86_400_000)) / 1000;
    expect(Number(refused.headers.get('retry-after'))).toBeCloseTo(untilMidnight, -1);
    expect((await ask(app, 'chat-3', 'visitor-cccc')).status).toBe(200);
  });

  it('stops the whole site past its daily budget', async () => {
    const app = harness.app({ limits: { ...noRateLimits, tokensPerSitePerDay: 1 } }, { peerAddress });
    await ask(app, 'chat-1', 'visitor-dddd');
    const refused = await ask(app, 'chat-9', 'visitor-eeee', '198.51.100.77');
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.message).toMatch(/today/);
  });

  it('counts tokens locally when the model server sends no usage', async () => {
    // Budget: more than one reservation (estimate + maxOutputTokens), less than two real answers' estimate.
    const answer = 'word '.repeat(200);
    const outputEstimate = estimateTextTokens(answer);
    expect(outputEstimate).toBe(250);
    const app = harness.app({ systemPrompt: '', limits: { ...noRateLimits, tokensPerConversation: 300 }, model: { maxOutputTokens: 100 } }, { peerAddress });
    harness.model.enqueue({ text: answer, omitUsage: true });
    await ask(app, 'chat-x', 'visitor-ffff');
    // 250 + the question's estimate are now spent, under 300: one more answer may start...
    expect(estimateMessagesTokens([{ content: 'hello there' }]) + outputEstimate).toBeLessThan(300);
    harness.model.enqueue({ text: answer, omitUsage: true });
    expect((await ask(app, 'chat-x', 'visitor-ffff')).status).toBe(200);
    // ...and that one crosses it.
    expect((await ask(app, 'chat-x', 'visitor-ffff')).status).toBe(429);
  });

  it('gives a reservation back when the model fails before answering', async () => {
    const app = harness.app({ limits: { ...noRateLimits, tokensPerConversation: 2000 }, model: { maxOutputTokens: 1500 } }, { peerAddress });
    harness.model.enqueue({ error: { status: 500 } }, { error: { status: 500 } });
    expect((await ask(app, 'chat-r', 'visitor-gggg')).status).toBe(502);
    expect((await ask(app, 'chat-r', 'visitor-gggg')).status).toBe(502);
    // Two reservations of ~1500 would exceed 2000 if they had been kept.
    expect((await ask(app, 'chat-r', 'visitor-gggg')).status).toBe(200);
  });
});

describe('token estimate', () => {
  it('counts ASCII at 4 characters a token and other characters as one each', () => {
    expect(estimateTextTokens('')).toBe(0);
    expect(estimateTextTokens('abcd')).toBe(1);
    expect(estimateTextTokens('abcde')).toBe(2);
    expect(estimateTextTokens('日本語')).toBe(3);
    expect(estimateTextTokens('👋')).toBe(1);
    expect(estimateMessagesTokens([{ content: 'abcd' }, { content: '' }])).toBe(3 + 4 + 1 + 4);
  });
});

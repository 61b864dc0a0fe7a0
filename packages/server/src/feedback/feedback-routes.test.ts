/**
 * `/api/feedback`, `/api/comparisons` and `/api/conversations` as the widget uses them, on SQLite and (with
 * DATABASE_URL) PostgreSQL.
 */
import type { ConversationStore } from '@sitechat/store';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness, withinMs } from '../__fixtures__/harness.js';
import { AnswersInFlight } from '../conversations/answers-in-flight.js';
import { engines, type TestStore } from '../conversations/__fixtures__/stores.js';
import { silentLogger } from '../http/logger.js';
import { createErrorHandler } from '../http/on-error.js';
import { feedbackRoutes } from './feedback-routes.js';
import { ask, getConversation, postChat, send, userMessage, VISITOR_A, VISITOR_B } from '../conversations/__fixtures__/requests.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());

describe.each(engines)('feedback, comparisons and conversations ($name)', (engine) => {
  let opened: TestStore;
  let store: ConversationStore;
  let chat: ReturnType<Harness['app']>;

  beforeEach(async () => {
    opened = await engine.open();
    store = opened.store;
    let ids = 0;
    chat = harness.app({}, { store, generateId: () => `answer-${++ids}` });
  });
  afterEach(async () => {
    harness.model.reset();
    await opened.dispose();
  });

  /** A conversation with one question and two answers to it (the second regenerated). */
  async function twoAnswers(): Promise<void> {
    harness.model.enqueue({ text: 'Try the Swift 2.' }, { text: 'The Swift 2 is light; the Trail 5 grips better.' });
    await ask(chat, VISITOR_A, { id: 'chat-1', messages: [userMessage('q1', 'Recommend a running shoe.')] });
    await ask(chat, VISITOR_A, { id: 'chat-1', messages: [], trigger: 'regenerate-message' });
  }

  it('advertises the features', async () => {
    expect(await (await chat.request('/api/config')).json()).toEqual({
      modelConfigured: true,
      features: { history: true, feedback: true, comparisons: true },
    });
  });

  it('records thumbs with a comment, replaces them, and restores them with the conversation', async () => {
    await twoAnswers();
    const down = await send(chat, 'POST', '/api/feedback', VISITOR_A, {
      conversationId: 'chat-1',
      messageId: 'answer-1',
      rating: 'down',
      comment: 'Too short',
    });
    expect(down.status).toBe(200);
    expect((await down.json()).feedback).toMatchObject({ messageId: 'answer-1', rating: 'down', comment: 'Too short' });
    await send(chat, 'POST', '/api/feedback', VISITOR_A, { conversationId: 'chat-1', messageId: 'answer-2', rating: 'down' });
    await send(chat, 'POST', '/api/feedback', VISITOR_A, { conversationId: 'chat-1', messageId: 'answer-2', rating: 'up' });

    const { body } = await getConversation(chat, VISITOR_A, 'chat-1');
    expect(body.id).toBe('chat-1');
    expect(body.messages.map((message: any) => message.metadata)).toEqual([
      undefined,
      { parentId: 'q1', status: 'complete', feedback: { rating: 'down', comment: 'Too short' } },
      { parentId: 'q1', status: 'complete', feedback: { rating: 'up' } },
    ]);
  });

  it('refuses feedback that is malformed, on a question, or on someone else’s answer', async () => {
    await twoAnswers();
    const cases: [string | undefined, unknown, number, string][] = [
      [VISITOR_A, { conversationId: 'chat-1', messageId: 'answer-1', rating: 5 }, 400, 'invalid_request'],
      [VISITOR_A, { conversationId: 'chat-1', messageId: 'answer-1', rating: 'up', comment: 'x'.repeat(2001) }, 400, 'invalid_request'],
      [VISITOR_A, { conversationId: 'chat-1', messageId: 'q1', rating: 'up' }, 400, 'invalid_feedback'],
      [VISITOR_A, { conversationId: 'chat-1', messageId: 'nope', rating: 'up' }, 404, 'message_not_found'],
      [VISITOR_A, { conversationId: 'chat-2', messageId: 'answer-1', rating: 'up' }, 404, 'conversation_not_found'],
      [VISITOR_B, { conversationId: 'chat-1', messageId: 'answer-1', rating: 'up' }, 404, 'conversation_not_found'],
    ];
    for (const [visitor, body, status, code] of cases) {
      const response = await send(chat, 'POST', '/api/feedback', visitor, body);
      expect([response.status, (await response.json()).error.code], JSON.stringify(body)).toEqual([status, code]);
    }
    const notJson = await chat.request('/api/feedback', { method: 'POST', headers: { 'x-sitechat-visitor': VISITOR_A }, body: 'x' });
    expect(notJson.status).toBe(415);
    expect((await store.getTranscript(VISITOR_A, 'chat-1'))!.turns[0]!.answers.every((answer) => answer.feedback === null)).toBe(true);
  });

  it('records a comparison of two answers to the same question', async () => {
    await twoAnswers();
    const response = await send(chat, 'POST', '/api/comparisons', VISITOR_A, {
      conversationId: 'chat-1',
      parentId: 'q1',
      answerA: 'answer-1',
      answerB: 'answer-2',
      preferred: 'b',
    });
    expect(response.status).toBe(200);
    expect((await response.json()).comparison).toMatchObject({ parentId: 'q1', answerA: 'answer-1', answerB: 'answer-2', preferred: 'b' });
    const transcript = await store.getTranscript(VISITOR_A, 'chat-1');
    expect(transcript!.comparisons).toEqual([expect.objectContaining({ userMessageId: 'q1', answerAId: 'answer-1', answerBId: 'answer-2', preferred: 'b' })]);

    const same = await send(chat, 'POST', '/api/comparisons', VISITOR_A, {
      conversationId: 'chat-1',
      parentId: 'q1',
      answerA: 'answer-1',
      answerB: 'answer-1',
      preferred: 'a',
    });
    expect([same.status, (await same.json()).error.code]).toEqual([400, 'invalid_comparison']);
    const foreign = await send(chat, 'POST', '/api/comparisons', VISITOR_B, {
      conversationId: 'chat-1',
      parentId: 'q1',
      answerA: 'answer-1',
      answerB: 'answer-2',
      preferred: 'a',
    });
    expect(foreign.status).toBe(404);
    const badPreference = await send(chat, 'POST', '/api/comparisons', VISITOR_A, {
      conversationId: 'chat-1',
      parentId: 'q1',
      answerA: 'answer-1',
      answerB: 'answer-2',
      preferred: 'c',
    });
    expect(badPreference.status).toBe(400);
  });

  it('does not lose a rating or a comparison sent while the answer is still streaming', async () => {
    harness.model.enqueue({ text: 'First.' });
    await ask(chat, VISITOR_A, { id: 'chat-1', messages: [userMessage('q1', 'Hi')] });
    harness.model.enqueue({ text: 'A slow second answer arrives word by word.', chunkSize: 4, chunkDelayMs: 30 });
    const response = await postChat(chat, VISITOR_A, { id: 'chat-1', messages: [], trigger: 'regenerate-message' });
    expect(response.status).toBe(200);

    // Sent while answer-2 is streaming: both wait for it instead of being refused.
    const rating = send(chat, 'POST', '/api/feedback', VISITOR_A, { conversationId: 'chat-1', messageId: 'answer-2', rating: 'up' });
    const comparison = send(chat, 'POST', '/api/comparisons', VISITOR_A, {
      conversationId: 'chat-1',
      parentId: 'q1',
      answerA: 'answer-1',
      answerB: 'answer-2',
      preferred: 'b',
    });
    await response.text();
    expect((await withinMs(rating, 3000, 'rating')).status).toBe(200);
    expect((await withinMs(comparison, 3000, 'comparison')).status).toBe(200);
    const transcript = await store.getTranscript(VISITOR_A, 'chat-1');
    expect(transcript!.turns[0]!.answers[1]!.feedback?.rating).toBe(1);
    expect(transcript!.comparisons).toHaveLength(1);
  });

  it('waits for an answer another instance is writing', async () => {
    // Written "elsewhere": opened in the store, unknown to this app's answers in flight.
    await store.createConversation({ id: 'chat-9', visitorId: VISITOR_A });
    const question = await store.appendUserMessage(VISITOR_A, { conversationId: 'chat-9', text: 'Hi' });
    const answer = await store.startAssistantMessage(VISITOR_A, { conversationId: 'chat-9', parentId: question.id });
    const impatient = harness.app({}, { store }).request('/api/feedback', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sitechat-visitor': VISITOR_A },
      body: JSON.stringify({ conversationId: 'chat-9', messageId: answer.id, rating: 'up' }),
    });
    setTimeout(() => void store.finishAssistantMessage(answer.id, { text: 'Hello', status: 'complete' }), 400);
    expect((await withinMs(Promise.resolve(impatient), 5000, 'rating')).status).toBe(200);
    expect((await store.getTranscript(VISITOR_A, 'chat-9'))!.turns[0]!.answers[0]!.feedback?.rating).toBe(1);
  });

  it('answers 409 answer_in_progress (retryable) when the answer is still being written after the wait', async () => {
    await store.createConversation({ id: 'chat-9', visitorId: VISITOR_A });
    const question = await store.appendUserMessage(VISITOR_A, { conversationId: 'chat-9', text: 'Hi' });
    const answer = await store.startAssistantMessage(VISITOR_A, { conversationId: 'chat-9', parentId: question.id });
    const app = new Hono();
    app.onError(createErrorHandler(silentLogger));
    app.route('/api', feedbackRoutes({ store, answers: new AnswersInFlight(), waitMs: 300, pollMs: 50 }));
    const response = await send(app, 'POST', '/api/feedback', VISITOR_A, { conversationId: 'chat-9', messageId: answer.id, rating: 'down' });
    expect(response.status).toBe(409);
    expect(response.headers.get('retry-after')).toBe('1');
    expect((await response.json()).error).toMatchObject({ code: 'answer_in_progress', retryable: true });
  });

  it('deletes one conversation, then all of a visitor’s, and only theirs', async () => {
    harness.model.enqueue({ text: 'a' }, { text: 'b' }, { text: 'c' });
    await ask(chat, VISITOR_A, { id: 'chat-1', messages: [userMessage('q1', 'one')] });
    await ask(chat, VISITOR_A, { id: 'chat-2', messages: [userMessage('q2', 'two')] });
    await ask(chat, VISITOR_B, { id: 'chat-3', messages: [userMessage('q3', 'three')] });

    expect((await send(chat, 'DELETE', '/api/conversations/chat-3', VISITOR_A)).status).toBe(404);
    const one = await send(chat, 'DELETE', '/api/conversations/chat-1', VISITOR_A);
    expect([one.status, await one.json()]).toEqual([200, { id: 'chat-1', deleted: true }]);
    expect((await getConversation(chat, VISITOR_A, 'chat-1')).status).toBe(404);
    expect((await send(chat, 'DELETE', '/api/conversations/chat-1', VISITOR_A)).status).toBe(404);

    const all = await send(chat, 'DELETE', '/api/conversations', VISITOR_A);
    expect([all.status, await all.json()]).toEqual([200, { deleted: 1 }]);
    expect((await getConversation(chat, VISITOR_A, 'chat-2')).status).toBe(404);
    expect((await getConversation(chat, VISITOR_B, 'chat-3')).status).toBe(200);
    expect(await store.getTranscriptForOwner('chat-2')).toBeUndefined();
  });

  it('answers JSON errors with stable codes', async () => {
    const missing = await getConversation(chat, VISITOR_A, 'nope');
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'conversation_not_found', message: expect.any(String) } } });
    const response = await send(chat, 'GET', '/api/conversations/nope', VISITOR_A);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answer, ask, errorCode } from './builders.ts';
import type { Harness, HarnessFactory } from './harness.ts';

export function messageContract(open: HarnessFactory): void {
  describe('messages and history', () => {
    let harness: Harness;
    let conversationId: string;
    beforeEach(async () => {
      harness = await open();
      conversationId = (await harness.store.createConversation({ visitorId: 'v1' })).id;
    });
    afterEach(() => harness.dispose());

    it('appends a question and keeps the conversation active', async () => {
      harness.clock.advance(5000);
      const question = await harness.store.appendUserMessage('v1', { conversationId, id: 'm-1', text: 'Hi?' });
      expect(question).toMatchObject({ id: 'm-1', seq: 1, role: 'user', status: 'complete', parentId: null });
      const conversation = await harness.store.getConversation('v1', conversationId);
      expect(conversation?.lastActivityAt).toBe('2025-03-01T09:00:05.000Z');
      expect(conversation?.messageCount).toBe(1);
      expect(await errorCode(harness.store.appendUserMessage('v1', { conversationId, id: 'm-1', text: 'x' }))).toBe(
        'message_exists',
      );
      expect(await errorCode(harness.store.appendUserMessage('v2', { conversationId, text: 'x' }))).toBe(
        'conversation_not_found',
      );
      expect(await errorCode(harness.store.appendUserMessage('v1', { conversationId, text: '  ' }))).toBe(
        'invalid_input',
      );
    });

    it('streams an answer: started as streaming, finished once with its figures', async () => {
      const question = await ask(harness.store, 'v1', conversationId, 'Price?');
      const started = await harness.store.startAssistantMessage('v1', {
        conversationId,
        parentId: question.id,
        model: 'gpt-test',
      });
      expect(started).toMatchObject({ role: 'assistant', status: 'streaming', text: '', parentId: question.id });
      expect(started.finishedAt).toBeNull();
      harness.clock.advance(1200);
      const finished = await harness.store.finishAssistantMessage(started.id, {
        text: 'It is 12 EUR.',
        status: 'complete',
        finishReason: 'stop',
        tokensIn: 120,
        tokensOut: 7,
        timeToFirstTokenMs: 340,
        metadata: { sources: [{ url: 'https://shop.example/prices' }] },
      });
      expect(finished).toMatchObject({
        text: 'It is 12 EUR.',
        status: 'complete',
        model: 'gpt-test',
        finishReason: 'stop',
        tokensIn: 120,
        tokensOut: 7,
        timeToFirstTokenMs: 340,
        metadata: { sources: [{ url: 'https://shop.example/prices' }] },
        finishedAt: '2025-03-01T09:00:01.200Z',
      });
      expect(await errorCode(harness.store.finishAssistantMessage(started.id, { text: 'x', status: 'complete' }))).toBe(
        'message_not_streaming',
      );
      expect(await errorCode(harness.store.finishAssistantMessage('missing', { text: 'x', status: 'complete' }))).toBe(
        'message_not_found',
      );
      expect(await errorCode(harness.store.finishAssistantMessage(question.id, { text: 'x', status: 'complete' }))).toBe(
        'message_not_found',
      );
    });

    it('keeps the partial text and error code of a failed answer', async () => {
      const question = await ask(harness.store, 'v1', conversationId, 'Tell me');
      const failed = await answer(harness.store, 'v1', question, 'Once upon', {
        status: 'error',
        errorCode: 'stream_interrupted',
      });
      expect(failed).toMatchObject({ status: 'error', text: 'Once upon', errorCode: 'stream_interrupted' });
    });

    it('only answers a user message of the same conversation', async () => {
      const other = (await harness.store.createConversation({ visitorId: 'v1' })).id;
      const question = await ask(harness.store, 'v1', other, 'elsewhere');
      const reply = await answer(harness.store, 'v1', question, 'there');
      const start = (parentId: string) => harness.store.startAssistantMessage('v1', { conversationId, parentId });
      expect(await errorCode(start(question.id))).toBe('invalid_parent');
      expect(await errorCode(start(reply.id))).toBe('invalid_parent');
      expect(await errorCode(start('missing'))).toBe('invalid_parent');
      expect(
        await errorCode(harness.store.startAssistantMessage('v2', { conversationId: other, parentId: question.id })),
      ).toBe('conversation_not_found');
      // A rejected start leaves no trace: positions stay dense.
      const next = await ask(harness.store, 'v1', conversationId, 'first here');
      expect(next.seq).toBe(1);
    });

    it('gives the model the active branch: latest usable answer per question, no alternatives', async () => {
      const q1 = await ask(harness.store, 'v1', conversationId, 'Q1');
      await answer(harness.store, 'v1', q1, 'A1 first try');
      const a1b = await answer(harness.store, 'v1', q1, 'A1 regenerated');
      await answer(harness.store, 'v1', q1, 'A1 failed', { status: 'error' });
      const q2 = await ask(harness.store, 'v1', conversationId, 'Q2');
      await answer(harness.store, 'v1', q2, 'A2 stopped', { status: 'stopped' });
      await answer(harness.store, 'v1', q2, '', { status: 'stopped' });
      const q3 = await ask(harness.store, 'v1', conversationId, 'Q3');
      await harness.store.startAssistantMessage('v1', { conversationId, parentId: q3.id });

      const history = await harness.store.getHistory('v1', conversationId);
      expect(history.map((entry) => `${entry.role}:${entry.text}`)).toEqual([
        'user:Q1',
        'assistant:A1 regenerated',
        'user:Q2',
        'assistant:A2 stopped',
        'user:Q3',
      ]);
      expect(history[1]?.id).toBe(a1b.id);
      const forRegenerate = await harness.store.getHistory('v1', conversationId, { upTo: q2.id });
      expect(forRegenerate.map((entry) => entry.text)).toEqual(['Q1', 'A1 regenerated', 'Q2']);
      expect(await errorCode(harness.store.getHistory('v1', conversationId, { upTo: a1b.id }))).toBe(
        'message_not_found',
      );
    });

    it('restores the whole conversation with alternatives, feedback and comparisons', async () => {
      const q1 = await ask(harness.store, 'v1', conversationId, 'Q1');
      const first = await answer(harness.store, 'v1', q1, 'first');
      const second = await answer(harness.store, 'v1', q1, 'second');
      await harness.store.recordFeedback('v1', { messageId: first.id, rating: -1, comment: 'wrong' });
      await harness.store.recordComparison('v1', {
        userMessageId: q1.id,
        answerAId: first.id,
        answerBId: second.id,
        preferred: 'b',
      });
      const transcript = await harness.store.getTranscript('v1', conversationId);
      expect(transcript?.conversation.messageCount).toBe(3);
      expect(transcript?.turns).toHaveLength(1);
      const turn = transcript!.turns[0]!;
      expect(turn.user.id).toBe(q1.id);
      expect(turn.answers.map((item) => [item.text, item.feedback?.rating ?? null])).toEqual([
        ['first', -1],
        ['second', null],
      ]);
      expect(turn.activeAnswerId).toBe(second.id);
      expect(transcript?.comparisons.map((item) => item.preferred)).toEqual(['b']);
      expect(await harness.store.getTranscriptForOwner(conversationId)).toEqual(transcript);
    });

    it('gives concurrent writes to one conversation distinct positions', async () => {
      const questions = await Promise.all(
        Array.from({ length: 20 }, (_, index) => ask(harness.store, 'v1', conversationId, `q${index}`)),
      );
      expect(new Set(questions.map((question) => question.seq)).size).toBe(20);
      expect((await harness.store.getConversation('v1', conversationId))?.messageCount).toBe(20);
    });

    it('ends answers abandoned by a dead process, keeping fresh streams open', async () => {
      const question = await ask(harness.store, 'v1', conversationId, 'Q');
      const stale = await harness.store.startAssistantMessage('v1', { conversationId, parentId: question.id });
      harness.clock.advance(10 * 60_000);
      const fresh = await harness.store.startAssistantMessage('v1', { conversationId, parentId: question.id });
      expect(await harness.store.failAbandonedMessages(new Date(Date.parse(fresh.createdAt) - 60_000))).toBe(1);
      const turn = (await harness.store.getTranscript('v1', conversationId))!.turns[0]!;
      expect(turn.answers.map((item) => [item.id, item.status, item.errorCode])).toEqual([
        [stale.id, 'error', 'stream_interrupted'],
        [fresh.id, 'streaming', null],
      ]);
    });
  });
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../records.ts';
import { answer, ask, errorCode } from './builders.ts';
import type { Harness, HarnessFactory } from './harness.ts';

export function feedbackContract(open: HarnessFactory): void {
  describe('feedback and comparisons', () => {
    let harness: Harness;
    let question: Message;
    let first: Message;
    let second: Message;
    beforeEach(async () => {
      harness = await open();
      const conversationId = (await harness.store.createConversation({ visitorId: 'v1' })).id;
      question = await ask(harness.store, 'v1', conversationId, 'Which size?');
      first = await answer(harness.store, 'v1', question, 'Size 42.');
      second = await answer(harness.store, 'v1', question, 'Take your usual size.');
    });
    afterEach(() => harness.dispose());

    it('records one rating per answer and visitor, replaced when given again', async () => {
      const rated = await harness.store.recordFeedback('v1', { messageId: first.id, rating: 1, comment: '  thanks ' });
      expect(rated).toMatchObject({ messageId: first.id, visitorId: 'v1', rating: 1, comment: 'thanks' });
      harness.clock.advance(60_000);
      const changed = await harness.store.recordFeedback('v1', { messageId: first.id, rating: -1, comment: 'too vague' });
      expect(changed.id).toBe(rated.id);
      expect(changed).toMatchObject({ rating: -1, comment: 'too vague', createdAt: rated.createdAt });
      expect(changed.updatedAt).toBe('2025-03-01T09:01:00.000Z');
      const stats = await harness.store.getStats();
      expect([stats.thumbsUp, stats.thumbsDown]).toEqual([0, 1]);
    });

    it('accepts a small scale and withdraws a rating', async () => {
      expect((await harness.store.recordFeedback('v1', { messageId: first.id, rating: 5 })).rating).toBe(5);
      expect(await harness.store.removeFeedback('v1', first.id)).toBe(true);
      expect(await harness.store.removeFeedback('v1', first.id)).toBe(false);
      const transcript = await harness.store.getTranscript('v1', question.conversationId);
      expect(transcript?.turns[0]?.answers[0]?.feedback).toBeNull();
    });

    it('rates only finished answers the visitor can see, with a valid rating', async () => {
      const rate = (visitorId: string, messageId: string, rating: number) =>
        errorCode(harness.store.recordFeedback(visitorId, { messageId, rating }));
      expect(await rate('v1', question.id, 1)).toBe('invalid_feedback');
      expect(await rate('v1', first.id, 6)).toBe('invalid_feedback');
      expect(await rate('v1', first.id, 0.5)).toBe('invalid_feedback');
      expect(await rate('v2', first.id, 1)).toBe('message_not_found');
      expect(await rate('v1', 'missing', 1)).toBe('message_not_found');
      const streaming = await harness.store.startAssistantMessage('v1', {
        conversationId: question.conversationId,
        parentId: question.id,
      });
      expect(await rate('v1', streaming.id, 1)).toBe('invalid_feedback');
      expect(await harness.store.removeFeedback('v2', first.id)).toBe(false);
    });

    it('records a comparison of two answers to the same question, replaced when given again', async () => {
      const input = { userMessageId: question.id, answerAId: first.id, answerBId: second.id, preferred: 'a' as const };
      const recorded = await harness.store.recordComparison('v1', input);
      expect(recorded).toMatchObject({ ...input, conversationId: question.conversationId });
      const again = await harness.store.recordComparison('v1', { ...input, preferred: 'tie' });
      expect(again.id).toBe(recorded.id);
      expect(again.preferred).toBe('tie');
    });

    it('refuses comparisons that are not two distinct answers to that question', async () => {
      const other = await ask(harness.store, 'v1', question.conversationId, 'And the colour?');
      const otherAnswer = await answer(harness.store, 'v1', other, 'Black.');
      const compare = (visitorId: string, userMessageId: string, answerAId: string, answerBId: string) =>
        errorCode(harness.store.recordComparison(visitorId, { userMessageId, answerAId, answerBId, preferred: 'a' }));
      expect(await compare('v1', question.id, first.id, otherAnswer.id)).toBe('invalid_comparison');
      expect(await compare('v1', question.id, first.id, first.id)).toBe('invalid_comparison');
      expect(await compare('v1', first.id, first.id, second.id)).toBe('invalid_comparison');
      expect(await compare('v1', question.id, first.id, 'missing')).toBe('message_not_found');
      expect(await compare('v2', question.id, first.id, second.id)).toBe('message_not_found');
      expect(
        await errorCode(
          harness.store.recordComparison('v1', {
            userMessageId: question.id,
            answerAId: first.id,
            answerBId: second.id,
            preferred: 'c' as never,
          }),
        ),
      ).toBe('invalid_comparison');
    });
  });
}

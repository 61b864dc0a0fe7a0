import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { conversation, errorCode } from './builders.ts';
import type { Harness, HarnessFactory } from './harness.ts';

const hour = 3_600_000;

export function listingContract(open: HarnessFactory): void {
  describe('owner views', () => {
    let harness: Harness;
    /** Conversation ids by name, created an hour apart in this order. */
    const ids: Record<string, string> = {};
    beforeEach(async () => {
      harness = await open();
      const { store, clock } = harness;
      const liked = await conversation(store, 'v1', [['Where is my order?', 'It ships today.']]);
      ids.liked = liked.id;
      await store.recordFeedback('v1', { messageId: liked.messages[1]!.id, rating: 1, comment: 'great' });
      clock.advance(hour);
      const disliked = await conversation(store, 'v2', [['Refund?', 'No.'], ['Why?', 'Policy.']], { site: 'docs' });
      ids.disliked = disliked.id;
      await store.recordFeedback('v2', { messageId: disliked.messages[1]!.id, rating: -1 });
      await store.recordFeedback('v2', { messageId: disliked.messages[3]!.id, rating: 1 });
      clock.advance(hour);
      const flagged = await conversation(store, 'v3', [['something rude', 'Let us keep it friendly.']]);
      ids.flagged = flagged.id;
      await store.setModeration(flagged.id, { reason: 'abuse' });
      clock.advance(hour);
      ids.empty = (await store.createConversation({ visitorId: 'v1' })).id;
      await store.finishAssistantMessage(
        (await store.startAssistantMessage('v3', { conversationId: flagged.id, parentId: flagged.messages[0]!.id })).id,
        { text: 'x', status: 'complete', tokensIn: 10, tokensOut: 5 },
      );
    });
    afterEach(() => harness.dispose());

    async function listed(filter: Parameters<Harness['store']['listConversations']>[0]): Promise<string[]> {
      const page = await harness.store.listConversations(filter);
      return page.items.map((item) => Object.keys(ids).find((name) => ids[name] === item.id)!);
    }

    it('lists newest first with a summary of each conversation', async () => {
      expect(await listed({})).toEqual(['empty', 'flagged', 'disliked', 'liked']);
      const page = await harness.store.listConversations({ visitorId: 'v2' });
      expect(page.items[0]).toMatchObject({
        id: ids.disliked,
        site: 'docs',
        answerCount: 2,
        thumbsUp: 1,
        thumbsDown: 1,
        hasComment: false,
        preview: 'Refund?',
        messageCount: 4,
      });
      expect(page.nextCursor).toBeUndefined();
    });

    it('filters by rating, flag, comment, site, visitor and date range', async () => {
      expect(await listed({ rating: 'up' })).toEqual(['disliked', 'liked']);
      expect(await listed({ rating: 'down' })).toEqual(['disliked']);
      expect(await listed({ flagged: true })).toEqual(['flagged']);
      expect(await listed({ flagged: false })).toEqual(['empty', 'disliked', 'liked']);
      expect(await listed({ hasComment: true })).toEqual(['liked']);
      expect(await listed({ hasComment: false })).toEqual(['empty', 'flagged', 'disliked']);
      expect(await listed({ site: 'docs' })).toEqual(['disliked']);
      expect(await listed({ visitorId: 'v1' })).toEqual(['empty', 'liked']);
      const start = Date.parse('2025-03-01T09:00:00.000Z');
      expect(await listed({ from: new Date(start + hour), to: new Date(start + 3 * hour) })).toEqual([
        'flagged',
        'disliked',
      ]);
      expect(await listed({ rating: 'up', hasComment: false, site: 'docs' })).toEqual(['disliked']);
    });

    it('pages with cursors, without gaps or repeats', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await harness.store.listConversations({ limit: 3, ...(cursor === undefined ? {} : { cursor }) });
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== undefined);
      expect(pages).toBe(2);
      expect(seen).toEqual([ids.empty, ids.flagged, ids.disliked, ids.liked]);
      expect(await errorCode(harness.store.listConversations({ cursor: 'garbage' }))).toBe('invalid_input');
      expect(await errorCode(harness.store.listConversations({ limit: 0 }))).toBe('invalid_input');
    });

    it('totals conversations, answers, votes and tokens', async () => {
      expect(await harness.store.getStats()).toEqual({
        conversations: 4,
        answers: 5,
        thumbsUp: 2,
        thumbsDown: 1,
        upRatio: 2 / 3,
        tokensIn: 10,
        tokensOut: 5,
      });
      expect(await harness.store.getStats({ site: 'docs' })).toEqual({
        conversations: 1,
        answers: 2,
        thumbsUp: 1,
        thumbsDown: 1,
        upRatio: 0.5,
        tokensIn: 0,
        tokensOut: 0,
      });
      expect((await harness.store.getStats({ site: 'nowhere' })).upRatio).toBeNull();
    });

    it('streams transcripts oldest first in batches, with the same count as it yields', async () => {
      const names = async (query: Parameters<Harness['store']['iterateTranscripts']>[0]) => {
        const seen: string[] = [];
        for await (const transcript of harness.store.iterateTranscripts(query)) {
          seen.push(Object.keys(ids).find((name) => ids[name] === transcript.conversation.id)!);
        }
        expect(await harness.store.countTranscripts(query)).toBe(seen.length);
        return seen;
      };
      expect(await names({ batchSize: 1 })).toEqual(['liked', 'disliked', 'flagged', 'empty']);
      expect(await names({ batchSize: 2, minRating: 1 })).toEqual(['liked', 'disliked']);
      expect(await names({ preferenceSignal: true })).toEqual(['disliked']);
      expect(await names({ flagged: true })).toEqual(['flagged']);
      expect(await names({ flagged: false, minRating: -1 })).toEqual(['liked', 'disliked']);
      expect(await names({ site: 'default', batchSize: 3 })).toEqual(['liked', 'flagged', 'empty']);
      expect(await errorCode(names({ batchSize: 0 }))).toBe('invalid_input');
    });
  });
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { conversation, errorCode } from './builders.ts';
import type { Harness, HarnessFactory } from './harness.ts';

export function conversationContract(open: HarnessFactory): void {
  describe('conversations', () => {
    let harness: Harness;
    beforeEach(async () => {
      harness = await open();
    });
    afterEach(() => harness.dispose());

    it('creates a conversation with defaults and keeps only known page fields', async () => {
      const page = { url: 'https://shop.example/p/1', title: 'Boots', injected: '<script>' };
      const created = await harness.store.createConversation({ visitorId: 'v1', page });
      expect(created).toEqual({
        id: 'id-000001',
        site: 'default',
        visitorId: 'v1',
        createdAt: '2025-03-01T09:00:00.000Z',
        lastActivityAt: '2025-03-01T09:00:00.000Z',
        page: { url: 'https://shop.example/p/1', title: 'Boots' },
        flagged: false,
        moderation: null,
        messageCount: 0,
      });
      expect(await harness.store.getConversation('v1', created.id)).toEqual(created);
    });

    it('refuses a taken id', async () => {
      await harness.store.createConversation({ id: 'chat-1', visitorId: 'v1' });
      expect(await errorCode(harness.store.createConversation({ id: 'chat-1', visitorId: 'v2' }))).toBe(
        'conversation_exists',
      );
    });

    it("never shows one visitor another visitor's conversation", async () => {
      const created = await harness.store.createConversation({ id: 'chat-1', visitorId: 'alice' });
      expect(await harness.store.getConversation('mallory', created.id)).toBeUndefined();
      expect(await harness.store.getTranscript('mallory', created.id)).toBeUndefined();
      expect(await errorCode(harness.store.getHistory('mallory', created.id))).toBe('conversation_not_found');
      expect(await errorCode(harness.store.getOrCreateConversation({ id: 'chat-1', visitorId: 'mallory' }))).toBe(
        'conversation_not_found',
      );
      expect(await harness.store.deleteConversation('mallory', created.id)).toBe(false);
      expect(await harness.store.getConversation('alice', created.id)).toBeDefined();
    });

    it('gets or creates by the id the widget chose', async () => {
      const first = await harness.store.getOrCreateConversation({ id: 'chat-9', visitorId: 'v1', site: 'docs' });
      harness.clock.advance(1000);
      const again = await harness.store.getOrCreateConversation({ id: 'chat-9', visitorId: 'v1', site: 'docs' });
      expect(again).toEqual(first);
      expect(first.site).toBe('docs');
    });

    it('is safe when the same id is created concurrently', async () => {
      const results = await Promise.all(
        Array.from({ length: 5 }, () => harness.store.getOrCreateConversation({ id: 'race', visitorId: 'v1' })),
      );
      expect(new Set(results.map((result) => result.id))).toEqual(new Set(['race']));
    });

    it('rejects malformed input with invalid_input', async () => {
      expect(await errorCode(harness.store.createConversation({ visitorId: '' }))).toBe('invalid_input');
      expect(
        await errorCode(harness.store.createConversation({ visitorId: 'v', page: { url: 42 as unknown as string } })),
      ).toBe('invalid_input');
    });

    it('flags and clears a conversation', async () => {
      const created = await harness.store.createConversation({ visitorId: 'v1' });
      const flagged = await harness.store.setModeration(created.id, {
        reason: 'abuse',
        categories: ['harassment'],
        extra: 1,
      } as never);
      expect(flagged.flagged).toBe(true);
      expect(flagged.moderation).toEqual({ reason: 'abuse', categories: ['harassment'] });
      const cleared = await harness.store.setModeration(created.id, null);
      expect([cleared.flagged, cleared.moderation]).toEqual([false, null]);
      expect(await errorCode(harness.store.setModeration('nope', null))).toBe('conversation_not_found');
    });

    it("deletes a conversation with all it holds, and all of a visitor's data", async () => {
      const kept = await conversation(harness.store, 'bob', [['hi', 'hello']]);
      const first = await conversation(harness.store, 'alice', [['a', 'b']]);
      await conversation(harness.store, 'alice', [['c', 'd']]);
      await harness.store.recordFeedback('alice', { messageId: first.messages[1]!.id, rating: 1, comment: 'ok' });

      expect(await harness.store.deleteConversation('alice', first.id)).toBe(true);
      expect(await harness.store.getTranscriptForOwner(first.id)).toBeUndefined();
      expect((await harness.store.getStats()).thumbsUp).toBe(0);
      expect(await harness.store.deleteConversation('alice', first.id)).toBe(false);

      expect(await harness.store.deleteVisitorData('alice')).toBe(1);
      const remaining = await harness.store.listConversations();
      expect(remaining.items.map((item) => item.id)).toEqual([kept.id]);
      expect((await harness.store.getStats()).answers).toBe(1);
    });

    it('purges conversations idle longer than the retention period, counting any activity', async () => {
      const day = 86_400_000;
      const old = await conversation(harness.store, 'v1', [['old', 'reply']]);
      const revived = await conversation(harness.store, 'v2', [['revived', 'reply']]);
      harness.clock.advance(20 * day);
      await harness.store.recordFeedback('v2', { messageId: revived.messages[1]!.id, rating: 1 });
      harness.clock.advance(20 * day);
      const recent = await conversation(harness.store, 'v3', [['recent', 'reply']]);

      expect(await harness.store.purgeExpired(30)).toBe(1);
      const ids = (await harness.store.listConversations()).items.map((item) => item.id).sort();
      expect(ids).toEqual([revived.id, recent.id].sort());
      expect(await harness.store.getTranscriptForOwner(old.id)).toBeUndefined();
      expect(await harness.store.purgeExpired(30)).toBe(0);
      expect(await errorCode(harness.store.purgeExpired(-1))).toBe('invalid_input');
    });

    it('records the schema version once, so opening again changes nothing', async () => {
      expect(await harness.store.schemaVersions()).toEqual([1, 2]);
    });
  });
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answer, ask, errorCode } from './builders.ts';
import type { Harness, HarnessFactory } from './harness.ts';

/** Edited questions: siblings of their originals, the most recent branch active, nothing rewritten. */
export function branchContract(open: HarnessFactory): void {
  describe('branches (edited questions)', () => {
    let harness: Harness;
    let conversationId: string;
    beforeEach(async () => {
      harness = await open();
      conversationId = (await harness.store.createConversation({ visitorId: 'v1' })).id;
    });
    afterEach(() => harness.dispose());

    const history = async (options: { upTo?: string } = {}) =>
      (await harness.store.getHistory('v1', conversationId, options)).map((entry) => `${entry.role}:${entry.text}`);

    it('makes an edited question a sibling of its original: the model sees the branch up to it, then the edit', async () => {
      const q1 = await ask(harness.store, 'v1', conversationId, 'Q1');
      await answer(harness.store, 'v1', q1, 'A1');
      const q2 = await ask(harness.store, 'v1', conversationId, 'Q2');
      const a2 = await answer(harness.store, 'v1', q2, 'A2');
      expect([q1.parentId, q2.parentId]).toEqual([null, q1.id]);

      const edited = await harness.store.appendUserMessage('v1', { conversationId, text: 'Q2 edited', parentId: q1.id });
      expect(edited.parentId).toBe(q1.id);
      expect(await history()).toEqual(['user:Q1', 'assistant:A1', 'user:Q2 edited']);
      await answer(harness.store, 'v1', edited, 'A2 edited');
      // The next question continues the edited branch.
      const q3 = await ask(harness.store, 'v1', conversationId, 'Q3');
      expect(q3.parentId).toBe(edited.id);
      expect(await history()).toEqual(['user:Q1', 'assistant:A1', 'user:Q2 edited', 'assistant:A2 edited', 'user:Q3']);

      // The original and its answer are kept, and its branch can still be read (and regenerated).
      expect(await history({ upTo: q2.id })).toEqual(['user:Q1', 'assistant:A1', 'user:Q2']);
      const transcript = (await harness.store.getTranscript('v1', conversationId))!;
      expect(
        transcript.turns.map((turn) => [turn.user.text, turn.user.parentId, turn.onActiveBranch, turn.answers.map((item) => item.text)]),
      ).toEqual([
        ['Q1', null, true, ['A1']],
        ['Q2', q1.id, false, ['A2']],
        ['Q2 edited', q1.id, true, ['A2 edited']],
        ['Q3', edited.id, true, []],
      ]);
      expect(transcript.conversation.messageCount).toBe(7);
      // An answer on the abandoned branch can still be rated: it is training data.
      expect((await harness.store.recordFeedback('v1', { messageId: a2.id, rating: -1 })).rating).toBe(-1);
    });

    it('edits the first question as a new first question', async () => {
      const q1 = await ask(harness.store, 'v1', conversationId, 'Q1');
      await answer(harness.store, 'v1', q1, 'A1');
      const edited = await harness.store.appendUserMessage('v1', { conversationId, text: 'Q1 edited', parentId: null });
      expect(edited.parentId).toBeNull();
      expect(await history()).toEqual(['user:Q1 edited']);
      expect(await history({ upTo: q1.id })).toEqual(['user:Q1']);
    });

    it('makes the most recent question the active branch, also when it goes back to an older one', async () => {
      const q1 = await ask(harness.store, 'v1', conversationId, 'Q1');
      const q2 = await ask(harness.store, 'v1', conversationId, 'Q2');
      await harness.store.appendUserMessage('v1', { conversationId, text: 'Q2 edited', parentId: q1.id });
      await harness.store.appendUserMessage('v1', { conversationId, text: 'Q3 after the original Q2', parentId: q2.id });
      expect(await history()).toEqual(['user:Q1', 'user:Q2', 'user:Q3 after the original Q2']);
    });

    it('refuses a parent that is not a question of the conversation, leaving no trace', async () => {
      const q1 = await ask(harness.store, 'v1', conversationId, 'Q1');
      const a1 = await answer(harness.store, 'v1', q1, 'A1');
      const other = (await harness.store.createConversation({ visitorId: 'v1' })).id;
      const elsewhere = await ask(harness.store, 'v1', other, 'elsewhere');
      const append = (parentId: string) => harness.store.appendUserMessage('v1', { conversationId, text: 'x', parentId });
      expect(await errorCode(append(a1.id))).toBe('invalid_parent');
      expect(await errorCode(append(elsewhere.id))).toBe('invalid_parent');
      expect(await errorCode(append('missing'))).toBe('invalid_parent');
      expect(await errorCode(append(''))).toBe('invalid_input');
      // Someone else's conversation is "not found", whatever the parent.
      expect(
        await errorCode(harness.store.appendUserMessage('v2', { conversationId, text: 'x', parentId: q1.id })),
      ).toBe('conversation_not_found');
      expect((await ask(harness.store, 'v1', conversationId, 'Q2')).seq).toBe(3);
    });
  });
}

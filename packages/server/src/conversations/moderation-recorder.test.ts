import type { ConversationStore } from '@sitechat/store';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../__fixtures__/harness.js';
import { ask, userMessage, VISITOR_A } from './__fixtures__/requests.js';
import { engines, type TestStore } from './__fixtures__/stores.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());

describe.each(engines)('moderation flags reach the store ($name)', (engine) => {
  let opened: TestStore;
  let store: ConversationStore;
  beforeEach(async () => {
    opened = await engine.open();
    store = opened.store;
  });
  afterEach(async () => {
    harness.model.reset();
    await opened.dispose();
  });

  async function flagged(conversationId: string): Promise<boolean> {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      if ((await store.getConversation(VISITOR_A, conversationId))?.flagged) return true;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return false;
  }

  it('flags a conversation whose first message moderation flagged, and calls the owner’s hook too', async () => {
    const events: unknown[] = [];
    const app = harness.app({ moderation: { input: 'flag' } }, { store, onModeration: (event) => void events.push(event) });
    harness.model.enqueue({ text: 'Answered anyway.' });
    await ask(app, VISITOR_A, { id: 'chat-1', messages: [userMessage('q1', '[flag] something rude')] });
    expect(await flagged('chat-1')).toBe(true);
    expect((await store.getConversation(VISITOR_A, 'chat-1'))!.moderation).toMatchObject({ reason: 'input flagged', categories: ['harassment'] });
    expect(events).toHaveLength(1);
    const list = await store.listConversations({ flagged: true });
    expect(list.items.map((item) => item.id)).toEqual(['chat-1']);
  });

  it('flags a conversation whose message was blocked (the refusal is stored as the answer)', async () => {
    const app = harness.app({ moderation: { input: 'block' } }, { store });
    const answer = await ask(app, VISITOR_A, { id: 'chat-2', messages: [userMessage('q1', '[flag] something rude')] });
    expect(answer.text.length).toBeGreaterThan(0);
    expect(await flagged('chat-2')).toBe(true);
    expect(harness.model.requests.filter((request) => request.path.endsWith('/chat/completions'))).toHaveLength(0);
  });
});

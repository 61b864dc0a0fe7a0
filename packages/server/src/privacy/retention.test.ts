import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordingLogger } from '../__fixtures__/harness.js';
import { engines, fakeClock, type TestStore } from '../conversations/__fixtures__/stores.js';
import { ABANDONED_AFTER_MS, DAY_MS, startRetention } from './retention.js';

describe.each(engines)('retention ($name)', (engine) => {
  let opened: TestStore;
  const clock = fakeClock();
  beforeEach(async () => {
    opened = await engine.open({ now: clock.now });
  });
  afterEach(() => opened.dispose());

  it('deletes idle conversations, ends abandoned answers, and logs only counts', async () => {
    const { store } = opened;
    await store.createConversation({ id: 'old', visitorId: 'v-old' });
    const question = await store.appendUserMessage('v-old', { conversationId: 'old', text: 'PRIVATE old question' });
    await store.startAssistantMessage('v-old', { conversationId: 'old', parentId: question.id });
    clock.advance(31 * DAY_MS);
    await store.createConversation({ id: 'new', visitorId: 'v-new' });

    const logger = recordingLogger();
    const retention = startRetention({ store, retentionDays: 30, logger, now: () => clock.now().getTime() });
    try {
      expect(await retention.sweep()).toEqual({ purged: 1, abandoned: 1 });
      expect(await store.getTranscriptForOwner('old')).toBeUndefined();
      expect(await store.getTranscriptForOwner('new')).toBeDefined();
      expect(logger.entries).toEqual([
        { level: 'info', message: 'store housekeeping', fields: { purgedConversations: 1, abandonedAnswers: 1, retentionDays: 30 } },
      ]);
    } finally {
      retention.stop();
    }
  });

  it('keeps everything when retentionDays is null, but still ends abandoned answers', async () => {
    const { store } = opened;
    await store.createConversation({ id: 'kept', visitorId: 'v' });
    const question = await store.appendUserMessage('v', { conversationId: 'kept', text: 'Hi' });
    await store.startAssistantMessage('v', { conversationId: 'kept', parentId: question.id });
    clock.advance(ABANDONED_AFTER_MS + 1);
    const retention = startRetention({ store, retentionDays: null, logger: recordingLogger(), now: () => clock.now().getTime() + 400 * DAY_MS });
    expect(await retention.sweep()).toEqual({ purged: 0, abandoned: 1 });
    retention.stop();
    const answer = (await store.getTranscriptForOwner('kept'))!.turns[0]!.answers[0]!;
    expect([answer.status, answer.errorCode]).toEqual(['error', 'stream_interrupted']);
  });
});

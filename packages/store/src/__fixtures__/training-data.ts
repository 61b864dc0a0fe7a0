/**
 * A small store that exercises every path of the fine-tuning exports; the golden files beside it are
 * what the exports must write for it, byte for byte, on every engine.
 */
import { answer, ask } from '../contract/builders.ts';
import type { FakeClock } from '../contract/harness.ts';
import type { ConversationStore } from '../types.ts';

export const systemPrompt = 'You are the assistant of Shoe Shop. Answer briefly.';

export async function seedTrainingData(store: ConversationStore, clock: FakeClock): Promise<void> {
  const start = async (visitorId: string) => {
    clock.advance(3_600_000);
    return (await store.createConversation({ visitorId, page: { url: 'https://shoes.example/' } })).id;
  };

  // 1. A rated answer in the middle: earlier turns are context (weight 0), later ones are cut off.
  let id = await start('v1');
  let q = await ask(store, 'v1', id, 'Do you ship to Canada?');
  await answer(store, 'v1', q, 'Yes, we ship to Canada.');
  q = await ask(store, 'v1', id, 'How much is shipping? Send the invoice to jo.doe@example.com');
  const shipping = await answer(store, 'v1', q, 'Shipping to Canada is $12.99 and takes 5 days.');
  await store.recordFeedback('v1', { messageId: shipping.id, rating: 1 });
  q = await ask(store, 'v1', id, 'Thanks!');
  await answer(store, 'v1', q, "You're welcome!");

  // 2. Regenerate, then rate: the down-rated first try and the up-rated second try form a pair.
  id = await start('v2');
  q = await ask(store, 'v2', id, 'What is your return policy?');
  const bad = await answer(store, 'v2', q, 'No returns.');
  const good = await answer(store, 'v2', q, 'You can return unworn shoes within 30 days.');
  await store.recordFeedback('v2', { messageId: bad.id, rating: -1, comment: 'wrong' });
  await store.recordFeedback('v2', { messageId: good.id, rating: 1 });

  // 3. Explicit comparisons: one decided, one tie (skipped).
  id = await start('v3');
  q = await ask(store, 'v3', id, 'Recommend a running shoe.');
  const short = await answer(store, 'v3', q, 'Try the Swift 2.');
  const detailed = await answer(store, 'v3', q, 'The Swift 2 is light; the Trail 5 grips better off-road.');
  const third = await answer(store, 'v3', q, 'Any shoe will do.');
  await store.recordComparison('v3', { userMessageId: q.id, answerAId: short.id, answerBId: detailed.id, preferred: 'b' });
  await store.recordComparison('v3', { userMessageId: q.id, answerAId: short.id, answerBId: third.id, preferred: 'tie' });

  // 4. A comparison in the second turn that the ratings repeat (the rated pair is skipped as a duplicate).
  id = await start('v4');
  q = await ask(store, 'v4', id, 'Hi');
  await answer(store, 'v4', q, 'Hello! How can I help?');
  q = await ask(store, 'v4', id, 'Is the Swift 2 waterproof?');
  const wrong = await answer(store, 'v4', q, 'Yes.');
  const right = await answer(store, 'v4', q, 'No, but the Swift 2 GTX is.');
  await store.recordFeedback('v4', { messageId: wrong.id, rating: -1 });
  await store.recordFeedback('v4', { messageId: right.id, rating: 1 });
  await store.recordComparison('v4', { userMessageId: q.id, answerAId: wrong.id, answerBId: right.id, preferred: 'b' });

  // 5. Personal data in a rated conversation: redacted in the export.
  id = await start('v5');
  q = await ask(store, 'v5', id, 'Call me on +44 20 7946 0958, my card is 4111 1111 1111 1111.');
  const careful = await answer(store, 'v5', q, 'Please never share card numbers in chat; pay at checkout instead.', {
    status: 'stopped',
  });
  await store.recordFeedback('v5', { messageId: careful.id, rating: 2 });

  // 6. The only up-rated answer failed: nothing to train on.
  id = await start('v6');
  q = await ask(store, 'v6', id, 'Do you have size 50?');
  const failed = await answer(store, 'v6', q, 'Let me che', { status: 'error', errorCode: 'upstream_error' });
  await store.recordFeedback('v6', { messageId: failed.id, rating: 1 });

  // 7. Two identical answers compared: nothing to learn from.
  id = await start('v7');
  q = await ask(store, 'v7', id, 'Hello');
  const same1 = await answer(store, 'v7', q, 'Hello! How can I help?');
  const same2 = await answer(store, 'v7', q, 'Hello! How can I help?');
  await store.recordComparison('v7', { userMessageId: q.id, answerAId: same1.id, answerBId: same2.id, preferred: 'a' });
}

/** Short ways to put a conversation into a store in tests. */
import type { Message } from '../records.ts';
import type { ConversationStore, FinishedAnswer } from '../types.ts';

export function ask(store: ConversationStore, visitorId: string, conversationId: string, text: string): Promise<Message> {
  return store.appendUserMessage(visitorId, { conversationId, text });
}

/** Starts and finishes an answer to `question` (complete, unless `finish` says otherwise). */
export async function answer(
  store: ConversationStore,
  visitorId: string,
  question: Message,
  text: string,
  finish: Partial<FinishedAnswer> = {},
): Promise<Message> {
  const started = await store.startAssistantMessage(visitorId, {
    conversationId: question.conversationId,
    parentId: question.id,
    model: 'gpt-test',
  });
  return store.finishAssistantMessage(started.id, { text, status: 'complete', ...finish });
}

/** A conversation of question/answer pairs; returns the messages in order. */
export async function conversation(
  store: ConversationStore,
  visitorId: string,
  pairs: [question: string, reply: string][],
  options: { id?: string; site?: string } = {},
): Promise<{ id: string; messages: Message[] }> {
  const created = await store.createConversation({ visitorId, ...options });
  const messages: Message[] = [];
  for (const [question, reply] of pairs) {
    const asked = await ask(store, visitorId, created.id, question);
    messages.push(asked, await answer(store, visitorId, asked, reply));
  }
  return { id: created.id, messages };
}

/** Resolves to the `code` of the StoreError `promise` rejects with. */
export async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
  return 'resolved';
}

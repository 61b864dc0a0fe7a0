import type { UIMessage } from '@sitechat/protocol';
import { metadataOf, setMetadata, textOf } from './message-metadata.js';

/**
 * A conversation as it is stored and exchanged: every message in order, alternatives included (assistant
 * messages with the same `metadata.parentId`, oldest first), which is also the shape of the server's
 * `GET /api/conversations/:id`. `active` names the alternative the visitor chose to show for a question, by
 * the question's id, where it is not the newest (which shows by default).
 */
export interface ConversationSnapshot {
  id: string;
  conversationId?: string;
  messages: UIMessage[];
  active?: Record<string, string>;
}

/** The answers to each question, oldest first, by the question's id. */
export type AlternativesByParent = Map<string, UIMessage[]>;

/**
 * A conversation as shown (`messages`: each question followed by the answer on screen) and the answers to
 * each question, in `ConversationSnapshot` form: every alternative in order, and `active` where the answer
 * shown is not the newest.
 */
export function toSnapshotMessages(shown: readonly UIMessage[], alternativesByParent: AlternativesByParent): Pick<ConversationSnapshot, 'messages' | 'active'> {
  const messages: UIMessage[] = [];
  const active: Record<string, string> = {};
  for (const message of shown) {
    const parentId = metadataOf(message).parentId;
    const answers = message.role === 'assistant' && parentId !== undefined ? alternativesByParent.get(parentId) : undefined;
    if (answers) {
      messages.push(...answers);
      // Only a choice the visitor made: by default the newest answer shows, wherever the copy comes from.
      if (answers.at(-1) !== message) active[parentId!] = message.id;
    } else {
      messages.push(message);
    }
  }
  return { messages, active };
}

/**
 * The other way: which messages a stored conversation shows (each question and its chosen answer, the newest by
 * default) and the answers to each question. An answer without a `parentId` (an older copy) answers the
 * question before it, and takes its id.
 */
export function fromSnapshotMessages(snapshot: ConversationSnapshot): { messages: UIMessage[]; alternativesByParent: AlternativesByParent } {
  const alternativesByParent: AlternativesByParent = new Map();
  const questions: UIMessage[] = [];
  const leading: UIMessage[] = [];
  for (const message of snapshot.messages) {
    if (message.role === 'user') questions.push(message);
    // An answer that failed before its first word is nothing to show (its question shows as interrupted).
    else if (message.role === 'assistant' && textOf(message) !== '') {
      const parentId = metadataOf(message).parentId ?? questions.at(-1)?.id;
      if (parentId === undefined) leading.push(message);
      else {
        if (metadataOf(message).parentId === undefined) setMetadata(message, { parentId });
        let answers = alternativesByParent.get(parentId);
        if (!answers) alternativesByParent.set(parentId, (answers = []));
        answers.push(message);
      }
    }
  }
  const messages = [...leading];
  for (const question of questions) {
    messages.push(question);
    let answers = alternativesByParent.get(question.id);
    if (!answers) continue;
    // Failed answers are kept only while they are the newest (shown with Retry); beside a good one they are noise.
    const failed = (answer: UIMessage) => metadataOf(answer).status === 'error';
    if (answers.some((answer) => !failed(answer))) {
      answers = answers.filter((answer, index) => !failed(answer) || (index === answers!.length - 1 && question === questions.at(-1)));
      alternativesByParent.set(question.id, answers);
    }
    const activeId = snapshot.active?.[question.id];
    messages.push(answers.find((answer) => answer.id === activeId) ?? answers.at(-1)!);
  }
  return { messages, alternativesByParent };
}

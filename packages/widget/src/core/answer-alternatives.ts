import type { UIMessage } from '@sitechat/protocol';
import type { AlternativesByParent } from './conversation-snapshot.js';
import { metadataOf, setMetadata } from './message-metadata.js';

/**
 * Every answer to each question, oldest first, by the question's id: what regenerating keeps, and what the
 * answer pager pages through (`ChatSession.alternatives`).
 */
export class AnswerAlternatives {
  constructor(readonly byQuestion: AlternativesByParent = new Map()) {}

  /** The answers to the same question as `answer` (an assistant message); just `answer` when none are known. */
  of(answer: UIMessage): UIMessage[] {
    return this.byQuestion.get(metadataOf(answer).parentId ?? '') ?? [answer];
  }

  add(questionId: string, answer: UIMessage): void {
    let answers = this.byQuestion.get(questionId);
    if (!answers) this.byQuestion.set(questionId, (answers = []));
    answers.push(answer);
  }

  /** `answer` is not kept (it failed, or came back empty). */
  remove(answer: UIMessage): void {
    const answers = this.byQuestion.get(metadataOf(answer).parentId ?? '');
    if (answers?.includes(answer)) answers.splice(answers.indexOf(answer), 1);
  }

  /** The question was edited: its answers answer another question. */
  clear(questionId: string): void {
    this.byQuestion.delete(questionId);
  }

  /** The question is now known by the server's id `to`: its answers move there and name it as their parent. */
  rename(from: string, to: string): void {
    const answers = this.byQuestion.get(from);
    this.byQuestion.delete(from);
    if (!answers) return;
    for (const answer of answers) setMetadata(answer, { parentId: to });
    this.byQuestion.set(to, [...(this.byQuestion.get(to) ?? []), ...answers]);
  }
}

import type { ReactiveControllerHost } from 'lit';
import type { UIMessage } from '@sitechat/protocol';
import { metadataOf, setMetadata, type Rating } from './core/message-metadata.js';
import type { ServerFeatures, SitechatApi } from './core/sitechat-api.js';
import { emit } from './events.js';
import type { WidgetStrings } from './i18n/strings.js';

/** What the feedback needs from the element: where to send it, and how to word the notices. */
export interface AnswerFeedbackOptions {
  api(): SitechatApi;
  features(): ServerFeatures | undefined;
  /** The conversation the feedback belongs to: the server's id, or the chat id until the server names one. */
  conversationId(): string;
  strings(): WidgetStrings;
  /** The rating is kept with the message: store the conversation. */
  save(): void;
}

/**
 * The visitor's verdict on answers: thumbs up or down with an optional comment (`POST /api/feedback`, and
 * `chat-feedback` on the element), and, after a regenerated answer, "which was better?"
 * (`POST /api/comparisons`). Holds what the message actions show: the open comment form, a notice after
 * sending, the pending comparison; the element renders them, and re-renders when they change.
 */
export class AnswerFeedback {
  /** The message whose comment form is open. */
  commentFor: string | undefined;
  /** A line under a message after feedback: thanks, or why it failed. */
  notice: { id: string; text: string } | undefined;
  /** The "which was better?" question, shown under the newer answer. */
  comparison: { parentId: string; answerA: string; answerB: string } | undefined;
  /** The answer being regenerated, the first of the two to compare once the new one has finished. */
  private pending: { parentId: string; answerA: string } | undefined;
  private readonly host: ReactiveControllerHost & EventTarget;
  private readonly options: AnswerFeedbackOptions;

  constructor(host: ReactiveControllerHost & EventTarget, options: AnswerFeedbackOptions) {
    this.host = host;
    this.options = options;
  }

  /** A regenerate starts: once its answer has finished, ask which of `answer` and the new one was better. */
  regenerating(answer: UIMessage | undefined): void {
    const parentId = answer?.role === 'assistant' ? metadataOf(answer).parentId : undefined;
    this.pending = parentId && metadataOf(answer!).status === 'complete' ? { parentId, answerA: answer!.id } : undefined;
    this.dismissComparison();
  }

  /** An answer finished: the second of a pair to compare, where the server takes comparisons. */
  answered(message: UIMessage): void {
    const pending = this.pending;
    this.pending = undefined;
    if (pending && this.options.features()?.comparisons && metadataOf(message).parentId === pending.parentId) {
      this.comparison = { ...pending, answerB: message.id };
      this.host.requestUpdate();
    }
  }

  /** The conversation moved on (a new question, another alternative shown, a reset): the question is moot. */
  dismissComparison(): void {
    this.comparison = undefined;
    this.host.requestUpdate();
  }

  /** Forget everything shown (a new conversation). */
  clear(): void {
    this.commentFor = undefined;
    this.notice = undefined;
    this.dismissComparison();
  }

  readonly rate = (message: UIMessage, rating: Rating): void => {
    setMetadata(message, { feedback: { rating } });
    this.commentFor = message.id;
    this.notice = undefined;
    this.send(message, rating);
    this.host.requestUpdate();
    this.options.save();
  };

  readonly comment = (message: UIMessage, event: SubmitEvent): void => {
    event.preventDefault();
    const comment = new FormData(event.target as HTMLFormElement).get('comment')?.toString().trim() ?? '';
    const rating = metadataOf(message).feedback?.rating;
    this.closeComment();
    if (!rating || comment === '') return;
    setMetadata(message, { feedback: { rating, comment } });
    this.send(message, rating, comment);
    this.options.save();
  };

  readonly closeComment = (): void => {
    this.commentFor = undefined;
    this.host.requestUpdate();
  };

  readonly compare = (preferred: 'a' | 'b' | 'tie' | undefined): void => {
    const comparison = this.comparison;
    this.dismissComparison();
    if (!comparison || !preferred) return;
    void this.options.api().comparison({ conversationId: this.options.conversationId(), ...comparison, preferred }).catch(() => {});
  };

  private send(message: UIMessage, rating: Rating, comment?: string): void {
    emit(this.host, 'chat-feedback', comment === undefined ? { message, rating } : { message, rating, comment });
    if (!this.options.features()?.feedback) return;
    const body = { conversationId: this.options.conversationId(), messageId: message.id, rating, ...(comment === undefined ? {} : { comment }) };
    const showNotice = (text: string) => {
      this.notice = { id: message.id, text };
      this.host.requestUpdate();
    };
    this.options.api().feedback(body).then(
      () => comment !== undefined && showNotice(this.options.strings().feedbackThanks),
      () => showNotice(this.options.strings().feedbackFailed),
    );
  }
}

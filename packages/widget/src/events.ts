import type { UIMessage } from '@sitechat/protocol';
import type { ResponseOutcome } from './core/chat-session.js';
import type { ChatError } from './core/chat-error.js';
import type { Rating } from './core/message-metadata.js';

/**
 * The widget's events. All are `CustomEvent`s that bubble and cross shadow roots (`composed`), so a page can
 * listen on `document`. Following shoelace's convention, `chat-open` and `chat-close` report what the visitor
 * did (launcher, close button, Escape); the host calling `open()`, `close()`, `toggle()` or setting `expanded`
 * emits nothing, because the host already knows. Likewise `chat-message-sent` is for questions the visitor
 * sent (composer, starter chips, an edited question), not for `send()`. `chat-response-end` and `chat-error`
 * report the server's answer and fire for every response, whoever asked the question.
 */
export interface ChatWidgetEventDetails {
  /** The visitor opened the panel. */
  'chat-open': Record<string, never>;
  /** The visitor closed the panel. */
  'chat-close': Record<string, never>;
  /** The visitor sent a question; `message` is the user message as it was added to the conversation. */
  'chat-message-sent': { message: UIMessage };
  /**
   * A response ended: it completed (`finished`), the visitor stopped it (`stopped`) or it failed (`error`,
   * after `chat-error`). `message` is the assistant's message, absent when none of an answer arrived.
   */
  'chat-response-end': { message: UIMessage | undefined; outcome: ResponseOutcome };
  /** The visitor rated an answer, or added a comment to the rating. Fired whether or not the server stores it. */
  'chat-feedback': { message: UIMessage; rating: Rating; comment?: string };
  /** A response failed; the widget shows `error.message`, and a Retry button when `error.retryable`. */
  'chat-error': { error: ChatError };
}

export type ChatWidgetEventName = keyof ChatWidgetEventDetails;

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-open': CustomEvent<ChatWidgetEventDetails['chat-open']>;
    'chat-close': CustomEvent<ChatWidgetEventDetails['chat-close']>;
    'chat-message-sent': CustomEvent<ChatWidgetEventDetails['chat-message-sent']>;
    'chat-response-end': CustomEvent<ChatWidgetEventDetails['chat-response-end']>;
    'chat-feedback': CustomEvent<ChatWidgetEventDetails['chat-feedback']>;
    'chat-error': CustomEvent<ChatWidgetEventDetails['chat-error']>;
  }
}

/** Dispatch one of the widget's events from `target`: bubbling, composed, not cancelable. */
export function emit<Name extends ChatWidgetEventName>(target: EventTarget, name: Name, detail: ChatWidgetEventDetails[Name]): void {
  target.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, detail }));
}

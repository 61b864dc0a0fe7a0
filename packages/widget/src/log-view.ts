import { html, nothing } from 'lit';
import type { ChatError } from './core/chat-error.js';
import { textOf } from './core/message-metadata.js';
import type { WidgetStrings } from './i18n/strings.js';
import { markdownElement } from './markdown/markdown-element.js';
import { type MessageContext, renderMessage } from './message-view.js';

export interface LogView {
  /** The assistant's first message (markdown), shown before anything is asked, and its key for its markdown view. */
  welcome: string;
  welcomeKey: object;
  /** Questions offered as chips while the conversation is empty. */
  starters: readonly string[];
  onStarter: (text: string) => void;
  onRetry: () => void;
}

/**
 * The conversation log: the welcome message and starter chips, the messages, the typing indicator while an
 * answer has not started, and the error notice with Retry. Answers are announced once, finished, by the
 * element's status region: the log itself stays silent (`aria-live="off"`) while they stream.
 */
export function renderLog(context: MessageContext, view: LogView) {
  const { session, strings } = context;
  const { messages, status, error, busy } = session;
  const last = messages.at(-1);
  const answering = status === 'submitted' || (status === 'streaming' && (last?.role !== 'assistant' || textOf(last) === ''));
  return html`
    <div class="messages" part="messages" role="log" aria-live="off" aria-label=${strings.messagesLabel} aria-busy=${busy ? 'true' : 'false'} tabindex="0">
      ${view.welcome
        ? html`<div class="message assistant" part="message welcome"><span class="visually-hidden">${context.assistantName || strings.assistantLabel}</span>${markdownElement(view.welcomeKey, view.welcome, false, context.markdownOptions)}</div>`
        : nothing}
      ${messages.length === 0 && view.starters.length > 0
        ? html`<div class="starters" part="starters" role="group" aria-label=${strings.suggestions}>
            ${view.starters.map((starter) => html`<button class="pill" part="starter" type="button" @click=${() => view.onStarter(starter)}>${starter}</button>`)}
          </div>`
        : nothing}
      ${messages.map((message, index) => renderMessage(message, index, context))}
      ${answering
        ? html`<div class="typing" part="typing-indicator">
            <span class="dot"></span><span class="dot"></span><span class="dot"></span>
            <span class="visually-hidden">${strings.typing}</span>
          </div>`
        : nothing}
      ${status === 'error' && error
        ? html`<div class="error" part="error" role="alert">
            <p>${errorText(error, strings)}</p>
            ${error.retryable ? html`<button class="pill retry-button" part="retry-button" type="button" @click=${view.onRetry}>${strings.retry}</button>` : nothing}
          </div>`
        : nothing}
    </div>
  `;
}

/** The widget's own errors in the visitor's language; the server's messages as the server wrote them. */
const OWN_ERRORS: Record<string, keyof WidgetStrings> = {
  network_error: 'networkError',
  stream_interrupted: 'interrupted',
  invalid_response: 'invalidResponse',
  http_error: 'httpError',
};

function errorText(error: ChatError, strings: WidgetStrings): string {
  const key = OWN_ERRORS[error.code];
  return key ? strings[key] : error.message;
}

import { html, nothing, type TemplateResult } from 'lit';
import type { UIMessage } from '@sitechat/protocol';
import type { AnswerFeedback } from './answer-feedback.js';
import type { ChatSession } from './core/chat-session.js';
import { metadataOf, textOf } from './core/message-metadata.js';
import { format, type WidgetStrings } from './i18n/strings.js';
import { checkIcon, copyIcon, editIcon, nextIcon, previousIcon, regenerateIcon, thumbDownIcon, thumbUpIcon } from './icons.js';
import { markdownElement } from './markdown/markdown-element.js';
import type { MessageActions } from './message-actions.js';
import { safeLinkUrl } from './markdown/safe-url.js';
import type { MarkdownOptions } from './markdown/render.js';

/** What a message needs from the widget to render: state, and the handlers its buttons call. */
export interface MessageContext {
  session: ChatSession;
  strings: WidgetStrings;
  markdownOptions: MarkdownOptions;
  assistantName: string;
  /** The visitor's ratings, comments and comparisons, and what they show. */
  feedback: AnswerFeedback;
  /** Copy, Edit, Regenerate, the pager. */
  actions: MessageActions;
}

const button = (part: string, label: string, icon: unknown, onClick: () => void, extra: { pressed?: boolean; disabled?: boolean } = {}) =>
  html`<button
    class="action"
    part=${part}
    type="button"
    aria-label=${label}
    aria-pressed=${extra.pressed === undefined ? nothing : String(extra.pressed)}
    ?disabled=${extra.disabled === true}
    @click=${onClick}
  >
    ${icon}
  </button>`;

export function renderMessage(message: UIMessage, index: number, context: MessageContext): TemplateResult {
  const { session, strings } = context;
  const messages = session.messages;
  const last = index === messages.length - 1;
  const streaming = last && session.status === 'streaming';
  const label = message.role === 'user' ? strings.userLabel : context.assistantName ? `${context.assistantName}:` : strings.assistantLabel;
  return html`
    <div class="message ${message.role}" part="message message-${message.role}">
      <span class="visually-hidden">${label}</span>
      ${message.role === 'assistant'
        ? markdownElement(message, textOf(message), streaming, context.markdownOptions)
        : html`<div class="text" part="message-text" dir="auto">${textOf(message)}</div>`}
      ${message.role === 'assistant' ? renderSources(message, strings) : nothing}
    </div>
    ${message.role === 'assistant' && !streaming ? renderAnswerActions(message, last, context) : nothing}
    ${message.role === 'user' && !session.busy && index === lastQuestion(messages)
      ? html`<div class="actions user-actions" part="message-actions">${button('edit-button', strings.edit, editIcon, () => context.actions.edit(message))}</div>`
      : nothing}
  `;
}

/**
 * The pages a grounded answer cites (`source-url` parts), numbered as the server numbered them so that `[2]`
 * in the text matches the second link. URLs pass the same scheme check as links in the answer.
 */
function renderSources(message: UIMessage, strings: WidgetStrings) {
  const seen = new Set<string>();
  const links = [];
  for (const part of message.parts) {
    if (part.type !== 'source-url') continue;
    const { sourceId, url, title } = part as { sourceId?: unknown; url?: unknown; title?: unknown };
    const href = typeof url === 'string' ? safeLinkUrl(url, document.baseURI) : undefined;
    const id = String(sourceId);
    if (!href || seen.has(id)) continue;
    seen.add(id);
    links.push(html`<li><a part="source-link" href=${href} target="_blank" rel="noopener noreferrer">[${id}] ${typeof title === 'string' && title ? title : href}</a></li>`);
  }
  return links.length ? html`<ol class="sources" part="sources" aria-label=${strings.sources}>${links}</ol>` : nothing;
}

function lastQuestion(messages: readonly UIMessage[]): number {
  for (let index = messages.length - 1; index >= 0; index--) if (messages[index]!.role === 'user') return index;
  return -1;
}

function renderAnswerActions(message: UIMessage, last: boolean, context: MessageContext) {
  const { session, strings } = context;
  const { index, answers } = session.alternatives(message);
  const rating = metadataOf(message).feedback?.rating;
  const busy = session.busy;
  const position = { index: index + 1, count: answers.length };
  return html`
    <div class="actions" part="message-actions">
      ${answers.length > 1
        ? html`<span class="pager" part="pager">
            ${button('previous-button', strings.previousAnswer, previousIcon, () => context.actions.page(message, index - 1), { disabled: busy || index === 0 })}
            <span class="position" aria-label=${format(strings.answerPositionLabel, position)} role="status">${format(strings.answerPosition, position)}</span>
            ${button('next-button', strings.nextAnswer, nextIcon, () => context.actions.page(message, index + 1), { disabled: busy || index === answers.length - 1 })}
          </span>`
        : nothing}
      ${button('copy-button', context.actions.copiedId === message.id ? strings.copied : strings.copy, context.actions.copiedId === message.id ? checkIcon : copyIcon, () => context.actions.copy(message))}
      ${last && !busy ? button('regenerate-button', strings.regenerate, regenerateIcon, context.actions.regenerate) : nothing}
      ${button('feedback-up-button', strings.goodAnswer, thumbUpIcon, () => context.feedback.rate(message, 'up'), { pressed: rating === 'up' })}
      ${button('feedback-down-button', strings.badAnswer, thumbDownIcon, () => context.feedback.rate(message, 'down'), { pressed: rating === 'down' })}
    </div>
    ${context.feedback.commentFor === message.id
      ? html`<form class="inline-form" part="feedback-form" @submit=${(event: SubmitEvent) => context.feedback.comment(message, event)}>
          <textarea name="comment" rows="2" aria-label=${strings.feedbackComment} placeholder=${strings.feedbackComment}></textarea>
          <div class="row">
            <button class="pill primary" type="submit">${strings.sendFeedback}</button>
            <button class="pill" type="button" @click=${context.feedback.closeComment}>${strings.dismiss}</button>
          </div>
        </form>`
      : nothing}
    ${context.feedback.notice?.id === message.id ? html`<p class="notice" part="feedback-notice">${context.feedback.notice.text}</p>` : nothing}
    ${context.feedback.comparison?.answerB === message.id
      ? html`<div class="comparison" part="comparison" role="group" aria-labelledby="compare-question">
          <span id="compare-question">${strings.compareQuestion}</span>
          <div class="row">
            ${([['a', strings.comparePrevious], ['b', strings.compareThis], ['tie', strings.compareTie], [undefined, strings.dismiss]] as const).map(
              ([choice, label]) => html`<button class="pill" type="button" @click=${() => context.feedback.compare(choice)}>${label}</button>`,
            )}
          </div>
        </div>`
      : nothing}
  `;
}

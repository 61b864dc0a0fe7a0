import { html, nothing, type TemplateResult } from 'lit';
import type { MessagePart, TextPart, UIMessage } from '@sitechat/protocol';

/**
 * How a message's parts become DOM. Model output is untrusted: text is bound as text (Lit sets a text
 * node's data), never as HTML, so `<img onerror=…>` in an answer shows as those characters. This module is
 * the one place that decides how parts look; a safe markdown renderer replaces `renderTextPart` later.
 */
export function renderMessageContent(message: UIMessage): TemplateResult {
  return html`${message.parts.map(renderPart)}`;
}

function renderPart(part: MessagePart): TemplateResult | typeof nothing {
  if (part.type === 'text') return renderTextPart(part as TextPart);
  // Sources, data parts and part types from newer servers are not shown yet.
  return nothing;
}

function renderTextPart(part: TextPart): TemplateResult | typeof nothing {
  if (part.text === '') return nothing;
  return html`<div class="text" part="message-text">${part.text}</div>`;
}

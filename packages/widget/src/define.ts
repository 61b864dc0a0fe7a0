import { ChatWidget } from './chat-widget.js';

/**
 * Register `<chat-widget>` (or the element under another name). Does nothing where custom elements do not
 * exist (server rendering) or when the name is already taken, so loading the widget twice (the script tag
 * and an npm import, say) is harmless.
 *
 * @example
 * import { defineChatWidget } from '@sitechat/widget/define';
 * defineChatWidget('acme-chat');
 */
export function defineChatWidget(tagName = 'chat-widget'): void {
  if (typeof customElements === 'undefined' || customElements.get(tagName)) return;
  // One class can be registered only once, so any other name gets its own subclass.
  customElements.define(tagName, tagName === 'chat-widget' ? ChatWidget : class extends ChatWidget {});
}

defineChatWidget();

export { ChatWidget };

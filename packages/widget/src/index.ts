/**
 * `@sitechat/widget`: the `<chat-widget>` element class and the framework-free chat core. Importing this
 * module defines nothing; import `@sitechat/widget/define` (or load `sitechat.js`) to register the element.
 */
export { ChatWidget } from './chat-widget.js';
export { ChatController } from './chat-controller.js';
export type { ChatWidgetEventDetails, ChatWidgetEventName } from './events.js';
export { en as defaultStrings, format } from './i18n/strings.js';
export type { WidgetStrings } from './i18n/strings.js';
export { LOCALES, loadStrings, resolveLocale } from './i18n/locale.js';
export type { Locale } from './i18n/locale.js';
export { VISITOR_HEADER } from './server-connection.js';
export * from './core/index.js';
export type { UIMessage, UIMessageChunk, MessagePart, TextPart } from '@sitechat/protocol';

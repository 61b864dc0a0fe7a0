/**
 * `@sitechat/widget`: the `<chat-widget>` element class and the framework-free chat core. Importing this
 * module defines nothing; import `@sitechat/widget/define` (or load `sitechat.js`) to register the element.
 */
export { ChatWidget } from './chat-widget.js';
export { ChatController } from './chat-controller.js';
export type { ChatWidgetEventDetails, ChatWidgetEventName } from './events.js';
export { defaultStrings } from './strings.js';
export type { WidgetStrings } from './strings.js';
export * from './core/index.js';
export type { UIMessage, UIMessageChunk, MessagePart, TextPart } from '@sitechat/protocol';

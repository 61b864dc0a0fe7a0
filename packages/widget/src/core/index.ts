export { ChatSession } from './chat-session.js';
export type { ChatSessionOptions, ChatStatus, ResponseEnd, ResponseOutcome } from './chat-session.js';
export type { ChatTransport, SendMessagesOptions } from './chat-transport.js';
export { HttpChatTransport, parseRetryAfter } from './http-chat-transport.js';
export type { HttpChatTransportOptions } from './http-chat-transport.js';
export { ChatError, ClientErrorCode, isAbortError, toChatError } from './chat-error.js';
export type { ChatErrorOptions } from './chat-error.js';
export { AssistantMessageBuilder } from './assistant-message-builder.js';
export { generateId } from './generate-id.js';

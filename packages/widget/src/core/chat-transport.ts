import type { UIMessage, UIMessageChunk } from '@sitechat/protocol';

/** What the session asks a transport for: one answer to the conversation so far. */
export interface SendMessagesOptions {
  /** The conversation id: the server's once it named one, the client's chat id before. */
  chatId: string;
  /**
   * The conversation, oldest first; the last message is the visitor's question. Only that question when the
   * server keeps the history (`ChatSession.serverHistory`).
   */
  messages: UIMessage[];
  /** `submit-message` for a new question, `regenerate-message` when the last question is asked again. */
  trigger: 'submit-message' | 'regenerate-message';
  /**
   * With `regenerate-message`, the id of the answer being replaced. With `submit-message`, the id of the
   * question being replaced by an edited one (the last message, which keeps that id).
   */
  messageId?: string;
  /** Where the visitor is (`url`, `title`) and whatever else the host page adds; sent as the body's `context`. */
  context?: Record<string, unknown>;
  /** Aborted when the visitor presses Stop; the transport must stop reading and release the connection. */
  signal: AbortSignal;
}

/**
 * How the chat reaches a model. `HttpChatTransport` speaks the UI message stream protocol over `fetch`;
 * tests and unusual hosts (a worker, a WebSocket, an in-page model) provide their own.
 *
 * A refused request rejects with a `ChatError`, whose message is shown to the visitor.
 *
 * @example
 * const echo: ChatTransport = {
 *   async sendMessages({ messages }) {
 *     const text = messageText(messages.at(-1)!);
 *     return (async function* () {
 *       yield { type: 'text-start', id: 't' };
 *       yield { type: 'text-delta', id: 't', delta: text };
 *       yield { type: 'text-end', id: 't' };
 *       yield { type: 'finish' };
 *     })();
 *   },
 * };
 */
export interface ChatTransport {
  sendMessages(options: SendMessagesOptions): Promise<AsyncIterable<UIMessageChunk>>;
}

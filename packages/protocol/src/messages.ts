/**
 * Messages and the chat request, in the AI SDK's `UIMessage` shape (what `useChat` posts).
 * Sitechat uses text parts only; other part types are accepted on the wire and ignored by the server.
 */

export type MessageRole = 'user' | 'assistant';

export interface TextPart {
  type: 'text';
  text: string;
}

export interface SourceUrlPart {
  type: 'source-url';
  sourceId: string;
  url: string;
  title?: string;
}

export type MessagePart = TextPart | SourceUrlPart | { type: string; [key: string]: unknown };

export interface UIMessage<Metadata = unknown> {
  id: string;
  role: MessageRole | 'system';
  parts: MessagePart[];
  metadata?: Metadata;
}

/** What `POST /api/chat` accepts: the AI SDK `DefaultChatTransport` body, plus Sitechat's optional fields. */
export interface ChatRequest {
  /** The conversation (chat) id chosen by the client. */
  id?: string;
  messages: UIMessage[];
  /** `submit-message` for a new question, `regenerate-message` to answer the last question again. */
  trigger?: 'submit-message' | 'regenerate-message';
  messageId?: string;
}

/** The text of a message: its text parts joined. */
export function messageText(message: Pick<UIMessage, 'parts'>): string {
  let text = '';
  for (const part of message.parts) {
    if (part.type === 'text' && typeof (part as TextPart).text === 'string') text += (part as TextPart).text;
  }
  return text;
}

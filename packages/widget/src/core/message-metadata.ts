import type { UIMessage } from '@sitechat/protocol';

/** How an answer ended, as the server's conversation store records it too. */
export type AnswerStatus = 'complete' | 'stopped' | 'error' | 'streaming';

export type Rating = 'up' | 'down';

export interface Feedback {
  rating: Rating;
  comment?: string;
}

/**
 * What Sitechat keeps in an assistant message's `metadata`. The server sends the same shape from
 * `GET /api/conversations/:id`; the stream's `start` chunk carries `conversationId`.
 */
export interface SitechatMessageMetadata {
  /** The id of the user message this answers. Answers with the same parent are alternatives (regenerated). */
  parentId?: string;
  status?: AnswerStatus;
  feedback?: Feedback;
  conversationId?: string;
  [key: string]: unknown;
}

export function metadataOf(message: UIMessage): SitechatMessageMetadata {
  const metadata = message.metadata;
  return typeof metadata === 'object' && metadata !== null ? (metadata as SitechatMessageMetadata) : {};
}

export function setMetadata(message: UIMessage, changes: Partial<SitechatMessageMetadata>): void {
  message.metadata = { ...metadataOf(message), ...changes };
}

/** The message's text: its text parts, separated by a blank line. */
export function textOf(message: UIMessage): string {
  const texts: string[] = [];
  for (const part of message.parts) if (part.type === 'text') texts.push((part as { text: string }).text);
  return texts.length === 1 ? texts[0]! : texts.join('\n\n');
}

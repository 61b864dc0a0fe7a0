/**
 * What the store hands back. Records are plain JSON-ready objects (the server can send them as they are);
 * timestamps are ISO 8601 strings in UTC.
 */

export type Role = 'user' | 'assistant';

/** `streaming` while the answer is being generated; the other three are final. */
export type MessageStatus = 'complete' | 'streaming' | 'stopped' | 'error';

/** Where the visitor was when the conversation started. */
export interface PageContext {
  url?: string;
  title?: string;
}

/** Why a conversation was flagged (by the server's moderation step, or by the owner). */
export interface Moderation {
  reason?: string;
  categories?: string[];
  /** The message that triggered the flag, when one did. */
  messageId?: string;
}

export interface Conversation {
  id: string;
  site: string;
  visitorId: string;
  createdAt: string;
  lastActivityAt: string;
  page: PageContext | null;
  flagged: boolean;
  moderation: Moderation | null;
  /** How many messages (both roles, alternatives included) the conversation holds. */
  messageCount: number;
}

export interface Message {
  id: string;
  conversationId: string;
  /** Position in the conversation, 1-based, in the order messages were created. */
  seq: number;
  /**
   * For an assistant message: the user message it answers (regenerated alternatives share it). For a user
   * message: the question it follows on its branch, `null` for a first question; an edited question shares
   * its original's parent, which makes the two siblings (see `Transcript`).
   */
  parentId: string | null;
  role: Role;
  text: string;
  status: MessageStatus;
  model: string | null;
  tokensIn: number | null;
  tokensOut: number | null;
  timeToFirstTokenMs: number | null;
  finishReason: string | null;
  /** A stable error code (see `@sitechat/protocol`'s `ErrorCode`) when `status` is `error`. */
  errorCode: string | null;
  /** Extra data the server attaches to an answer (sources it cited, for instance). */
  metadata: Record<string, unknown> | null;
  createdAt: string;
  /** When the message reached a final status; `null` while streaming. */
  finishedAt: string | null;
}

export interface Feedback {
  id: string;
  messageId: string;
  conversationId: string;
  visitorId: string;
  /** `+1` / `-1` for thumbs; any integer from -5 to 5 for a scale. Its sign is what "up" and "down" mean. */
  rating: number;
  comment: string | null;
  createdAt: string;
  updatedAt: string;
}

export type Preference = 'a' | 'b' | 'tie';

export interface Comparison {
  id: string;
  conversationId: string;
  /** The user message both answers reply to. */
  userMessageId: string;
  answerAId: string;
  answerBId: string;
  preferred: Preference;
  createdAt: string;
}

/** An assistant message with the visitor's feedback on it. */
export interface Answer extends Message {
  feedback: Feedback | null;
}

/** One user message and every answer generated for it, oldest first. Its branch: `user.parentId`. */
export interface Turn {
  user: Message;
  answers: Answer[];
  /** The answer the model sees as history: the latest `complete` or `stopped` one with text. */
  activeAnswerId: string | null;
  /** Whether the question is on the active branch (the model sees it); `false` once edited away. */
  onActiveBranch: boolean;
}

/**
 * A conversation with everything in it: what the widget restores and the admin page shows.
 *
 * Questions form a tree: each follows the question before it on its branch (`user.parentId`), and an edited
 * question is a sibling of the one it replaces. The **active branch** ends at the most recently asked
 * question (`Turn.onActiveBranch`); other branches are kept, never rewritten: they are what was said.
 */
export interface Transcript {
  conversation: Conversation;
  /** Every question of every branch, in the order asked, each with its answers. */
  turns: Turn[];
  comparisons: Comparison[];
}

/** One model-visible history entry, ready to become a chat-completions message. */
export interface HistoryMessage {
  id: string;
  role: Role;
  text: string;
}

/** A row of the owner's conversation list. */
export interface ConversationSummary extends Conversation {
  answerCount: number;
  thumbsUp: number;
  thumbsDown: number;
  hasComment: boolean;
  /** The first user message, cut to 200 characters. */
  preview: string | null;
}

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

export interface Stats {
  conversations: number;
  answers: number;
  thumbsUp: number;
  thumbsDown: number;
  /** thumbsUp / (thumbsUp + thumbsDown); `null` before the first vote. */
  upRatio: number | null;
  tokensIn: number;
  tokensOut: number;
}

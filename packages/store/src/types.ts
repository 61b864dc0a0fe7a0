/**
 * The storage contract the server codes against. Two implementations keep it: `SqliteStore` (an embedded
 * file, zero configuration) and `PostgresStore` (`DATABASE_URL`, for several server instances). One contract
 * test suite runs against both, so anything promised here holds for either.
 *
 * Every write is durable once its promise resolves: a crash afterwards (even `SIGKILL`) loses nothing that
 * was acknowledged. Expected failures reject with a `StoreError` carrying a stable `code`.
 *
 * Methods that take a `visitorId` are the ones a browser reaches through the server: they only see or change
 * that visitor's conversations and answer "not found" for anyone else's, so existence does not leak. Methods
 * without one belong to the site owner (admin page, CLI, exports) and to the server's own bookkeeping.
 */
import type {
  Comparison,
  Conversation,
  ConversationSummary,
  Feedback,
  HistoryMessage,
  Message,
  Moderation,
  Page,
  PageContext,
  Preference,
  Stats,
  Transcript,
} from './records.ts';

export type * from './records.ts';

export interface NewConversation {
  /** The id the widget chose (the AI SDK chat id); one is generated when absent. */
  id?: string;
  visitorId: string;
  /** Which of the owner's sites the conversation happened on. Default `default`. */
  site?: string;
  page?: PageContext | null;
}

export interface NewUserMessage {
  conversationId: string;
  /** The id the widget gave the message; one is generated when absent. */
  id?: string;
  text: string;
  /**
   * The question this one follows: absent, the most recent question (it continues the active branch);
   * another question's id, it starts a branch there (an edited question takes its original's parent);
   * `null`, it is a first question (the edit of a conversation's first question).
   */
  parentId?: string | null;
}

export interface NewAssistantMessage {
  conversationId: string;
  /** The user message this answers. Regenerating an answer starts another message with the same parent. */
  parentId: string;
  id?: string;
  model?: string | null;
}

export interface FinishedAnswer {
  /** The whole answer text (partial when stopped or failed: the partial answer is kept). */
  text: string;
  status: 'complete' | 'stopped' | 'error';
  model?: string | null;
  finishReason?: string | null;
  errorCode?: string | null;
  tokensIn?: number | null;
  tokensOut?: number | null;
  timeToFirstTokenMs?: number | null;
  metadata?: Record<string, unknown> | null;
}

export interface NewFeedback {
  messageId: string;
  /** An integer from -5 to 5; `1` and `-1` are thumbs up and down. */
  rating: number;
  comment?: string | null;
}

export interface NewComparison {
  /** The user message both answers reply to. */
  userMessageId: string;
  answerAId: string;
  answerBId: string;
  preferred: Preference;
}

/** Which conversations an owner-side query covers. Dates bound `createdAt`: `from` inclusive, `to` exclusive. */
export interface ConversationScope {
  site?: string;
  from?: Date;
  to?: Date;
}

export interface ConversationFilter extends ConversationScope {
  visitorId?: string;
  /** Only conversations with at least one answer rated up (> 0) or down (< 0). */
  rating?: 'up' | 'down';
  flagged?: boolean;
  /** Only conversations where some feedback carries a comment. */
  hasComment?: boolean;
  /** Page size, 1 to 200. Default 50. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface TranscriptQuery extends ConversationScope {
  /** Only conversations with an answer rated at least this. */
  minRating?: number;
  /** Only conversations that hold a preference signal: a comparison, or answers rated both up and down. */
  preferenceSignal?: boolean;
  /** Only flagged (`true`) or only unflagged (`false`) conversations. Default: both. */
  flagged?: boolean;
  /** How many conversations to load per round trip. Default 100. */
  batchSize?: number;
}

export interface ConversationStore {
  /** Which engine is underneath. */
  readonly kind: 'sqlite' | 'postgres';

  /** Starts a conversation. Rejects with `conversation_exists` when the id is taken. */
  createConversation(input: NewConversation): Promise<Conversation>;
  /**
   * The visitor's conversation with this id, created when no conversation has the id yet: what the chat
   * route calls with the id the widget sent. Rejects with `conversation_not_found` when the id belongs to
   * another visitor.
   */
  getOrCreateConversation(input: NewConversation & { id: string }): Promise<Conversation>;
  /** The visitor's conversation, or `undefined` (also when it is someone else's). */
  getConversation(visitorId: string, conversationId: string): Promise<Conversation | undefined>;
  /** Flags a conversation (`moderation` set) or clears the flag (`null`). Owner/server side. */
  setModeration(conversationId: string, moderation: Moderation | null): Promise<Conversation>;

  /**
   * Records what the visitor asked. Rejects with `conversation_not_found` when it is not theirs, and with
   * `invalid_parent` when `parentId` is not a user message of the conversation.
   */
  appendUserMessage(visitorId: string, input: NewUserMessage): Promise<Message>;
  /**
   * Opens an answer in status `streaming`, before or at the first token, so a crash mid-stream still leaves
   * a trace. Rejects with `invalid_parent` unless `parentId` is a user message of the same conversation.
   */
  startAssistantMessage(visitorId: string, input: NewAssistantMessage): Promise<Message>;
  /**
   * Finalizes a streaming answer, once: text, final status, tokens, timing. Rejects with `message_not_found`,
   * or `message_not_streaming` when it was already finished.
   */
  finishAssistantMessage(messageId: string, answer: FinishedAnswer): Promise<Message>;
  /**
   * Ends answers left `streaming` since before `startedBefore` (their process died) as `error` with code
   * `stream_interrupted`, keeping them out of history. Returns how many. Call at server start-up.
   */
  failAbandonedMessages(startedBefore: Date): Promise<number>;

  /**
   * What the model sees: the active branch (the questions leading to the most recent one), each question
   * followed by its active answer (the latest `complete` or `stopped` one with text); other branches,
   * alternatives, failures and open streams are left out. With `upTo` (a user message id, on any branch) it
   * is that question's branch, ending at it without its answers: the history for regenerating.
   */
  getHistory(visitorId: string, conversationId: string, options?: { upTo?: string }): Promise<HistoryMessage[]>;
  /** The visitor's conversation with every message, alternative, feedback and comparison (widget restore). */
  getTranscript(visitorId: string, conversationId: string): Promise<Transcript | undefined>;
  /** The same for the owner's admin view: any visitor's conversation. */
  getTranscriptForOwner(conversationId: string): Promise<Transcript | undefined>;

  /**
   * Rates an answer; rating the same answer again replaces the rating and comment. Rejects with
   * `message_not_found` (not the visitor's) or `invalid_feedback` (a user message, a bad rating).
   */
  recordFeedback(visitorId: string, input: NewFeedback): Promise<Feedback>;
  /** Withdraws the visitor's rating of an answer. Returns whether there was one. */
  removeFeedback(visitorId: string, messageId: string): Promise<boolean>;
  /**
   * Records which of two answers to the same user message the visitor preferred (recording the same pair
   * again replaces the choice). Rejects with `invalid_comparison` unless both are distinct answers to it.
   */
  recordComparison(visitorId: string, input: NewComparison): Promise<Comparison>;

  /** Deletes one of the visitor's conversations with everything in it. Returns whether it existed. */
  deleteConversation(visitorId: string, conversationId: string): Promise<boolean>;
  /** Deletes all of a visitor's conversations (their right to be forgotten). Returns how many. */
  deleteVisitorData(visitorId: string): Promise<number>;
  /** Deletes conversations idle for more than `retentionDays` days. Returns how many. */
  purgeExpired(retentionDays: number): Promise<number>;

  /** The owner's conversation list, newest first, one page at a time. */
  listConversations(filter?: ConversationFilter): Promise<Page<ConversationSummary>>;
  /** Totals for the owner's dashboard. */
  getStats(scope?: ConversationScope): Promise<Stats>;
  /** How many conversations `iterateTranscripts` will yield for the same query (for progress bars). */
  countTranscripts(query?: TranscriptQuery): Promise<number>;
  /**
   * Every matching conversation as a transcript, oldest first (then by id), fetched in batches so a large
   * store never sits in memory: what the fine-tuning exports read.
   */
  iterateTranscripts(query?: TranscriptQuery): AsyncIterable<Transcript>;

  /** Closes the database; the store cannot be used afterwards. */
  close(): Promise<void>;
}

/** What both stores accept besides where the database is. */
export interface StoreOptions {
  /** The clock; tests pass a fake one. Default `() => new Date()`. */
  now?: () => Date;
  /** Makes ids for records created without one. Default: time-ordered UUIDs (version 7). */
  generateId?: () => string;
}

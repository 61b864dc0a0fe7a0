/**
 * The `ConversationStore` written once over a `SqlDriver`. `SqliteStore` and `PostgresStore` are this class
 * with their driver and migrations; the behaviour lives in the operation modules beside it.
 */
import type { Comparison, Conversation, Feedback, HistoryMessage, Message, Moderation, Transcript } from '../records.ts';
import type { ConversationSummary, Page, Stats } from '../records.ts';
import type {
  ConversationFilter,
  ConversationScope,
  ConversationStore,
  FinishedAnswer,
  NewAssistantMessage,
  NewComparison,
  NewConversation,
  NewFeedback,
  NewUserMessage,
  StoreOptions,
  TranscriptQuery,
} from '../types.ts';
import { uuidv7 } from '../ids.ts';
import type { StoreContext } from './context.ts';
import type { SqlDriver } from './driver.ts';
import * as conversations from './conversations.ts';
import * as feedback from './feedback.ts';
import * as listing from './listing.ts';
import * as messages from './messages.ts';
import * as transcripts from './transcripts.ts';

export abstract class SqlStore implements ConversationStore {
  abstract readonly kind: 'sqlite' | 'postgres';
  readonly #context: StoreContext;

  protected constructor(driver: SqlDriver, options: StoreOptions = {}) {
    const now = options.now ?? (() => new Date());
    this.#context = { driver, now, newId: options.generateId ?? (() => uuidv7(now().getTime())) };
  }

  createConversation(input: NewConversation): Promise<Conversation> {
    return conversations.createConversation(this.#context, input);
  }
  getOrCreateConversation(input: NewConversation & { id: string }): Promise<Conversation> {
    return conversations.getOrCreateConversation(this.#context, input);
  }
  getConversation(visitorId: string, conversationId: string): Promise<Conversation | undefined> {
    return conversations.getConversation(this.#context, visitorId, conversationId);
  }
  setModeration(conversationId: string, moderation: Moderation | null): Promise<Conversation> {
    return conversations.setModeration(this.#context, conversationId, moderation);
  }

  appendUserMessage(visitorId: string, input: NewUserMessage): Promise<Message> {
    return messages.appendUserMessage(this.#context, visitorId, input);
  }
  startAssistantMessage(visitorId: string, input: NewAssistantMessage): Promise<Message> {
    return messages.startAssistantMessage(this.#context, visitorId, input);
  }
  finishAssistantMessage(messageId: string, answer: FinishedAnswer): Promise<Message> {
    return messages.finishAssistantMessage(this.#context, messageId, answer);
  }
  failAbandonedMessages(startedBefore: Date): Promise<number> {
    return messages.failAbandonedMessages(this.#context, startedBefore);
  }

  getHistory(visitorId: string, conversationId: string, options: { upTo?: string } = {}): Promise<HistoryMessage[]> {
    return transcripts.getHistory(this.#context, visitorId, conversationId, options.upTo);
  }
  getTranscript(visitorId: string, conversationId: string): Promise<Transcript | undefined> {
    return transcripts.getTranscript(this.#context, conversationId, visitorId);
  }
  getTranscriptForOwner(conversationId: string): Promise<Transcript | undefined> {
    return transcripts.getTranscript(this.#context, conversationId);
  }

  recordFeedback(visitorId: string, input: NewFeedback): Promise<Feedback> {
    return feedback.recordFeedback(this.#context, visitorId, input);
  }
  removeFeedback(visitorId: string, messageId: string): Promise<boolean> {
    return feedback.removeFeedback(this.#context, visitorId, messageId);
  }
  recordComparison(visitorId: string, input: NewComparison): Promise<Comparison> {
    return feedback.recordComparison(this.#context, visitorId, input);
  }

  deleteConversation(visitorId: string, conversationId: string): Promise<boolean> {
    return conversations.deleteConversation(this.#context, visitorId, conversationId);
  }
  deleteVisitorData(visitorId: string): Promise<number> {
    return conversations.deleteVisitorData(this.#context, visitorId);
  }
  purgeExpired(retentionDays: number): Promise<number> {
    return conversations.purgeExpired(this.#context, retentionDays);
  }

  listConversations(filter?: ConversationFilter): Promise<Page<ConversationSummary>> {
    return listing.listConversations(this.#context, filter);
  }
  getStats(scope?: ConversationScope): Promise<Stats> {
    return listing.getStats(this.#context, scope);
  }
  countTranscripts(query?: TranscriptQuery): Promise<number> {
    return transcripts.countTranscripts(this.#context, query);
  }
  iterateTranscripts(query?: TranscriptQuery): AsyncIterable<Transcript> {
    return transcripts.iterateTranscripts(this.#context, query);
  }

  /** The schema versions applied to this database, oldest first. */
  async schemaVersions(): Promise<number[]> {
    const rows = await this.#context.driver.all('SELECT version FROM sitechat_migrations ORDER BY version');
    return rows.map((row) => Number(row.version));
  }

  close(): Promise<void> {
    return this.#context.driver.close();
  }
}

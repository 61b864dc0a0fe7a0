import type { ReactiveControllerHost } from 'lit';
import type { UIMessage } from '@sitechat/protocol';
import { AnswerFeedback } from './answer-feedback.js';
import { ChatController } from './chat-controller.js';
import type { ChatWidgetOptions } from './chat-widget-options.js';
import type { ChatSession } from './core/chat-session.js';
import { HttpChatTransport } from './core/http-chat-transport.js';
import { emit } from './events.js';
import type { WidgetStrings } from './i18n/strings.js';
import { whenIdle } from './idle.js';
import { loadMarkdown } from './markdown/markdown-element.js';
import { PersistenceController } from './persistence-controller.js';
import { ServerConnection } from './server-connection.js';
import { type StoredWidget, WidgetStorage } from './storage.js';

/** The element's settings that the conversation reads: its server, its storage, the page context. */
type ConversationHost = ReactiveControllerHost &
  HTMLElement &
  Pick<ChatWidgetOptions, 'transport' | 'endpoint' | 'fetch' | 'token' | 'getToken' | 'storage' | 'storageKey' | 'context'>;

/** What the conversation needs from the element's view. */
export interface ConversationOptions {
  /** The view's part of what is stored (open, draft, unread). */
  state(): Omit<StoredWidget, 'conversation'>;
  /** Put back the view's part of what was stored, on the first connection. */
  restore(stored: StoredWidget): void;
  /** An answer finished (neither stopped nor failed). */
  answered(message: UIMessage): void;
  /** A new answer is on its way: show the bottom of the log, wherever the visitor had scrolled. */
  followAnswer(): void;
  /** The widget's text, for the feedback notices. */
  strings(): WidgetStrings;
}

/**
 * The element's conversation and what keeps it: the session bound to the element (`ChatController`), the
 * server it talks to (`ServerConnection`), its storage across pages and tabs (`PersistenceController`) and
 * the visitor's feedback on answers (`AnswerFeedback`). The element's methods (`send`, `retry`, …) act through
 * it; the element fires `chat-response-end` and `chat-error` from here.
 */
export class Conversation {
  readonly chat: ChatController;
  readonly server: ServerConnection;
  readonly persistence: PersistenceController;
  readonly feedback: AnswerFeedback;
  private readonly host: ConversationHost;
  private readonly options: ConversationOptions;
  private store: WidgetStorage | undefined;
  private configRequested = false;

  constructor(host: ConversationHost, options: ConversationOptions) {
    this.host = host;
    this.options = options;
    this.chat = new ChatController(
      host,
      {
        transport: new HttpChatTransport(),
        onError: (error) => emit(host, 'chat-error', { error }),
        onResponseEnd: ({ message, outcome }) => this.responseEnded(message, outcome),
      },
      () => this.persistence.schedule(),
    );
    this.chat.session.context = () => ({ url: location.href, title: document.title, ...host.context });
    this.server = new ServerConnection(this.chat.session, host, () => this.storage().visitorId());
    this.persistence = new PersistenceController(host, this.chat.session, {
      storage: () => this.storage(),
      state: options.state,
      restore: options.restore,
    });
    this.feedback = new AnswerFeedback(host, {
      api: () => this.server.api,
      features: () => this.server.features,
      conversationId: () => this.session.conversationId ?? this.session.id,
      strings: options.strings,
      save: () => this.persistence.schedule(),
    });
  }

  get session(): ChatSession {
    return this.chat.session;
  }

  send(text: string): Promise<void> {
    this.requestConfig();
    this.feedback.dismissComparison();
    return this.request().send(text);
  }

  /** Ask `text` in place of the last question. */
  edit(text: string): Promise<void> {
    return this.request().edit(text);
  }

  retry(): Promise<void> {
    return this.request().retry();
  }

  regenerate(): Promise<void> {
    this.feedback.regenerating(this.session.messages.at(-1));
    return this.request().regenerate();
  }

  /** Start over; `forget`: delete the server's copy too, where the server keeps conversations. */
  reset(forget: boolean): void {
    const conversationId = this.session.conversationId;
    this.server.connect();
    if (forget && conversationId && this.server.features?.history) void this.server.api.deleteConversation(conversationId).catch(() => {});
    this.session.reset();
    this.feedback.clear();
    this.persistence.save();
  }

  /** Show the `index`th of the answers to the question `message` answers (the "2 / 3" pager). */
  page(message: UIMessage, index: number): void {
    this.session.showAlternative(message, index);
    this.feedback.dismissComparison();
    this.persistence.schedule();
  }

  /**
   * Once, when the panel first shows (never on page load for a closed launcher): fetch `GET /api/config`, and
   * load the markdown renderer (until it has loaded, answers show as plain text).
   */
  requestConfig(): void {
    if (this.configRequested) return;
    this.configRequested = true;
    // Off the path of the first render and paint (a panel restored open on page load must not wait for it).
    whenIdle(() => {
      void this.server.loadConfig();
      void loadMarkdown().then(() => this.host.requestUpdate());
    });
  }

  /** The session, pointed at the current server, about to show a new answer at the bottom of the log. */
  private request(): ChatSession {
    this.server.connect();
    this.options.followAnswer();
    return this.session;
  }

  private storage(): WidgetStorage {
    const { endpoint, storage, storageKey } = this.host;
    let scope = endpoint;
    try {
      scope = new URL(endpoint, location.href).href;
    } catch {
      // Keep the endpoint as written.
    }
    return (this.store ??= new WidgetStorage(storage, scope, storageKey));
  }

  private responseEnded(message: UIMessage | undefined, outcome: 'finished' | 'stopped' | 'error'): void {
    emit(this.host, 'chat-response-end', { message, outcome });
    if (!message || outcome !== 'finished') return;
    this.options.answered(message);
    this.feedback.answered(message);
    this.persistence.schedule();
  }
}

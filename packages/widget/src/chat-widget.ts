import { html, LitElement, type PropertyValues } from 'lit';
import type { UIMessage } from '@sitechat/protocol';
import { AnswerFeedback } from './answer-feedback.js';
import { AutoScrollController } from './auto-scroll-controller.js';
import { ChatController } from './chat-controller.js';
import { styles } from './chat-widget.styles.js';
import { renderComposer } from './composer-view.js';
import { copyText } from './copy-text.js';
import type { ChatError } from './core/chat-error.js';
import type { ChatStatus } from './core/chat-session.js';
import type { ChatTransport } from './core/chat-transport.js';
import { HttpChatTransport } from './core/http-chat-transport.js';
import { textOf } from './core/message-metadata.js';
import { type ServerConfig, type ServerFeatures, SitechatApi } from './core/sitechat-api.js';
import { emit } from './events.js';
import { renderHeader } from './header-view.js';
import { isRtl, loadStrings, resolveLocale } from './i18n/locale.js';
import { en, format, type WidgetStrings } from './i18n/strings.js';
import { renderLauncher } from './launcher-view.js';
import { renderLog } from './log-view.js';
import { highlightLater } from './markdown/highlight-later.js';
import { loadMarkdown } from './markdown/markdown-element.js';
import type { MarkdownOptions } from './markdown/render.js';
import { PersistenceController } from './persistence-controller.js';
import { type StorageKind, type StoredWidget, WidgetStorage } from './storage.js';

/** How much of a finished answer the status region announces. */
const ANNOUNCE_LIMIT = 600;

/** The header that carries the visitor's opaque id on every request. */
export const VISITOR_HEADER = 'x-sitechat-visitor';

const listConverter = (separator: RegExp) => ({
  fromAttribute: (value: string | null): string[] => {
    const text = value?.trim() ?? '';
    if (text.startsWith('[')) {
      try {
        return (JSON.parse(text) as unknown[]).map(String);
      } catch {
        // Not JSON after all: split it.
      }
    }
    return text.split(separator).map((item) => item.trim()).filter(Boolean);
  },
});

/**
 * A chat with the site's assistant: a launcher button that opens a chat panel, or (`mode="inline"`) the panel
 * in the page flow. Answers stream in as they are written, as safe markdown.
 *
 * @example
 * <script src="https://example.com/sitechat.js"></script>
 * <chat-widget title="Ask Acme" welcome="Hi! Ask me anything about Acme." starters="Opening hours?|Do you ship abroad?"></chat-widget>
 *
 * @summary An embeddable, streaming, accessible chat with the site's own assistant.
 * @tag chat-widget
 *
 * @slot launcher - A button of your own to replace the round launcher. It opens and closes the panel.
 *
 * @fires chat-open - The visitor opened the panel. Not fired for `open()`, `toggle()` or setting `expanded`.
 * @fires chat-close - The visitor closed the panel (close button, launcher, Escape). Not fired for `close()`.
 * @fires chat-message-sent - The visitor sent a question. `detail: { message }`. Not fired for `send()`.
 * @fires chat-response-end - An answer ended. `detail: { message, outcome: 'finished' | 'stopped' | 'error' }`.
 * @fires chat-feedback - The visitor rated an answer. `detail: { message, rating: 'up' | 'down', comment? }`.
 * @fires chat-error - An answer failed. `detail: { error }` (a `ChatError`: `code`, `message`, `retryable`).
 *
 * @csspart launcher - The round button that opens and closes the panel (launcher mode).
 * @csspart badge - The number of unread answers on the launcher.
 * @csspart panel - The chat panel.
 * @csspart header - The panel's header: avatar, title, New conversation, close.
 * @csspart avatar - The assistant's picture (`avatar`).
 * @csspart title - The title in the header.
 * @csspart new-button - The header's New conversation button.
 * @csspart close-button - The header's close button (launcher mode).
 * @csspart messages - The scrolling conversation log.
 * @csspart welcome - The welcome message.
 * @csspart starters - The starter prompt chips; each is a `starter`.
 * @csspart message - Every message; also `message-user` or `message-assistant`.
 * @csspart message-text - A message's text (markdown for the assistant).
 * @csspart sources - The numbered list of pages a grounded answer cites (`source-url` parts).
 * @csspart source-link - One cited page: `[n] title`, a link opened in a new tab.
 * @csspart code-block - A fenced code block; its Copy button is `copy-code-button`.
 * @csspart message-actions - The buttons under a message: `copy-button`, `regenerate-button`, `edit-button`, `feedback-up-button`, `feedback-down-button`, `previous-button`, `next-button` (in `pager`).
 * @csspart feedback-form - The optional comment after a rating.
 * @csspart comparison - The "which answer was better?" choice.
 * @csspart typing-indicator - Shown while the answer has not started.
 * @csspart error - The error notice.
 * @csspart retry-button - The error notice's Retry button.
 * @csspart composer - The form at the bottom.
 * @csspart input - The text area.
 * @csspart send-button - The Send button.
 * @csspart stop-button - The Stop button, shown instead of Send while an answer is coming.
 * @csspart disclaimer - The line under the composer (`disclaimer`).
 *
 * @cssproperty [--sitechat-accent-color=#2563eb] - Launcher, header, the visitor's messages, buttons.
 * @cssproperty [--sitechat-accent-text-color=#ffffff] - Text and icons on the accent colour.
 * @cssproperty [--sitechat-background=#ffffff] - The panel's background (dark: #1c1d21).
 * @cssproperty [--sitechat-surface-color=#f1f3f5] - The assistant's messages (dark: #2a2c32).
 * @cssproperty [--sitechat-text-color=#1f2328] - Text (dark: #e8eaed).
 * @cssproperty [--sitechat-muted-color=#59636e] - Secondary text and icons (dark: #a9b1ba).
 * @cssproperty [--sitechat-border-color=#d1d9e0] - Borders (dark: #3d414a).
 * @cssproperty [--sitechat-link-color=#0550ae] - Links in answers (dark: #79c0ff).
 * @cssproperty [--sitechat-error-color=#b42318] - The error notice (dark: #ff8a80).
 * @cssproperty [--sitechat-radius=0.75em] - Corner radius of the panel and messages.
 * @cssproperty [--sitechat-font-family=system-ui, …] - The font.
 * @cssproperty [--sitechat-font-size=16px] - The base size; every other size scales with it.
 * @cssproperty [--sitechat-spacing=1em] - Padding of the log and the gaps between messages scale with it.
 * @cssproperty [--sitechat-panel-width=24em] - The panel's width (launcher mode).
 * @cssproperty [--sitechat-panel-height=36em] - The panel's height.
 * @cssproperty [--sitechat-offset=1.25em] - Distance of the launcher and panel from the viewport's edges.
 * @cssproperty [--sitechat-z-index=2147483000] - Stacking order of the launcher and panel.
 */
export class ChatWidget extends LitElement {
  static override styles = styles;

  // Lit's reactive properties, declared here rather than with decorators: the same accessors, and less code in
  // the one-file build than 30 decorator calls. `state: true` marks private state (no attribute).
  static override properties = {
    endpoint: {},
    title: {},
    placeholder: {},
    mode: { reflect: true },
    expanded: { type: Boolean, reflect: true, attribute: 'open' },
    theme: { reflect: true },
    position: { reflect: true },
    locale: {},
    welcome: {},
    starters: { converter: listConverter(/\|/) },
    disclaimer: {},
    assistantName: { attribute: 'assistant-name' },
    avatar: {},
    imageOrigins: { attribute: 'image-origins', converter: listConverter(/\s+/) },
    storage: {},
    storageKey: { attribute: 'storage-key' },
    token: {},
    getToken: { attribute: false },
    context: { attribute: false },
    strings: { attribute: false },
    transport: { attribute: false },
    fetch: { attribute: false },
    draft: { state: true },
    editing: { state: true },
    catalogue: { state: true },
    features: { state: true },
    unread: { state: true },
    announcement: { state: true },
    copiedId: { state: true },
    language: { state: true },
  };

  /** The chat endpoint (a UI message stream server). `config`, `feedback`, … are its siblings. */
  endpoint = '/api/chat';

  /**
   * The header title and the panel's accessible name. Empty: "Chat", translated.
   *
   * A `title` attribute would also make the browser show a tooltip over every part of the widget, so the
   * attribute is read into this property and then removed from the element; `title` stays readable and
   * writable as a property, which sets no attribute.
   */
  override title = '';

  /** The composer's placeholder. Empty: "Ask a question…", translated. */
  placeholder = '';

  /** `launcher`: a round button fixed at a bottom corner opens the panel. `inline`: the panel sits in the page, always open. */
  mode: 'launcher' | 'inline' = 'launcher';

  /**
   * Whether the panel is open (launcher mode), reflected as the `open` attribute. The property has another
   * name because `open()` is the method that opens the panel.
   */
  expanded = false;

  /** `auto` follows the visitor's system (`prefers-color-scheme`); `light` or `dark` fix it. */
  theme: 'auto' | 'light' | 'dark' = 'auto';

  /** The corner of the launcher and panel. */
  position: 'right' | 'left' = 'right';

  /** The language of the widget's own text (`de`, `ja-JP`, …). Empty: the page's `<html lang>`. */
  locale = '';

  /** A first message from the assistant, shown before the visitor asks anything (markdown). */
  welcome = '';

  /** Questions offered as chips while the conversation is empty: a JSON array, or `|`-separated. */
  starters: string[] = [];

  /** A line under the composer. The attribute without a value shows "Answers are written by AI and can be wrong.", translated. */
  disclaimer: string | undefined;

  /** The assistant's name, shown with its answers to screen readers and beside the avatar. */
  assistantName = '';

  /** The URL of the assistant's picture, shown in the header. */
  avatar = '';

  /** Origins whose images answers may show (`https://cdn.example.com`, space-separated). Others show as links. */
  imageOrigins: string[] = [];

  /** Where the conversation is kept across pages and reloads: `local` (default), `session`, or `none`. */
  storage: StorageKind = 'local';

  /** A name for the stored conversation, for two widgets on one site that talk to the same server. */
  storageKey = '';

  /** A signed visitor token from your backend, sent as `Authorization: Bearer …`. */
  token = '';

  /** Returns a fresh visitor token before each request (instead of `token`). */
  getToken: (() => string | Promise<string>) | undefined;

  /**
   * Sent with each question as the request's `context`: `{ url, title }` of the page, plus these fields.
   * Set it to tell the assistant what the visitor is looking at (a product id, the cart, the plan).
   */
  context: Record<string, unknown> | undefined;

  /** Replace some of the widget's own text (`{ placeholder: '…' }`), in any language. */
  strings: Partial<WidgetStrings> | undefined;

  /** A transport to use instead of HTTP to `endpoint` (tests, custom back ends). */
  transport: ChatTransport | undefined;

  /** A `fetch` for every request the widget makes (tests, instrumentation). */
  fetch: typeof globalThis.fetch | undefined;

  private draft = '';
  private editing = false;
  private catalogue: WidgetStrings = en;
  private features: ServerFeatures | undefined;
  private unread = 0;
  private announcement = '';
  private copiedId: string | undefined;
  private language = 'en';

  private get input(): HTMLTextAreaElement | null {
    return this.find('.input');
  }

  private get launcher(): HTMLElement | null {
    return this.find('.launcher');
  }

  private get panel(): HTMLElement | null {
    return this.find('.panel');
  }

  private get log(): HTMLElement | null {
    return this.find('.messages');
  }

  private find<T extends HTMLElement>(selector: string): T | null {
    return this.renderRoot.querySelector?.<T>(selector) ?? null;
  }

  private readonly chat = new ChatController(
    this,
    {
      transport: new HttpChatTransport(),
      onError: (error) => emit(this, 'chat-error', { error }),
      onResponseEnd: ({ message, outcome }) => this.responseEnded(message, outcome),
    },
    () => this.persistence.schedule(),
  );
  private readonly persistence = new PersistenceController(this, this.chat.session, {
    storage: () => this.storageFor(),
    state: () => ({ open: this.expanded, draft: this.draft, unread: this.unread }),
    restore: (stored) => this.restore(stored),
  });
  private readonly feedback = new AnswerFeedback(this, {
    api: () => this.api,
    features: () => this.features,
    conversationId: () => this.chat.session.conversationId ?? this.chat.session.id,
    strings: () => this.text,
    save: () => this.persistence.schedule(),
  });
  private readonly autoScroll = new AutoScrollController(this, () => this.log);
  private api = new SitechatApi();
  private store: WidgetStorage | undefined;
  private restoreFocus = false;
  private configRequested = false;
  private markdownOptions!: MarkdownOptions;
  private langObserver: MutationObserver | undefined;
  /** The welcome message's key for its markdown view (messages are their own keys). */
  private readonly welcomeKey = {};

  constructor() {
    super();
    this.addEventListener('keydown', this.onKeydown);
    this.chat.session.context = this.requestContext;
  }

  /** The conversation as shown, oldest first. Read-only. */
  get messages(): readonly UIMessage[] {
    return this.chat.session.messages;
  }

  /** `ready`, `submitted` (waiting for the answer), `streaming` (the answer is arriving) or `error`. */
  get status(): ChatStatus {
    return this.chat.session.status;
  }

  /** Why the last answer failed, while `status` is `error`. */
  get error(): ChatError | undefined {
    return this.chat.session.error;
  }

  /** The server's id for this conversation, once it has named one. */
  get conversationId(): string | undefined {
    return this.chat.session.conversationId;
  }

  /**
   * Open the panel: `el.open()`. Emits nothing. Assigning a boolean (`el.open = true`, which is what
   * frameworks do with an `open` attribute) sets `expanded` instead of replacing the method.
   */
  get open(): () => void {
    return this.openPanel;
  }

  set open(value: boolean) {
    this.expanded = Boolean(value);
  }

  /** The same as `open()` (the name the first versions used). */
  show(): void {
    this.expanded = true;
  }

  /** Close the panel. Emits nothing. */
  close(): void {
    this.expanded = false;
  }

  /** Open the panel if it is closed, close it if it is open. Emits nothing. */
  toggle(): void {
    this.expanded = !this.expanded;
  }

  /**
   * Ask `text` as if the visitor had typed it. Resolves when the answer has ended; failures show in the
   * widget (and fire `chat-error`) rather than reject. Emits no `chat-message-sent`.
   */
  send(text: string): Promise<void> {
    this.connect();
    this.requestConfig();
    this.autoScroll.stickToBottom();
    this.feedback.dismissComparison();
    return this.chat.session.send(text);
  }

  /** Stop the answer that is arriving, keeping what has arrived. */
  stop(): Promise<void> {
    return this.chat.session.stop();
  }

  /** Ask the last question again, replacing a failed answer. */
  retry(): Promise<void> {
    this.connect();
    this.autoScroll.stickToBottom();
    return this.chat.session.retry();
  }

  /** Ask the last question again, keeping the current answer as an alternative ("2 / 2"). */
  regenerate(): Promise<void> {
    const session = this.chat.session;
    this.feedback.regenerating(session.messages.at(-1));
    this.autoScroll.stickToBottom();
    this.connect();
    return session.regenerate();
  }

  /**
   * Start a new conversation: the current one is stopped and forgotten here (the server keeps its copy).
   * With `{ forget: true }` the server's copy is deleted too, where the server stores conversations.
   */
  reset(options: { forget?: boolean } = {}): void {
    const conversationId = this.chat.session.conversationId;
    this.connect();
    if (options.forget && conversationId && this.features?.history) void this.api.deleteConversation(conversationId).catch(() => {});
    this.chat.session.reset();
    this.draft = '';
    this.editing = false;
    this.feedback.clear();
    this.persistence.save();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.locale) {
      this.langObserver = new MutationObserver(() => this.requestUpdate('locale'));
      this.langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.langObserver?.disconnect();
  }

  override attributeChangedCallback(name: string, oldValue: string | null, value: string | null): void {
    if (name === 'title') {
      // Keep the value, drop the attribute (see `title`). The `null` that our own removal reports is ignored.
      if (value === null) return;
      super.attributeChangedCallback(name, oldValue, value);
      this.removeAttribute('title');
      return;
    }
    super.attributeChangedCallback(name, oldValue, value);
  }

  protected override willUpdate(changed: PropertyValues): void {
    this.connect();
    if (changed.has('locale') || changed.has('strings') || !this.hasUpdated) {
      const locale = resolveLocale(this.locale || document.documentElement.lang);
      if (locale !== this.language || changed.has('strings') || !this.hasUpdated) {
        void loadStrings(locale).then((catalogue) => {
          if (resolveLocale(this.locale || document.documentElement.lang) !== locale) return;
          this.language = locale;
          this.catalogue = catalogue;
        });
      }
    }
    if (changed.has('catalogue') || changed.has('strings') || changed.has('imageOrigins') || !this.markdownOptions) {
      const strings = this.text;
      this.markdownOptions = {
        baseUrl: document.baseURI,
        imageOrigins: this.imageOrigins,
        labels: { copy: strings.copy, copied: strings.copied, image: strings.image },
        highlight: highlightLater,
      };
    }
    if (changed.has('expanded') && this.expanded) {
      this.unread = 0;
      this.requestConfig();
    }
    if (changed.get('expanded') === true && !this.expanded) this.restoreFocus = this.focusIsInPanel();
    // Not on the first update: nothing has changed since the element read its storage.
    if (changed.has('expanded') && this.hasUpdated) this.persistence.schedule();
  }

  protected override firstUpdated(): void {
    if (this.mode === 'inline') this.requestConfig();
  }

  protected override updated(changed: PropertyValues): void {
    if (this.mode !== 'launcher') return;
    const custom = this.customLauncher;
    if (custom) {
      // A launcher of the host's own gets the state a screen reader needs, and the unread count to show
      // (`[slot="launcher"][data-unread]::after { content: attr(data-unread) }`).
      custom.setAttribute('aria-expanded', String(this.expanded));
      if (this.unread > 0) custom.dataset.unread = String(this.unread);
      else delete custom.dataset.unread;
    }
    // `undefined` as the old value is the first update: an initially open panel does not take the focus.
    if (changed.get('expanded') === undefined) return;
    if (this.expanded) this.input?.focus();
    else if (this.restoreFocus) (custom ?? this.launcher)?.focus();
    this.restoreFocus = false;
  }

  private get customLauncher(): HTMLElement | undefined {
    return this.querySelector<HTMLElement>(':scope > [slot="launcher"]') ?? undefined;
  }

  /** The catalogue with the host's overrides. */
  private get text(): WidgetStrings {
    return this.strings ? { ...this.catalogue, ...this.strings } : this.catalogue;
  }

  protected override render() {
    const inline = this.mode === 'inline';
    const strings = this.text;
    const title = this.title || strings.title;
    const dir = isRtl(this.language) ? 'rtl' : 'ltr';
    const feedback = this.feedback;
    return html`
      ${inline
        ? ''
        : renderLauncher({
            label: this.unread > 0 ? format(strings.unread, { title, count: this.unread }) : title,
            expanded: this.expanded,
            unread: this.unread,
            dir,
            onClick: this.onLauncherClick,
          })}
      <div
        id="panel"
        class="panel"
        part="panel"
        role=${inline ? 'region' : 'dialog'}
        aria-label=${title}
        lang=${this.language}
        dir=${dir}
        ?hidden=${!inline && !this.expanded}
      >
        ${renderHeader({
          strings,
          title,
          avatar: this.avatar,
          canStartOver: this.messages.length > 0,
          closable: !inline,
          onNew: this.onNewClick,
          onClose: this.onCloseClick,
        })}
        ${renderLog(
          {
            session: this.chat.session,
            strings,
            markdownOptions: this.markdownOptions,
            assistantName: this.assistantName,
            copiedId: this.copiedId,
            commentFor: feedback.commentFor,
            notice: feedback.notice,
            comparison: feedback.comparison,
            copy: this.copyMessage,
            regenerate: this.onRegenerateClick,
            edit: this.editMessage,
            page: this.pageAnswers,
            rate: feedback.rate,
            comment: feedback.comment,
            closeComment: feedback.closeComment,
            compare: feedback.compare,
          },
          { welcome: this.welcome, welcomeKey: this.welcomeKey, starters: this.starters, onStarter: this.onStarter, onRetry: this.onRetryClick },
        )}
        ${renderComposer({
          strings,
          draft: this.draft,
          placeholder: this.placeholder || strings.placeholder,
          editing: this.editing,
          busy: this.chat.session.busy,
          disclaimer: this.disclaimer === undefined ? undefined : this.disclaimer || strings.disclaimer,
          onInput: this.onInput,
          onKeydown: this.onInputKeydown,
          onSubmit: this.onSubmit,
          onStop: this.onStopClick,
          onCancelEdit: this.cancelEdit,
        })}
        <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      </div>
    `;
  }

  /**
   * Point the session and the API at the current `transport`, `endpoint` and `fetch`. Called before every
   * request as well as on update, so that `el.transport = x; el.send('…')` uses `x` at once.
   */
  private connect(): void {
    const { transport, endpoint, fetch } = this;
    const current = this.connection;
    if (current && current[0] === transport && current[1] === endpoint && current[2] === fetch) return;
    this.connection = [transport, endpoint, fetch];
    this.chat.session.transport = transport ?? new HttpChatTransport({ api: endpoint, headers: this.requestHeaders, fetch });
    this.api = new SitechatApi({ endpoint, headers: this.requestHeaders, fetch });
  }

  private connection: [ChatTransport | undefined, string, typeof globalThis.fetch | undefined] | undefined;

  private readonly openPanel = (): void => {
    this.expanded = true;
  };

  private readonly requestHeaders = async (): Promise<Record<string, string>> => {
    const headers: Record<string, string> = { [VISITOR_HEADER]: this.storageFor().visitorId() };
    const token = this.getToken ? await this.getToken() : this.token;
    if (token) headers.authorization = `Bearer ${token}`;
    return headers;
  };

  private requestContext = (): Record<string, unknown> => ({ url: location.href, title: document.title, ...this.context });

  private storageFor(): WidgetStorage {
    let scope = this.endpoint;
    try {
      scope = new URL(this.endpoint, location.href).href;
    } catch {
      // Keep the endpoint as written.
    }
    return (this.store ??= new WidgetStorage(this.storage, scope, this.storageKey));
  }

  /** Put back what the visitor had on the previous page (or before the reload); the conversation is loaded already. */
  private restore(stored: StoredWidget): void {
    this.draft = stored.draft ?? '';
    this.unread = stored.unread ?? 0;
    if (this.mode === 'launcher') this.expanded = stored.open === true;
  }

  /**
   * Once, when the panel first shows (never on page load for a closed launcher): fetch `GET /api/config`, and
   * load the markdown renderer (until it has loaded, answers show as plain text).
   */
  private requestConfig(): void {
    if (this.configRequested) return;
    this.configRequested = true;
    // Off the path of the first render and paint (a panel restored open on page load must not wait for it):
    // when the main thread is idle, or within a second.
    const later = (globalThis as { requestIdleCallback?: (callback: () => void, options: { timeout: number }) => void }).requestIdleCallback;
    const request = () => {
      this.connect();
      void this.api.config().then(this.configured);
      void loadMarkdown().then(() => this.requestUpdate());
    };
    if (later) later(request, { timeout: 1000 });
    else setTimeout(request, 50);
  }

  private readonly configured = (config: ServerConfig): void => {
    this.features = config.features;
    const session = this.chat.session;
    session.serverHistory = config.features.history;
    if (config.features.history && session.conversationId) void this.loadServerCopy(session.conversationId);
  };

  /** With a store on the server, its copy of the conversation wins over the one in this browser. */
  private async loadServerCopy(conversationId: string): Promise<void> {
    try {
      const copy = await this.api.conversation(conversationId);
      const session = this.chat.session;
      if (!copy || session.busy || session.conversationId !== conversationId) return;
      session.load({ id: session.id, conversationId, messages: copy.messages, active: session.snapshot().active });
    } catch {
      // Unreachable or refused: the local copy stays.
    }
  }

  private responseEnded(message: UIMessage | undefined, outcome: 'finished' | 'stopped' | 'error'): void {
    emit(this, 'chat-response-end', { message, outcome });
    if (!message || outcome !== 'finished') return;
    if (this.mode === 'launcher' && !this.expanded) this.unread++;
    // The finished answer, once, for screen readers (the log is silent while it streams): its rendered text,
    // without the markdown syntax. A very long answer is announced by its beginning; the rest is in the log.
    void this.updateComplete.then(() => {
      const rendered = [...(this.log?.querySelectorAll('[part~="message-assistant"] .markdown') ?? [])].at(-1);
      const text = rendered?.textContent ?? textOf(message);
      this.announcement = `${this.assistantName || this.text.assistantLabel} ${text.length > ANNOUNCE_LIMIT ? `${text.slice(0, ANNOUNCE_LIMIT)}…` : text}`;
    });
    this.feedback.answered(message);
    this.persistence.schedule();
  }

  private setOpenByVisitor(open: boolean): void {
    if (this.expanded === open) return;
    this.expanded = open;
    emit(this, open ? 'chat-open' : 'chat-close', {});
  }

  private focusIsInPanel(): boolean {
    const active = this.shadowRoot?.activeElement;
    return active != null && this.panel?.contains(active) === true;
  }

  private sendAsVisitor(text: string): void {
    const session = this.chat.session;
    if (text.trim() === '' || session.busy) return;
    if (this.editing) {
      this.editing = false;
      this.autoScroll.stickToBottom();
      this.connect();
      void session.edit(text);
    } else {
      void this.send(text);
    }
    // `send`/`edit` add the question synchronously, so it is the last message now.
    const message = session.messages.at(-1);
    if (message) emit(this, 'chat-message-sent', { message });
    this.input?.focus();
  }

  private submitDraft(): void {
    if (this.draft.trim() === '' || this.chat.session.busy) return;
    const text = this.draft;
    this.draft = '';
    this.sendAsVisitor(text);
    this.persistence.schedule();
  }

  private readonly copyMessage = (message: UIMessage): void => {
    void copyText(textOf(message)).then(() => {
      this.copiedId = message.id;
      setTimeout(() => {
        if (this.copiedId === message.id) this.copiedId = undefined;
      }, 1500);
    });
  };

  private readonly editMessage = (message: UIMessage): void => {
    this.editing = true;
    this.draft = textOf(message);
    this.input?.focus();
  };

  private readonly cancelEdit = (): void => {
    this.editing = false;
    this.draft = '';
    this.input?.focus();
  };

  private readonly pageAnswers = (message: UIMessage, index: number): void => {
    this.chat.session.showAlternative(message, index);
    this.feedback.dismissComparison();
    this.persistence.schedule();
  };

  private readonly onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || event.isComposing || this.mode !== 'launcher' || !this.expanded) return;
    event.preventDefault();
    // Handled here: the page's own Escape handlers (a modal around the widget, say) should not also act.
    event.stopPropagation();
    this.setOpenByVisitor(false);
  };

  private readonly onLauncherClick = (): void => this.setOpenByVisitor(!this.expanded);

  private readonly onCloseClick = (): void => this.setOpenByVisitor(false);

  private readonly onNewClick = (): void => {
    this.reset();
    this.input?.focus();
  };

  private readonly onStarter = (text: string): void => this.sendAsVisitor(text);

  private readonly onInput = (event: Event): void => {
    this.draft = (event.target as HTMLTextAreaElement).value;
    this.persistence.schedule();
  };

  private readonly onInputKeydown = (event: KeyboardEvent): void => {
    // Enter sends, Shift+Enter is a new line; Enter that confirms an IME composition (Japanese, Chinese) is neither.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    this.submitDraft();
  };

  private readonly onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    this.submitDraft();
    // The Send button gives way to Stop: keep the focus where the visitor types.
    this.input?.focus();
  };

  private readonly onStopClick = (): void => {
    void this.stop();
    this.input?.focus();
  };

  private readonly onRetryClick = (): void => {
    void this.retry();
    this.input?.focus();
  };

  private readonly onRegenerateClick = (): void => {
    void this.regenerate();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'chat-widget': ChatWidget;
  }
}

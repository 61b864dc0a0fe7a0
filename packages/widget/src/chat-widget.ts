import { html, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { UIMessage } from '@sitechat/protocol';
import { AnswerFeedback } from './answer-feedback.js';
import { AutoScrollController } from './auto-scroll-controller.js';
import { ChatController } from './chat-controller.js';
import { ChatWidgetOptions } from './chat-widget-options.js';
import { styles } from './chat-widget.styles.js';
import { renderComposer } from './composer-view.js';
import { copyText } from './copy-text.js';
import type { ChatError } from './core/chat-error.js';
import type { ChatStatus } from './core/chat-session.js';
import { HttpChatTransport } from './core/http-chat-transport.js';
import { textOf } from './core/message-metadata.js';
import { emit } from './events.js';
import { renderHeader } from './header-view.js';
import { whenIdle } from './idle.js';
import { isRtl, loadStrings, resolveLocale } from './i18n/locale.js';
import { en, format, type WidgetStrings } from './i18n/strings.js';
import { renderLauncher } from './launcher-view.js';
import { renderLog } from './log-view.js';
import { highlightLater } from './markdown/highlight-later.js';
import { loadMarkdown } from './markdown/markdown-element.js';
import type { MarkdownOptions } from './markdown/render.js';
import { PersistenceController } from './persistence-controller.js';
import { ServerConnection } from './server-connection.js';
import { type StoredWidget, WidgetStorage } from './storage.js';

/** How much of a finished answer the status region announces. */
const ANNOUNCE_LIMIT = 600;


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
export class ChatWidget extends ChatWidgetOptions {
  static override styles = styles;

  // Its private state, as Lit reactive properties without attributes (see `ChatWidgetOptions`).
  static override properties: PropertyDeclarations = {
    draft: { state: true },
    editing: { state: true },
    catalogue: { state: true },
    unread: { state: true },
    announcement: { state: true },
    copiedId: { state: true },
    language: { state: true },
  };

  private draft = '';
  private editing = false;
  private catalogue: WidgetStrings = en;
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
  private readonly server = new ServerConnection(this.chat.session, this, () => this.storageFor().visitorId());
  private readonly persistence = new PersistenceController(this, this.chat.session, {
    storage: () => this.storageFor(),
    state: () => ({ open: this.expanded, draft: this.draft, unread: this.unread }),
    restore: (stored) => this.restore(stored),
  });
  private readonly feedback = new AnswerFeedback(this, {
    api: () => this.server.api,
    features: () => this.server.features,
    conversationId: () => this.chat.session.conversationId ?? this.chat.session.id,
    strings: () => this.text,
    save: () => this.persistence.schedule(),
  });
  private readonly autoScroll = new AutoScrollController(this, () => this.log);
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
    this.server.connect();
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
    this.server.connect();
    this.autoScroll.stickToBottom();
    return this.chat.session.retry();
  }

  /** Ask the last question again, keeping the current answer as an alternative ("2 / 2"). */
  regenerate(): Promise<void> {
    const session = this.chat.session;
    this.feedback.regenerating(session.messages.at(-1));
    this.autoScroll.stickToBottom();
    this.server.connect();
    return session.regenerate();
  }

  /**
   * Start a new conversation: the current one is stopped and forgotten here (the server keeps its copy).
   * With `{ forget: true }` the server's copy is deleted too, where the server stores conversations.
   */
  reset(options: { forget?: boolean } = {}): void {
    const conversationId = this.chat.session.conversationId;
    this.server.connect();
    if (options.forget && conversationId && this.server.features?.history) void this.server.api.deleteConversation(conversationId).catch(() => {});
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

  protected override willUpdate(changed: PropertyValues): void {
    this.server.connect();
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

  private readonly openPanel = (): void => {
    this.expanded = true;
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
    // Off the path of the first render and paint (a panel restored open on page load must not wait for it).
    whenIdle(() => {
      void this.server.loadConfig();
      void loadMarkdown().then(() => this.requestUpdate());
    });
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
      this.server.connect();
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

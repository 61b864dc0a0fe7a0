import { html, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { UIMessage } from '@sitechat/protocol';
import { AnswerAnnouncer } from './answer-announcer.js';
import { AutoScrollController } from './auto-scroll-controller.js';
import { ChatWidgetOptions } from './chat-widget-options.js';
import { styles } from './chat-widget.styles.js';
import { Composer } from './composer.js';
import { renderComposer } from './composer-view.js';
import { Conversation } from './conversation.js';
import { conversationStyles } from './conversation.styles.js';
import type { ChatError } from './core/chat-error.js';
import type { ChatStatus } from './core/chat-session.js';
import { emit } from './events.js';
import { renderHeader } from './header-view.js';
import { format } from './i18n/strings.js';
import { renderLauncher } from './launcher-view.js';
import { LocaleController } from './locale-controller.js';
import { renderLog } from './log-view.js';
import { MessageActions } from './message-actions.js';
import { PanelController } from './panel-controller.js';
import type { StoredWidget } from './storage.js';

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
  static override styles = [styles, ...conversationStyles];

  // Its private state, as Lit reactive properties without attributes (see `ChatWidgetOptions`).
  static override properties: PropertyDeclarations = {
    unread: { state: true },
  };

  private unread = 0;

  private readonly conversation: Conversation = new Conversation(this, {
    state: () => ({ open: this.expanded, draft: this.composer.draft, unread: this.unread }),
    restore: (stored) => this.restore(stored),
    answered: (message) => this.answered(message),
    followAnswer: () => this.autoScroll.stickToBottom(),
    strings: () => this.language.text,
  });
  private readonly language = new LocaleController(this);
  private readonly panel = new PanelController(this, {
    input: () => this.input,
    launcher: () => this.find('.launcher'),
    panel: () => this.find('.panel'),
    unread: () => this.unread,
  });
  private readonly composer: Composer = new Composer(this, {
    input: () => this.input,
    busy: () => this.conversation.session.busy,
    submit: (text, editing) => this.submit(text, editing),
    save: () => this.conversation.persistence.schedule(),
    stop: () => void this.stop(),
  });
  private readonly actions = new MessageActions(this, this.conversation, this.composer);
  private readonly announcer = new AnswerAnnouncer(this, () => this.log);
  private readonly autoScroll = new AutoScrollController(this, () => this.log);
  /** The welcome message's key for its markdown view (messages are their own keys). */
  private readonly welcomeKey = {};

  /** The conversation as shown, oldest first. Read-only. */
  get messages(): readonly UIMessage[] {
    return this.conversation.session.messages;
  }

  /** `ready`, `submitted` (waiting for the answer), `streaming` (the answer is arriving) or `error`. */
  get status(): ChatStatus {
    return this.conversation.session.status;
  }

  /** Why the last answer failed, while `status` is `error`. */
  get error(): ChatError | undefined {
    return this.conversation.session.error;
  }

  /** The server's id for this conversation, once it has named one. */
  get conversationId(): string | undefined {
    return this.conversation.session.conversationId;
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
    return this.conversation.send(text);
  }

  /** Stop the answer that is arriving, keeping what has arrived. */
  stop(): Promise<void> {
    return this.conversation.session.stop();
  }

  /** Ask the last question again, replacing a failed answer. */
  retry(): Promise<void> {
    return this.conversation.retry();
  }

  /** Ask the last question again, keeping the current answer as an alternative ("2 / 2"). */
  regenerate(): Promise<void> {
    return this.conversation.regenerate();
  }

  /**
   * Start a new conversation: the current one is stopped and forgotten here (the server keeps its copy).
   * With `{ forget: true }` the server's copy is deleted too, where the server stores conversations.
   */
  reset(options: { forget?: boolean } = {}): void {
    this.composer.set('');
    this.conversation.reset(options.forget === true);
  }

  protected override willUpdate(changed: PropertyValues): void {
    this.conversation.server.connect();
    if (changed.has('expanded') && this.expanded) {
      this.unread = 0;
      this.conversation.requestConfig();
    }
    // Not on the first update: nothing has changed since the element read its storage.
    if (changed.has('expanded') && this.hasUpdated) this.conversation.persistence.schedule();
  }

  protected override firstUpdated(): void {
    if (this.mode === 'inline') this.conversation.requestConfig();
  }

  protected override render() {
    const inline = this.mode === 'inline';
    const strings = this.language.text;
    const title = this.title || strings.title;
    const { dir } = this.language;
    const { session, feedback } = this.conversation;
    return html`
      ${inline
        ? ''
        : renderLauncher({
            label: this.unread > 0 ? format(strings.unread, { title, count: this.unread }) : title,
            expanded: this.expanded,
            unread: this.unread,
            dir,
            onClick: this.panel.toggleByVisitor,
          })}
      <div
        id="panel"
        class="panel"
        part="panel"
        role=${inline ? 'region' : 'dialog'}
        aria-label=${title}
        lang=${this.language.language}
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
          onClose: this.panel.closeByVisitor,
        })}
        ${renderLog(
          {
            session,
            strings,
            markdownOptions: this.language.markdownOptions,
            assistantName: this.assistantName,
            feedback,
            actions: this.actions,
          },
          { welcome: this.welcome, welcomeKey: this.welcomeKey, starters: this.starters, onStarter: this.composer.sendAsVisitor, onRetry: this.onRetryClick },
        )}
        ${renderComposer({
          strings,
          composer: this.composer,
          placeholder: this.placeholder || strings.placeholder,
          busy: session.busy,
          disclaimer: this.disclaimer === undefined ? undefined : this.disclaimer || strings.disclaimer,
        })}
        <div class="visually-hidden" role="status" aria-live="polite">${this.announcer.text}</div>
      </div>
    `;
  }

  private get input(): HTMLTextAreaElement | null {
    return this.find('.input');
  }

  private get log(): HTMLElement | null {
    return this.find('.messages');
  }

  private find<T extends HTMLElement>(selector: string): T | null {
    return this.renderRoot.querySelector?.<T>(selector) ?? null;
  }

  /** Put back what the visitor had on the previous page (or before the reload); the conversation is loaded already. */
  private restore(stored: StoredWidget): void {
    this.composer.set(stored.draft ?? '');
    this.unread = stored.unread ?? 0;
    if (this.mode === 'launcher') this.expanded = stored.open === true;
  }

  private answered(message: UIMessage): void {
    if (this.mode === 'launcher' && !this.expanded) this.unread++;
    this.announcer.announce(message, this.assistantName || this.language.text.assistantLabel);
  }

  /** The composer sends: a new question, or (`editing`) one in place of the last. */
  private submit(text: string, editing: boolean): void {
    void (editing ? this.conversation.edit(text) : this.send(text));
    // Both add the question synchronously, so it is the last message now.
    const message = this.messages.at(-1);
    if (message) emit(this, 'chat-message-sent', { message });
  }

  private readonly openPanel = (): void => {
    this.expanded = true;
  };

  private readonly onNewClick = (): void => {
    this.reset();
    this.input?.focus();
  };

  private readonly onRetryClick = (): void => {
    void this.retry();
    this.input?.focus();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'chat-widget': ChatWidget;
  }
}

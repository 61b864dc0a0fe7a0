import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import type { UIMessage } from '@sitechat/protocol';
import { AutoScrollController } from './auto-scroll-controller.js';
import { ChatController } from './chat-controller.js';
import { styles } from './chat-widget.styles.js';
import type { ChatError } from './core/chat-error.js';
import type { ChatStatus } from './core/chat-session.js';
import type { ChatTransport } from './core/chat-transport.js';
import { HttpChatTransport } from './core/http-chat-transport.js';
import { emit } from './events.js';
import { chatIcon, closeIcon, sendIcon, stopIcon } from './icons.js';
import { renderMessageContent } from './message-content.js';
import { defaultStrings } from './strings.js';

/**
 * A chat with the site's assistant: a launcher button that opens a chat panel, or (`mode="inline"`) the panel
 * in the page flow. Answers stream in as they are written.
 *
 * @example
 * <script src="https://example.com/sitechat.js"></script>
 * <chat-widget title="Ask Acme" endpoint="/api/chat"></chat-widget>
 *
 * @summary An embeddable, streaming, accessible chat with the site's own assistant.
 * @tag chat-widget
 *
 * @fires chat-open - The visitor opened the panel. Not fired for `show()`, `toggle()` or setting `open`.
 * @fires chat-close - The visitor closed the panel (close button, launcher, Escape). Not fired for `close()`.
 * @fires chat-message-sent - The visitor sent a question. `detail: { message }`. Not fired for `send()`.
 * @fires chat-response-end - An answer ended. `detail: { message, outcome: 'finished' | 'stopped' | 'error' }`.
 * @fires chat-error - An answer failed. `detail: { error }` (a `ChatError`: `code`, `message`, `retryable`).
 *
 * @csspart launcher - The round button that opens and closes the panel (launcher mode).
 * @csspart panel - The chat panel.
 * @csspart header - The panel's header, with the title and the close button.
 * @csspart title - The title in the header.
 * @csspart close-button - The header's close button (launcher mode).
 * @csspart messages - The scrolling conversation log.
 * @csspart message - Every message; also `message-user` or `message-assistant`.
 * @csspart message-text - A block of message text.
 * @csspart typing-indicator - Shown while the answer has not started.
 * @csspart error - The error notice.
 * @csspart retry-button - The error notice's Retry button.
 * @csspart composer - The form at the bottom.
 * @csspart input - The text area.
 * @csspart send-button - The Send button.
 * @csspart stop-button - The Stop button, shown instead of Send while an answer is coming.
 *
 * @cssproperty [--sitechat-accent-color=#2563eb] - Launcher, header, the visitor's messages, buttons.
 * @cssproperty [--sitechat-accent-text-color=#ffffff] - Text and icons on the accent colour.
 * @cssproperty [--sitechat-background=#ffffff] - The panel's background (dark scheme: #1c1d21).
 * @cssproperty [--sitechat-surface-color=#f1f3f5] - The assistant's messages (dark scheme: #2a2c32).
 * @cssproperty [--sitechat-text-color=#1f2328] - Text (dark scheme: #e8eaed).
 * @cssproperty [--sitechat-muted-color=#59636e] - Placeholder and secondary text (dark scheme: #a9b1ba).
 * @cssproperty [--sitechat-border-color=#d1d9e0] - Borders (dark scheme: #3d414a).
 * @cssproperty [--sitechat-error-color=#b42318] - The error notice (dark scheme: #ff8a80).
 * @cssproperty [--sitechat-radius=0.75em] - Corner radius of the panel and messages.
 * @cssproperty [--sitechat-font-family=system-ui, …] - The font.
 * @cssproperty [--sitechat-font-size=16px] - The base size; every other size scales with it.
 * @cssproperty [--sitechat-panel-width=24em] - The panel's width (launcher mode).
 * @cssproperty [--sitechat-panel-height=36em] - The panel's height.
 * @cssproperty [--sitechat-offset=1.25em] - Distance of the launcher and panel from the viewport's edges.
 * @cssproperty [--sitechat-z-index=2147483000] - Stacking order of the launcher and panel.
 */
export class ChatWidget extends LitElement {
  static override styles = styles;

  /** The chat endpoint (a UI message stream server). Ignored when `transport` is set. */
  @property() endpoint = '/api/chat';

  /**
   * The header title and the panel's accessible name. Empty: "Chat".
   *
   * A `title` attribute would also make the browser show a tooltip over every part of the widget, so the
   * attribute is read into this property and then removed from the element; `title` stays readable and
   * writable as a property, which sets no attribute. Frameworks that set `title` as a property (React 19,
   * Vue, Lit) never create the attribute at all.
   */
  @property() override title = '';

  /** The composer's placeholder. Empty: "Ask a question…". */
  @property() placeholder = '';

  /** `launcher`: a round button fixed at the bottom right opens the panel. `inline`: the panel sits in the page, always open. */
  @property({ reflect: true }) mode: 'launcher' | 'inline' = 'launcher';

  /** Whether the panel is open (launcher mode; the inline panel is always open). */
  @property({ type: Boolean, reflect: true }) open = false;

  /** A transport to use instead of HTTP to `endpoint` (tests, custom back ends). */
  @property({ attribute: false }) transport: ChatTransport | undefined;

  @state() private draft = '';

  @query('.input') private input!: HTMLTextAreaElement | null;
  @query('.launcher') private launcher!: HTMLButtonElement | null;
  @query('.panel') private panel!: HTMLElement | null;
  @query('.messages') private log!: HTMLElement | null;

  private readonly strings = defaultStrings;
  private readonly chat = new ChatController(this, {
    transport: new HttpChatTransport(),
    onError: (error) => emit(this, 'chat-error', { error }),
    onResponseEnd: ({ message, outcome }) => emit(this, 'chat-response-end', { message, outcome }),
  });
  private readonly autoScroll = new AutoScrollController(this, () => this.log);
  private restoreFocus = false;

  constructor() {
    super();
    this.addEventListener('keydown', this.onKeydown);
  }

  /** The conversation so far, oldest first. Read-only. */
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

  /** Open the panel (named after `HTMLDialogElement.show()`: an `open()` method would clash with the `open` property). Emits nothing. */
  show(): void {
    this.open = true;
  }

  /** Close the panel. Emits nothing. */
  close(): void {
    this.open = false;
  }

  /** Open the panel if it is closed, close it if it is open. Emits nothing. */
  toggle(): void {
    this.open = !this.open;
  }

  /**
   * Ask `text` as if the visitor had typed it. Resolves when the answer has ended; failures show in the
   * widget (and fire `chat-error`) rather than reject. Emits no `chat-message-sent`.
   */
  send(text: string): Promise<void> {
    this.autoScroll.stickToBottom();
    return this.chat.session.send(text);
  }

  /** Stop the answer that is arriving, keeping what has arrived. */
  stop(): Promise<void> {
    return this.chat.session.stop();
  }

  /** Ask the last question again, replacing its answer. */
  retry(): Promise<void> {
    this.autoScroll.stickToBottom();
    return this.chat.session.retry();
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

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('transport') || changed.has('endpoint')) {
      this.chat.session.transport = this.transport ?? new HttpChatTransport({ api: this.endpoint });
    }
    if (changed.get('open') === true && !this.open) this.restoreFocus = this.focusIsInPanel();
  }

  protected override updated(changed: PropertyValues<this>): void {
    // `undefined` as the old value is the first update: an initially open panel does not take the focus.
    if (this.mode !== 'launcher' || changed.get('open') === undefined) return;
    if (this.open) this.input?.focus();
    else if (this.restoreFocus) this.launcher?.focus();
    this.restoreFocus = false;
  }

  protected override render() {
    const inline = this.mode === 'inline';
    const title = this.title || this.strings.title;
    return html`
      ${inline
        ? nothing
        : html`<button
            class="launcher"
            part="launcher"
            type="button"
            aria-label=${title}
            aria-expanded=${this.open ? 'true' : 'false'}
            aria-controls="panel"
            @click=${this.onLauncherClick}
          >
            ${this.open ? closeIcon : chatIcon}
          </button>`}
      <div
        id="panel"
        class="panel"
        part="panel"
        role=${inline ? 'region' : 'dialog'}
        aria-label=${title}
        ?hidden=${!inline && !this.open}
      >
        <div class="header" part="header">
          <h2 class="title" part="title">${title}</h2>
          ${inline
            ? nothing
            : html`<button class="icon-button" part="close-button" type="button" aria-label=${this.strings.close} @click=${this.onCloseClick}>
                ${closeIcon}
              </button>`}
        </div>
        ${this.renderLog()} ${this.renderComposer()}
      </div>
    `;
  }

  private renderLog() {
    const { messages, status, error, busy } = this.chat.session;
    const last = messages.at(-1);
    const answering = status === 'submitted' || (status === 'streaming' && (last?.role !== 'assistant' || !hasText(last)));
    return html`
      <div class="messages" part="messages" role="log" aria-label=${this.strings.messagesLabel} aria-busy=${busy ? 'true' : 'false'} tabindex="0">
        ${repeat(
          messages,
          (message) => message,
          (message) => html`
            <div class="message ${message.role}" part="message message-${message.role}">
              <span class="visually-hidden">${message.role === 'user' ? this.strings.userLabel : this.strings.assistantLabel}</span>
              ${renderMessageContent(message)}
            </div>
          `,
        )}
        ${answering
          ? html`<div class="typing" part="typing-indicator">
              <span class="dot"></span><span class="dot"></span><span class="dot"></span>
              <span class="visually-hidden">${this.strings.typing}</span>
            </div>`
          : nothing}
        ${status === 'error' && error
          ? html`<div class="error" part="error" role="alert">
              <p>${error.message}</p>
              ${error.retryable
                ? html`<button class="retry-button" part="retry-button" type="button" @click=${this.onRetryClick}>${this.strings.retry}</button>`
                : nothing}
            </div>`
          : nothing}
      </div>
    `;
  }

  private renderComposer() {
    const busy = this.chat.session.busy;
    return html`
      <form class="composer" part="composer" @submit=${this.onSubmit}>
        <textarea
          class="input"
          part="input"
          rows="1"
          aria-label=${this.strings.inputLabel}
          placeholder=${this.placeholder || this.strings.placeholder}
          .value=${live(this.draft)}
          @input=${this.onInput}
          @keydown=${this.onInputKeydown}
        ></textarea>
        ${busy
          ? html`<button class="icon-button" part="stop-button" type="button" aria-label=${this.strings.stop} @click=${this.onStopClick}>
              ${stopIcon}
            </button>`
          : html`<button class="icon-button" part="send-button" type="submit" aria-label=${this.strings.send} ?disabled=${this.draft.trim() === ''}>
              ${sendIcon}
            </button>`}
      </form>
    `;
  }

  private setOpenByVisitor(open: boolean): void {
    if (this.open === open) return;
    this.open = open;
    emit(this, open ? 'chat-open' : 'chat-close', {});
  }

  private focusIsInPanel(): boolean {
    const active = this.shadowRoot?.activeElement;
    return active != null && this.panel?.contains(active) === true;
  }

  private submitDraft(): void {
    const text = this.draft;
    if (text.trim() === '' || this.chat.session.busy) return;
    this.draft = '';
    void this.send(text);
    // `send` adds the question synchronously, so it is the last message now.
    const message = this.chat.session.messages.at(-1);
    if (message) emit(this, 'chat-message-sent', { message });
  }

  private readonly onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || event.isComposing || this.mode !== 'launcher' || !this.open) return;
    event.preventDefault();
    // Handled here: the page's own Escape handlers (a modal around the widget, say) should not also act.
    event.stopPropagation();
    this.setOpenByVisitor(false);
  };

  private readonly onLauncherClick = (): void => this.setOpenByVisitor(!this.open);

  private readonly onCloseClick = (): void => this.setOpenByVisitor(false);

  private readonly onInput = (event: Event): void => {
    this.draft = (event.target as HTMLTextAreaElement).value;
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
}

function hasText(message: UIMessage): boolean {
  return message.parts.some((part) => part.type === 'text' && (part as { text: string }).text !== '');
}

declare global {
  interface HTMLElementTagNameMap {
    'chat-widget': ChatWidget;
  }
}

import type { ReactiveControllerHost } from 'lit';

/** What the composer needs from the element. */
export interface ComposerOptions {
  /** The text field, to keep the focus where the visitor types. */
  input(): HTMLTextAreaElement | null;
  /** An answer is on its way: nothing can be sent. */
  busy(): boolean;
  /** Send `text` as the visitor's question; `editing`: it replaces the last question. */
  submit(text: string, editing: boolean): void;
  /** The draft is kept with the conversation: store it soon. */
  save(): void;
  /** The Stop button. */
  stop(): void;
}

/**
 * The visitor's draft and what the composer does with it: Enter sends (Shift+Enter is a new line), Send, Stop,
 * and Edit, which puts the last question back in the text field to be sent in its place.
 */
export class Composer {
  /** The text field's content, kept across pages (see `PersistenceController`). */
  draft = '';
  /** The draft replaces the last question (Edit). */
  editing = false;
  private readonly host: ReactiveControllerHost;
  private readonly options: ComposerOptions;

  constructor(host: ReactiveControllerHost, options: ComposerOptions) {
    this.host = host;
    this.options = options;
  }

  /** Put `draft` in the text field (restored, or after a reset), out of edit mode. */
  set(draft: string): void {
    this.draft = draft;
    this.editing = false;
    this.host.requestUpdate();
  }

  /** Send a question the visitor did not type (a starter chip). */
  readonly sendAsVisitor = (text: string): void => {
    if (text.trim() === '' || this.options.busy()) return;
    const editing = this.editing;
    this.editing = false;
    this.host.requestUpdate();
    this.options.submit(text, editing);
    this.options.input()?.focus();
  };

  readonly edit = (text: string): void => {
    this.editing = true;
    this.draft = text;
    this.host.requestUpdate();
    this.options.input()?.focus();
  };

  readonly cancelEdit = (): void => {
    this.set('');
    this.options.input()?.focus();
  };

  readonly onInput = (event: Event): void => {
    this.draft = (event.target as HTMLTextAreaElement).value;
    this.host.requestUpdate();
    this.options.save();
  };

  readonly onKeydown = (event: KeyboardEvent): void => {
    // Enter sends, Shift+Enter is a new line; Enter that confirms an IME composition (Japanese, Chinese) is neither.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    this.submitDraft();
  };

  readonly onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    this.submitDraft();
    // The Send button gives way to Stop: keep the focus where the visitor types.
    this.options.input()?.focus();
  };

  readonly onStop = (): void => {
    this.options.stop();
    this.options.input()?.focus();
  };

  private submitDraft(): void {
    if (this.draft.trim() === '' || this.options.busy()) return;
    const text = this.draft;
    this.draft = '';
    this.sendAsVisitor(text);
    this.options.save();
  }
}

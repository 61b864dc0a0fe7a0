import { LitElement, type PropertyDeclarations } from 'lit';
import type { ChatTransport } from './core/chat-transport.js';
import type { WidgetStrings } from './i18n/strings.js';
import type { StorageKind } from './storage.js';

/** A list attribute: a JSON array, or items split by `separator`. */
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
 * What a site sets on `<chat-widget>`: its attributes and public properties, as Lit reactive properties. The
 * base class of `ChatWidget`, which adds the behaviour; apart so that this file is the element's documented
 * configuration and `chat-widget.ts` what the element does with it.
 */
export class ChatWidgetOptions extends LitElement {
  // Declared here rather than with decorators: the same accessors, and less code in the one-file build than a
  // decorator call per property.
  static override properties: PropertyDeclarations = {
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
}

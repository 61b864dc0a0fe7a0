import type { ConversationSnapshot } from './core/conversation-snapshot.js';
import { generateId } from './core/generate-id.js';

/** What the widget keeps between pages of the site: the conversation, whether the panel was open, the draft. */
export interface StoredWidget {
  conversation: ConversationSnapshot;
  open: boolean;
  draft: string;
  unread: number;
}

export type StorageKind = 'local' | 'session' | 'none';

function storageArea(kind: StorageKind): Storage | undefined {
  try {
    // Reading the property throws where storage is blocked (a sandboxed frame, cookies off).
    return kind === 'local' ? globalThis.localStorage : kind === 'session' ? globalThis.sessionStorage : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The widget's own storage, per site: the keys carry the chat endpoint's absolute URL (so two widgets talking
 * to two servers keep two conversations) and an optional name (`storage-key`). Every access is guarded: a
 * full or blocked storage leaves the widget working, just forgetful.
 */
export class WidgetStorage {
  /** Whether other tabs of the site see what is stored here (localStorage, when it is available). */
  readonly shared: boolean;
  private readonly area: Storage | undefined;
  private readonly key: string;
  private readonly visitorKey: string;

  constructor(kind: StorageKind, scope: string, name = '') {
    this.area = storageArea(kind);
    this.shared = kind === 'local' && this.area !== undefined;
    this.key = `sitechat:${scope}:${name || 'conversation'}`;
    this.visitorKey = `sitechat:${scope}:visitor`;
  }

  read(): StoredWidget | undefined {
    try {
      const value = JSON.parse(this.area?.getItem(this.key) ?? 'null') as StoredWidget | null;
      return value && typeof value === 'object' && Array.isArray(value.conversation?.messages) ? value : undefined;
    } catch {
      return undefined;
    }
  }

  write(value: StoredWidget): void {
    try {
      this.area?.setItem(this.key, JSON.stringify(value));
    } catch {
      // Quota exceeded or storage blocked: keep going without it.
    }
  }

  /** Whether `event` (another tab's change) is a change of this storage's conversation. */
  owns(event: StorageEvent): boolean {
    return event.key === this.key && event.storageArea === this.area;
  }

  clear(): void {
    try {
      this.area?.removeItem(this.key);
    } catch {
      // As above.
    }
  }

  /**
   * An opaque random id for this visitor on this site, made once and kept in localStorage (even when the
   * conversation is kept in sessionStorage or not at all), so rate limits and budgets can count per visitor.
   */
  visitorId(): string {
    try {
      const area = storageArea('local')!;
      let id = area.getItem(this.visitorKey);
      if (!id) area.setItem(this.visitorKey, (id = generateId(24)));
      return id;
    } catch {
      return (fallbackVisitor ??= generateId(24));
    }
  }
}

/** Without storage, one id for the life of the page. */
let fallbackVisitor: string | undefined;

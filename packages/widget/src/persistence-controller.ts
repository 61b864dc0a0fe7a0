import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatSession } from './core/chat-session.js';
import { metadataOf } from './core/message-metadata.js';
import { whenIdle } from './idle.js';
import type { StoredWidget, WidgetStorage } from './storage.js';

/** What the element keeps besides the conversation, and how it puts it back. */
export interface PersistenceOptions {
  /** The storage, created on first use, once the element's attributes (endpoint, `storage`, …) are read. */
  storage(): WidgetStorage;
  /** The element's part of what is stored. */
  state(): Omit<StoredWidget, 'conversation'>;
  /** Put back the element's part of what was stored (on the first connection only). */
  restore(stored: StoredWidget): void;
}

/**
 * Keeps the conversation across pages, reloads and tabs of the site: restores it when the element first
 * connects, saves it after each change and on `pagehide`, and takes in what another tab of the same site
 * saved (the `storage` event), so that a tab left open never writes an older copy over a newer one.
 */
export class PersistenceController implements ReactiveController {
  private readonly session: ChatSession;
  private readonly options: PersistenceOptions;
  private restored = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private cancelListen: (() => void) | undefined;

  constructor(host: ReactiveControllerHost, session: ChatSession, options: PersistenceOptions) {
    this.session = session;
    this.options = options;
    host.addController(this);
  }

  hostConnected(): void {
    if (!this.restored) {
      this.restored = true;
      const stored = this.options.storage().read();
      if (stored) {
        this.session.load(stored.conversation);
        this.options.restore(stored);
        // Loading notified the session's listeners, which schedule a save of what was just read.
        this.cancel();
      }
    }
    addEventListener('pagehide', this.save);
    // Only localStorage is shared with other tabs. Listening to it costs a millisecond or more (the browser opens
    // the storage area for it), so the listener waits until the first render is done; what another tab saved
    // in between is taken in then.
    if (this.options.storage().shared) {
      this.cancelListen = whenIdle(() => {
        addEventListener('storage', this.onStorage);
        this.takeIn(false);
      });
    }
  }

  hostDisconnected(): void {
    this.cancelListen?.();
    removeEventListener('pagehide', this.save);
    removeEventListener('storage', this.onStorage);
    this.save();
  }

  /** Save soon: at once (in a task), or every few seconds while an answer streams. */
  schedule(): void {
    if (this.timer !== undefined) return;
    // Writing the whole conversation for every token would make each token cost as much as the answer so far.
    this.timer = setTimeout(this.save, this.session.status === 'streaming' ? 3000 : 0);
  }

  /** Save now. An empty conversation with nothing else to keep is removed rather than stored. */
  readonly save = (): void => {
    this.cancel();
    const store = this.options.storage();
    const conversation = this.session.snapshot();
    const state = this.options.state();
    if (conversation.messages.length === 0 && state.draft === '' && !state.open) store.clear();
    else store.write({ conversation, ...state });
  };

  private cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private readonly onStorage = (event: StorageEvent): void => {
    if (this.options.storage().owns(event)) this.takeIn(true);
  };

  /**
   * Show the conversation another tab of the site saved. Not while this tab's own answer is arriving (its save
   * will follow), and not while the other tab's answer is (its final save will follow, and a half answer loaded
   * here would show as interrupted). Nothing stored after another tab's save means it started over (`reset`).
   * Open state, draft and unread count stay per tab.
   */
  private takeIn(startOverIfNone: boolean): void {
    if (this.session.busy) return;
    const conversation = this.options.storage().read()?.conversation;
    if (!conversation && !startOverIfNone) return;
    const last = conversation?.messages.at(-1);
    // The other tab saves its draft as it is typed: most of its saves leave the conversation as it is here.
    if ((last && metadataOf(last).status === 'streaming') || JSON.stringify(conversation) === JSON.stringify(this.session.snapshot())) return;
    if (conversation) this.session.load(conversation);
    else this.session.reset();
    // Not saved back: this tab's copy of what it just read would only start a storage event in the other.
    this.cancel();
  }
}

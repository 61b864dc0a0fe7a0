import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ChatSession, type ChatSessionOptions } from './core/chat-session.js';

/**
 * Binds a `ChatSession` to a Lit element: the host re-renders whenever the session changes. The session
 * outlives disconnection, so moving the element in the DOM neither loses the conversation nor stops an
 * answer that is arriving.
 *
 * While an answer streams, the text grows with every token, sometimes hundreds in one network read. Those
 * changes are coalesced into one render per animation frame (or per 100 ms where frames do not run, in a
 * background tab): the visitor cannot see faster than the screen refreshes, and a render per token is where
 * other chat widgets spend their time. Every other change (a message added, the status) renders at once.
 */
export class ChatController implements ReactiveController {
  readonly session: ChatSession;
  private readonly host: ReactiveControllerHost;
  private unsubscribe: (() => void) | undefined;
  private seenMessages: unknown;
  private seenStatus: unknown;
  private frame = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost, options: ChatSessionOptions, onChange?: () => void) {
    this.host = host;
    this.session = new ChatSession(options);
    this.onChange = onChange;
    host.addController(this);
  }

  private readonly onChange: (() => void) | undefined;

  hostConnected(): void {
    this.unsubscribe = this.session.subscribe(this.changed);
    // Catch up with whatever happened while disconnected.
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.flush();
  }

  hostUpdate(): void {
    this.cancel();
  }

  private readonly changed = (): void => {
    const { messages, status } = this.session;
    this.onChange?.();
    if (status === 'streaming' && messages === this.seenMessages && status === this.seenStatus) {
      if (this.frame === 0 && this.timer === undefined) {
        this.frame = requestAnimationFrame(this.flush);
        this.timer = setTimeout(this.flush, 100);
      }
      return;
    }
    this.seenMessages = messages;
    this.seenStatus = status;
    this.flush();
  };

  private readonly flush = (): void => {
    this.cancel();
    this.host.requestUpdate();
  };

  private cancel(): void {
    if (this.frame !== 0) cancelAnimationFrame(this.frame);
    clearTimeout(this.timer);
    this.frame = 0;
    this.timer = undefined;
  }
}

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ChatSession, type ChatSessionOptions } from './core/chat-session.js';

/**
 * Binds a `ChatSession` to a Lit element: the host re-renders whenever the session changes. The session
 * outlives disconnection, so moving the element in the DOM neither loses the conversation nor stops an
 * answer that is arriving.
 */
export class ChatController implements ReactiveController {
  readonly session: ChatSession;
  private readonly host: ReactiveControllerHost;
  private unsubscribe: (() => void) | undefined;

  constructor(host: ReactiveControllerHost, options: ChatSessionOptions) {
    this.host = host;
    this.session = new ChatSession(options);
    host.addController(this);
  }

  hostConnected(): void {
    this.unsubscribe = this.session.subscribe(() => this.host.requestUpdate());
    // Catch up with whatever happened while disconnected.
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}

import type { ReactiveControllerHost } from 'lit';
import type { UIMessage } from '@sitechat/protocol';
import { textOf } from './core/message-metadata.js';

/** How much of a finished answer the status region announces. */
const ANNOUNCE_LIMIT = 600;

/**
 * What the element's polite status region says: each finished answer, once, for screen readers (the log is
 * silent while an answer streams, so that a screen reader does not read it token by token).
 */
export class AnswerAnnouncer {
  /** The status region's text. */
  text = '';
  private readonly host: ReactiveControllerHost;
  private readonly log: () => HTMLElement | null;

  constructor(host: ReactiveControllerHost, log: () => HTMLElement | null) {
    this.host = host;
    this.log = log;
  }

  /**
   * Announce `message`, spoken by `speaker`, as rendered: its text without the markdown syntax. A very long
   * answer is announced by its beginning; the rest is in the log.
   */
  announce(message: UIMessage, speaker: string): void {
    void this.host.updateComplete.then(() => {
      const rendered = [...(this.log()?.querySelectorAll('[part~="message-assistant"] .markdown') ?? [])].at(-1);
      const text = rendered?.textContent ?? textOf(message);
      this.text = `${speaker} ${text.length > ANNOUNCE_LIMIT ? `${text.slice(0, ANNOUNCE_LIMIT)}…` : text}`;
      this.host.requestUpdate();
    });
  }
}

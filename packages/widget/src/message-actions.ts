import type { ReactiveControllerHost } from 'lit';
import type { UIMessage } from '@sitechat/protocol';
import type { Composer } from './composer.js';
import type { Conversation } from './conversation.js';
import { copyText } from './copy-text.js';
import { textOf } from './core/message-metadata.js';

/** How long a copied message's button says "Copied". */
const COPIED_MS = 1500;

/**
 * What the buttons under a message do: Copy (its button says "Copied" for a moment), Edit (the question goes
 * back into the composer, to be sent in its place), Regenerate, and the "2 / 3" pager between answers.
 */
export class MessageActions {
  /** The message whose "Copied" check is showing. */
  copiedId: string | undefined;
  private readonly host: ReactiveControllerHost;
  private readonly conversation: Conversation;
  private readonly composer: Composer;

  constructor(host: ReactiveControllerHost, conversation: Conversation, composer: Composer) {
    this.host = host;
    this.conversation = conversation;
    this.composer = composer;
  }

  readonly copy = (message: UIMessage): void => {
    void copyText(textOf(message)).then(() => {
      this.setCopied(message.id);
      setTimeout(() => {
        if (this.copiedId === message.id) this.setCopied(undefined);
      }, COPIED_MS);
    });
  };

  readonly edit = (message: UIMessage): void => this.composer.edit(textOf(message));

  readonly regenerate = (): void => void this.conversation.regenerate();

  readonly page = (message: UIMessage, index: number): void => this.conversation.page(message, index);

  private setCopied(id: string | undefined): void {
    this.copiedId = id;
    this.host.requestUpdate();
  }
}

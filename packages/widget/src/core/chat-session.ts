import { ErrorCode, type DataChunk, type UIMessage } from '@sitechat/protocol';
import { abortable, raceAbort } from './abortable.js';
import { AssistantMessageBuilder } from './assistant-message-builder.js';
import { ChatError, toChatError } from './chat-error.js';
import type { ChatTransport, SendMessagesOptions } from './chat-transport.js';
import { generateId } from './generate-id.js';

/**
 * - `ready`: nothing in flight; a question can be sent.
 * - `submitted`: the question is sent, no answer has arrived yet.
 * - `streaming`: the answer is arriving.
 * - `error`: the last request failed; `error` says why. Sending again or `retry()` leaves this state.
 */
export type ChatStatus = 'ready' | 'submitted' | 'streaming' | 'error';

/** How a response ended: it completed, the visitor stopped it, or it failed. */
export type ResponseOutcome = 'finished' | 'stopped' | 'error';

export interface ResponseEnd {
  /** The assistant's message, absent when nothing of an answer arrived (a refused request, an early Stop). */
  message: UIMessage | undefined;
  outcome: ResponseOutcome;
}

export interface ChatSessionOptions {
  transport: ChatTransport;
  /** The conversation id sent with every request. Default: a new random id. */
  id?: string;
  /** A conversation to continue (restored from storage, say). */
  messages?: UIMessage[];
  /** Ids for new messages. */
  generateId?: () => string;
  /** Called once at the end of every response, whatever its outcome (after `onError` for a failure). */
  onResponseEnd?: (end: ResponseEnd) => void;
  /** Called when a response fails, after the session has entered the `error` status. */
  onError?: (error: ChatError) => void;
  /** Transient `data-*` chunks (progress notes, say), which are not kept in the message. */
  onData?: (chunk: DataChunk) => void;
}

/**
 * The conversation, free of any UI framework: its messages, its status, the request in flight and how to stop
 * it. A UI subscribes and re-renders from `messages`, `status` and `error` whenever it is told to.
 *
 * `messages` is a new array whenever a message is added or removed; the assistant message that is streaming
 * is updated in place (its text grows), so a subscriber must not cache a rendering by message identity while
 * `status` is `streaming`.
 *
 * @example
 * const session = new ChatSession({ transport: new HttpChatTransport() });
 * session.subscribe(() => render(session.messages, session.status, session.error));
 * await session.send('What are your opening hours?');
 */
export class ChatSession {
  readonly id: string;
  /** Used from the next request on; assign to point a running session elsewhere. */
  transport: ChatTransport;

  private messagesValue: readonly UIMessage[];
  private statusValue: ChatStatus = 'ready';
  private errorValue: ChatError | undefined;
  private abortController: AbortController | undefined;
  private inFlight: Promise<void> | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly options: ChatSessionOptions;
  private readonly newId: () => string;

  constructor(options: ChatSessionOptions) {
    this.options = options;
    this.transport = options.transport;
    this.newId = options.generateId ?? (() => generateId());
    this.id = options.id ?? this.newId();
    this.messagesValue = options.messages ? [...options.messages] : [];
  }

  get messages(): readonly UIMessage[] {
    return this.messagesValue;
  }

  get status(): ChatStatus {
    return this.statusValue;
  }

  /** Why the last request failed, while `status` is `error`. */
  get error(): ChatError | undefined {
    return this.errorValue;
  }

  /** Whether a request is in flight (`submitted` or `streaming`). */
  get busy(): boolean {
    return this.statusValue === 'submitted' || this.statusValue === 'streaming';
  }

  /** Call `listener` after every change; returns the function that unsubscribes it. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Ask `text` (trimmed). Resolves when the answer has ended, however it ended; failures are reported through
   * `status`/`error`, never thrown. Ignored while a request is in flight or when `text` is blank.
   */
  send(text: string): Promise<void> {
    const content = text.trim();
    if (content === '' || this.busy) return Promise.resolve();
    const message: UIMessage = { id: this.newId(), role: 'user', parts: [{ type: 'text', text: content }] };
    this.messagesValue = [...this.messagesValue, message];
    return this.request({ trigger: 'submit-message' });
  }

  /**
   * Ask the last question again, dropping whatever answered it (a failed or partial answer, or a complete one).
   * Ignored while a request is in flight or when there is no question.
   */
  retry(): Promise<void> {
    if (this.busy) return Promise.resolve();
    const messages = this.messagesValue;
    let lastQuestion = messages.length - 1;
    while (lastQuestion >= 0 && messages[lastQuestion]!.role !== 'user') lastQuestion--;
    if (lastQuestion === -1) return Promise.resolve();
    const replaced = messages[lastQuestion + 1];
    this.messagesValue = messages.slice(0, lastQuestion + 1);
    return this.request({ trigger: 'regenerate-message', messageId: replaced?.id });
  }

  /** Abort the request in flight; what has arrived of the answer is kept. Resolves once the session is `ready`. */
  stop(): Promise<void> {
    this.abortController?.abort();
    return this.inFlight ?? Promise.resolve();
  }

  private request(options: Pick<SendMessagesOptions, 'trigger' | 'messageId'>): Promise<void> {
    const controller = new AbortController();
    this.abortController = controller;
    this.errorValue = undefined;
    this.statusValue = 'submitted';
    this.notify();
    const inFlight = this.run(controller, options).finally(() => {
      if (this.inFlight === inFlight) this.inFlight = undefined;
    });
    this.inFlight = inFlight;
    return inFlight;
  }

  private async run(controller: AbortController, options: Pick<SendMessagesOptions, 'trigger' | 'messageId'>): Promise<void> {
    const { signal } = controller;
    const answer: UIMessage = { id: this.newId(), role: 'assistant', parts: [] };
    const builder = new AssistantMessageBuilder(answer, this.options.onData);
    let answerShown = false;
    let outcome: ResponseOutcome = 'finished';
    try {
      const request: SendMessagesOptions = { chatId: this.id, messages: [...this.messagesValue], signal, ...options };
      if (request.messageId === undefined) delete request.messageId;
      const chunks = await raceAbort(this.transport.sendMessages(request), signal);
      for await (const chunk of abortable(chunks, signal)) {
        if (!answerShown) {
          answerShown = true;
          this.messagesValue = [...this.messagesValue, answer];
          this.statusValue = 'streaming';
        }
        builder.apply(chunk);
        if (builder.error || builder.aborted) break;
        this.notify();
      }
      if (builder.aborted) outcome = 'stopped';
      else if (builder.error) throw builder.error;
      else if (!builder.finished) {
        // The body ended without a `finish` chunk: a proxy or the network cut it. Never a silent truncation.
        throw new ChatError(ErrorCode.StreamInterrupted, 'The answer was interrupted. Please try again.', { retryable: true });
      }
    } catch (error) {
      if (signal.aborted) outcome = 'stopped';
      else {
        outcome = 'error';
        this.errorValue = toChatError(error, answerShown);
      }
    } finally {
      if (this.abortController === controller) this.abortController = undefined;
    }
    // An answer bubble with nothing in it helps no one, and an empty assistant turn is not worth sending back.
    if (answerShown && builder.isEmpty) this.messagesValue = this.messagesValue.filter((message) => message !== answer);
    const message = this.messagesValue.includes(answer) ? answer : undefined;
    this.statusValue = outcome === 'error' ? 'error' : 'ready';
    this.notify();
    if (outcome === 'error' && this.errorValue) this.options.onError?.(this.errorValue);
    this.options.onResponseEnd?.({ message, outcome });
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

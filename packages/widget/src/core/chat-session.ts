import type { DataChunk, UIMessage } from '@sitechat/protocol';
import { abortable, raceAbort } from './abortable.js';
import { AnswerAlternatives } from './answer-alternatives.js';
import { AssistantMessageBuilder } from './assistant-message-builder.js';
import { type ChatError, interruptedError, toChatError } from './chat-error.js';
import type { ChatTransport, SendMessagesOptions } from './chat-transport.js';
import { type ConversationSnapshot, fromSnapshotMessages, toSnapshotMessages } from './conversation-snapshot.js';
import { generateId } from './generate-id.js';
import { type AnswerStatus, metadataOf, setMetadata } from './message-metadata.js';
import { timeSlice } from './time-slice.js';

/**
 * - `ready`: nothing in flight; a question can be sent.
 * - `submitted`: the question is sent, no answer has arrived yet.
 * - `streaming`: the answer is arriving.
 * - `error`: the last request failed (or was cut off by a reload); `error` says why. Sending again or
 *   `retry()` leaves this state.
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
  /** The chat id sent with requests until the server names a conversation. Default: a new random id. */
  id?: string;
  /** A conversation to continue (restored from storage, say), in `ConversationSnapshot.messages` form. */
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

type Request = Pick<SendMessagesOptions, 'trigger' | 'messageId'>;

/**
 * The conversation, free of any UI framework: its messages, its status, the request in flight and how to stop
 * it. A UI subscribes and re-renders from `messages`, `status` and `error` whenever it is told to.
 *
 * `messages` is the conversation as shown: each question followed by the answer chosen among its alternatives
 * (regenerating keeps the earlier answers; `alternatives()` and `showAlternative()` page through them). It is
 * a new array whenever a message is added, removed or swapped; the assistant message that is streaming is
 * updated in place (its text grows), so a subscriber must not cache a rendering by message identity while
 * `status` is `streaming`.
 *
 * @example
 * const session = new ChatSession({ transport: new HttpChatTransport() });
 * session.subscribe(() => render(session.messages, session.status, session.error));
 * await session.send('What are your opening hours?');
 */
export class ChatSession {
  /** Used from the next request on; assign to point a running session elsewhere. */
  transport: ChatTransport;
  /**
   * The server keeps the conversation (its `features.history`): a request carries only the question, and the
   * server reads the rest from its store by conversation id. Otherwise every request carries the conversation.
   */
  serverHistory = false;
  /** Extra context for each request (the page the visitor is on, say). */
  context: (() => Record<string, unknown> | undefined) | undefined;
  private idValue: string;
  private conversationIdValue: string | undefined;
  private messagesValue: readonly UIMessage[] = [];
  private answers = new AnswerAlternatives();
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
    this.idValue = options.id ?? this.newId();
    if (options.messages) this.load({ id: this.idValue, messages: options.messages });
  }

  /** The chat id this client chose; requests carry `conversationId` instead once the server named one. */
  get id(): string {
    return this.idValue;
  }

  /** The server's id for this conversation, from the first answer's `start` chunk (`messageMetadata.conversationId`). */
  get conversationId(): string | undefined {
    return this.conversationIdValue;
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

  /** The answers to the same question as `message` (an assistant message), oldest first, and which one it is. */
  alternatives(message: UIMessage): { index: number; answers: readonly UIMessage[] } {
    const answers = this.answers.of(message);
    return { index: Math.max(0, answers.indexOf(message)), answers };
  }

  /** Show another answer to the same question as `message` (which must be on screen). Ignored while busy. */
  showAlternative(message: UIMessage, index: number): void {
    const replacement = this.alternatives(message).answers[index];
    const position = this.messagesValue.indexOf(message);
    if (this.busy || !replacement || position === -1 || replacement === message) return;
    const messages = [...this.messagesValue];
    messages[position] = replacement;
    this.messagesValue = messages;
    this.notify();
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
   * Ask the last question again. A complete (or stopped) answer is kept as an alternative; a failed one is
   * dropped. Ignored while a request is in flight or when there is no question.
   */
  regenerate(): Promise<void> {
    const question = this.lastQuestionIndex();
    if (this.busy || question === -1) return Promise.resolve();
    const replaced = this.messagesValue[question + 1];
    if (replaced) {
      const status = metadataOf(replaced).status;
      if (status === 'error' || status === 'streaming') this.answers.remove(replaced);
    }
    this.messagesValue = this.messagesValue.slice(0, question + 1);
    return this.request({ trigger: 'regenerate-message', messageId: replaced?.id });
  }

  /** After a failure: ask the last question again (the same as `regenerate()`). */
  retry(): Promise<void> {
    return this.regenerate();
  }

  /**
   * Replace the last question with `text` and ask it, dropping its answers. The message keeps its id and the
   * request says `messageId` (the AI SDK's way to edit a message), so a server holding the history replaces
   * the question instead of adding another.
   */
  edit(text: string): Promise<void> {
    const content = text.trim();
    const question = this.lastQuestionIndex();
    if (content === '' || this.busy || question === -1) return Promise.resolve();
    const original = this.messagesValue[question]!;
    this.answers.clear(original.id);
    this.messagesValue = [...this.messagesValue.slice(0, question), { ...original, parts: [{ type: 'text', text: content }] }];
    return this.request({ trigger: 'submit-message', messageId: original.id });
  }

  /** Abort the request in flight; what has arrived of the answer is kept. Resolves once the session is `ready`. */
  stop(): Promise<void> {
    this.abortController?.abort();
    return this.inFlight ?? Promise.resolve();
  }

  /** Start over: stop any answer, forget the conversation, take a new chat id. */
  reset(): void {
    this.abortController?.abort();
    this.load({ id: this.newId(), messages: [] });
  }

  /** The whole conversation, alternatives included, to store or send elsewhere. */
  snapshot(): ConversationSnapshot {
    const snapshot: ConversationSnapshot = { id: this.idValue, ...toSnapshotMessages(this.messagesValue, this.answers.byQuestion) };
    if (this.conversationIdValue !== undefined) snapshot.conversationId = this.conversationIdValue;
    return snapshot;
  }

  /**
   * Show a stored conversation (from the widget's storage, or the server's copy). An answer that was still
   * arriving when it was saved (the page was reloaded mid-answer), or a question left without an answer, is
   * shown as interrupted, with `retry()` to ask again. Ignored while a request is in flight.
   */
  load(snapshot: ConversationSnapshot): void {
    if (this.busy) return;
    this.idValue = snapshot.id;
    this.conversationIdValue = snapshot.conversationId;
    const { messages, alternativesByParent } = fromSnapshotMessages(snapshot);
    this.answers = new AnswerAlternatives(alternativesByParent);
    this.messagesValue = messages;
    const last = messages.at(-1);
    const lastStatus = last && metadataOf(last).status;
    const cutOff = last?.role === 'user' || lastStatus === 'streaming' || lastStatus === 'error';
    if (last && lastStatus === 'streaming') setMetadata(last, { status: 'error' });
    this.errorValue = cutOff ? interruptedError() : undefined;
    this.statusValue = cutOff ? 'error' : 'ready';
    this.notify();
  }

  private lastQuestionIndex(): number {
    const messages = this.messagesValue;
    let index = messages.length - 1;
    while (index >= 0 && messages[index]!.role !== 'user') index--;
    return index;
  }

  private request(options: Request): Promise<void> {
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

  private async run(controller: AbortController, options: Request): Promise<void> {
    const { signal } = controller;
    const question = this.messagesValue.at(-1)!;
    const answer: UIMessage = { id: this.newId(), role: 'assistant', parts: [], metadata: { parentId: question.id, status: 'streaming' } };
    const builder = new AssistantMessageBuilder(answer, this.options.onData);
    let answerShown = false;
    let outcome: ResponseOutcome = 'finished';
    try {
      const request: SendMessagesOptions = {
        chatId: this.conversationIdValue ?? this.idValue,
        messages: this.serverHistory ? [question] : [...this.messagesValue],
        signal,
        ...options,
      };
      if (request.messageId === undefined) delete request.messageId;
      const context = this.context?.();
      if (context) request.context = context;
      const chunks = await raceAbort(this.transport.sendMessages(request), signal);
      // A stream that arrived all at once would otherwise be read in one long task, with no frame drawn and
      // no input handled until its end.
      const slice = timeSlice();
      for await (const chunk of abortable(chunks, signal)) {
        await slice();
        if (!answerShown) {
          answerShown = true;
          this.messagesValue = [...this.messagesValue, answer];
          this.answers.add(question.id, answer);
          this.statusValue = 'streaming';
        }
        builder.apply(chunk);
        if (chunk.type === 'start') this.adoptServerIds(question, answer);
        if (builder.error || builder.aborted) break;
        this.notify();
      }
      if (builder.aborted) outcome = 'stopped';
      else if (builder.error) throw builder.error;
      // The body ended without a `finish` chunk: a proxy or the network cut it. Never a silent truncation.
      else if (!builder.finished) throw interruptedError();
    } catch (error) {
      if (signal.aborted) outcome = 'stopped';
      else {
        outcome = 'error';
        this.errorValue = toChatError(error, answerShown);
      }
    } finally {
      if (this.abortController === controller) this.abortController = undefined;
    }
    const status: AnswerStatus = outcome === 'finished' ? 'complete' : outcome === 'stopped' ? 'stopped' : 'error';
    setMetadata(answer, { status });
    this.adoptServerIds(question, answer);
    // The server no longer has this conversation (expired, deleted): the next question starts a new one.
    if (this.errorValue?.code === 'conversation_not_found') this.detach();
    // An answer bubble with nothing in it helps no one, and an empty assistant turn is not worth sending back.
    if (answerShown && builder.isEmpty) {
      this.messagesValue = this.messagesValue.filter((message) => message !== answer);
      this.answers.remove(answer);
    }
    const message = this.messagesValue.includes(answer) ? answer : undefined;
    this.statusValue = outcome === 'error' ? 'error' : 'ready';
    this.notify();
    if (outcome === 'error' && this.errorValue) this.options.onError?.(this.errorValue);
    this.options.onResponseEnd?.({ message, outcome });
  }

  /**
   * Take the ids the server stored under, from the answer's `start` metadata: the conversation id, and the
   * id it gave the question (`parentId`), which the question takes too, so that alternatives, ratings and
   * comparisons name the same messages here and there.
   */
  private adoptServerIds(question: UIMessage, answer: UIMessage): void {
    const { conversationId, parentId } = metadataOf(answer);
    if (typeof conversationId === 'string' && conversationId !== '') this.conversationIdValue = conversationId;
    if (typeof parentId !== 'string' || parentId === '' || parentId === question.id || question.role !== 'user') return;
    this.answers.rename(question.id, parentId);
    (question as { id: string }).id = parentId;
  }

  /** Forget the server's conversation id (the server lost it): the next request starts a new conversation. */
  detach(): void {
    this.conversationIdValue = undefined;
    this.idValue = this.newId();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

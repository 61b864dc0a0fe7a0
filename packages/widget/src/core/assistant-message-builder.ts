import type {
  DataChunk,
  FinishReason,
  MessagePart,
  StreamErrorData,
  TextPart,
  UIMessage,
  UIMessageChunk,
} from '@sitechat/protocol';
import { ChatError, ClientErrorCode } from './chat-error.js';

/**
 * Builds the assistant message from a UI message stream, one chunk at a time. Each chunk costs time in
 * proportion to itself, not to the message so far: a `text-delta` is appended to the text part its id names
 * (found through a map), so a long answer never gets re-read or re-parsed as it grows.
 *
 * The message is mutated in place; the session tells its subscribers when to look again.
 */
export class AssistantMessageBuilder {
  readonly message: UIMessage;
  /** Set by a `finish` chunk: the stream ended as the server meant it to. */
  finished = false;
  finishReason: FinishReason | undefined;
  /** Set by an `abort` chunk: the server stopped the answer (because the visitor did, typically). */
  aborted = false;
  /** Set by an `error` chunk, with the code and retryability of the `data-error` chunk before it. */
  error: ChatError | undefined;

  private readonly openTextParts = new Map<string, TextPart>();
  private pendingErrorData: StreamErrorData | undefined;
  private readonly onData: ((chunk: DataChunk) => void) | undefined;

  /** `onData` receives transient `data-*` chunks, which are not kept in the message. */
  constructor(message: UIMessage, onData?: (chunk: DataChunk) => void) {
    this.message = message;
    this.onData = onData;
  }

  /** Whether the message has anything to show yet. */
  get isEmpty(): boolean {
    return this.message.parts.every((part) => part.type === 'text' && (part as TextPart).text === '');
  }

  apply(chunk: UIMessageChunk): void {
    switch (chunk.type) {
      case 'start':
        if (chunk.messageId !== undefined) (this.message as { id: string }).id = chunk.messageId;
        this.mergeMetadata(chunk.messageMetadata);
        return;
      case 'text-start':
        this.openTextPart(chunk.id);
        return;
      case 'text-delta':
        // A delta without its `text-start` is tolerated: some servers skip it.
        (this.openTextParts.get(chunk.id) ?? this.openTextPart(chunk.id)).text += chunk.delta;
        return;
      case 'text-end':
        this.openTextParts.delete(chunk.id);
        return;
      case 'source-url': {
        const part: MessagePart = { type: 'source-url', sourceId: chunk.sourceId, url: chunk.url };
        if (chunk.title !== undefined) part.title = chunk.title;
        this.message.parts.push(part);
        return;
      }
      case 'error':
        this.error = new ChatError(this.pendingErrorData?.code ?? ClientErrorCode.StreamError, chunk.errorText, {
          retryable: this.pendingErrorData?.retryable ?? true,
        });
        return;
      case 'finish':
        this.finished = true;
        this.finishReason = chunk.finishReason;
        this.mergeMetadata(chunk.messageMetadata);
        return;
      case 'abort':
        this.aborted = true;
        return;
      case 'message-metadata':
        this.mergeMetadata(chunk.messageMetadata);
        return;
      case 'start-step':
      case 'finish-step':
        return;
      default:
        if (chunk.type.startsWith('data-')) this.applyData(chunk as DataChunk);
      // Chunk types this widget does not know yet (reasoning, tools) are skipped, as the protocol allows.
    }
  }

  private openTextPart(id: string): TextPart {
    const part: TextPart = { type: 'text', text: '' };
    this.message.parts.push(part);
    this.openTextParts.set(id, part);
    return part;
  }

  private applyData(chunk: DataChunk): void {
    if (chunk.type === 'data-error') {
      this.pendingErrorData = chunk.data as StreamErrorData;
      return;
    }
    if (chunk.transient) {
      this.onData?.(chunk);
      return;
    }
    // A data part with an id replaces the earlier part of the same type and id, as in the AI SDK.
    const existing =
      chunk.id === undefined
        ? undefined
        : (this.message.parts.find((part) => part.type === chunk.type && part.id === chunk.id) as { data: unknown } | undefined);
    if (existing) existing.data = chunk.data;
    else this.message.parts.push(chunk.id === undefined ? { type: chunk.type, data: chunk.data } : { type: chunk.type, id: chunk.id, data: chunk.data });
  }

  private mergeMetadata(metadata: unknown): void {
    if (metadata === undefined || metadata === null) return;
    const current = this.message.metadata;
    this.message.metadata =
      typeof current === 'object' && current !== null && typeof metadata === 'object'
        ? { ...current, ...metadata }
        : metadata;
  }
}

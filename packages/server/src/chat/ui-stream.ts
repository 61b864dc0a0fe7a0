import {
  DONE_EVENT,
  encodeChunk,
  encodeComment,
  ErrorCode,
  type FinishReason,
  type StreamErrorData,
  type UIMessageChunk,
} from '@sitechat/protocol';
import { PUBLIC_MESSAGES } from '../http/errors.js';
import { ProviderError, toProviderError } from '../providers/errors.js';
import type { ModelEvent, ModelUsage } from '../providers/types.js';

export interface UIMessageStreamOptions {
  /** The id of the assistant message, sent in the `start` chunk. */
  messageId: string;
  /** The model's events. */
  events: AsyncIterator<ModelEvent>;
  /** The first `events.next()`, already requested by the caller (it waited on it before committing). */
  first: Promise<IteratorResult<ModelEvent>>;
  /** How often to send an SSE comment so that proxies keep the connection open. */
  heartbeatIntervalMs: number;
  /** Stops the upstream request; called when the reader cancels (the visitor went away). */
  abort: () => void;
  onFinish?: (result: { finishReason: FinishReason; usage?: ModelUsage }) => void;
  /** A failure after the answer started (never called for the visitor's own abort). */
  onFailure?: (error: ProviderError) => void;
  /** Called once, however the stream ends. */
  onClose?: () => void;
}

const TEXT_ID = 'text-0';

/**
 * The model's events as an AI SDK UI message stream (SSE bytes): `start`, `start-step`, `text-start`,
 * `text-delta`*, `text-end`, `finish-step`, `finish`, `[DONE]`, with a heartbeat comment every interval.
 * A failure after the start ends the text and sends `data-error` (code, retryable) and an `error` chunk with
 * a plain-language message, then `[DONE]`: never a silent truncation, and the partial answer stays.
 * No backpressure: a model produces text far slower than any connection takes it.
 */
export function createUIMessageStream(options: UIMessageStreamOptions): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let closed = false;
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  const finish = () => {
    if (closed) return false;
    closed = true;
    clearInterval(heartbeat);
    options.onClose?.();
    return true;
  };

  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      const chunk = (value: UIMessageChunk) => send(encodeChunk(value));
      const end = () => {
        send(DONE_EVENT);
        if (finish()) controller.close();
      };

      chunk({ type: 'start', messageId: options.messageId });
      chunk({ type: 'start-step' });
      chunk({ type: 'text-start', id: TEXT_ID });
      heartbeat = setInterval(() => send(encodeComment()), options.heartbeatIntervalMs);

      const pump = async () => {
        let next = options.first;
        try {
          for (;;) {
            const result = await next;
            if (closed) return;
            if (result.done) throw new ProviderError(ErrorCode.StreamInterrupted, { retryable: true });
            const event = result.value;
            if (event.type === 'text-delta') {
              chunk({ type: 'text-delta', id: TEXT_ID, delta: event.text });
            } else {
              chunk({ type: 'text-end', id: TEXT_ID });
              chunk({ type: 'finish-step' });
              chunk({ type: 'finish', finishReason: event.finishReason });
              options.onFinish?.(event.usage === undefined ? { finishReason: event.finishReason } : event);
              end();
              return;
            }
            next = options.events.next();
          }
        } catch (error) {
          if (closed) return;
          const failure = toProviderError(error, { started: true });
          chunk({ type: 'text-end', id: TEXT_ID });
          if (failure.code === 'abort') {
            chunk({ type: 'abort' });
          } else {
            options.onFailure?.(failure);
            const data: StreamErrorData = { code: failure.code, retryable: failure.retryable };
            chunk({ type: 'data-error', data, transient: true });
            chunk({ type: 'error', errorText: PUBLIC_MESSAGES[failure.code] });
          }
          end();
        }
      };
      void pump();
    },
    cancel() {
      if (!finish()) return;
      options.abort();
      // Let the provider run its cleanup (it sees the abort and ends); its outcome no longer matters.
      options.events.return?.().catch(() => {});
    },
  });
}

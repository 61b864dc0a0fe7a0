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
import { type AnswerSink, answerStream, type StreamedAnswer } from './answer-sink.js';
import { createCoalescingWriter } from './coalescing-writer.js';
import { ProviderError, toProviderError } from '../providers/errors.js';
import type { ModelEventBatch, ModelUsage } from '../providers/types.js';

/** How an answer ended, with what had arrived: what a conversation store keeps. */
export interface AnswerEnd {
  status: 'complete' | 'stopped' | 'error';
  /** Every text delta sent, in order (partial when stopped or failed). */
  text: string;
  finishReason?: FinishReason;
  usage?: ModelUsage;
  /** Set when `status` is `error`. */
  errorCode?: string;
  /** `Date.now()` when the first text arrived. */
  firstTextAt?: number;
}

export interface UIMessageStreamOptions {
  /** The id of the assistant message, sent in the `start` chunk. */
  messageId: string;
  /** Sent in the `start` chunk as `messageMetadata` when set. */
  messageMetadata?: unknown;
  /** The pages the answer is grounded in, sent as `source-url` chunks before the text (knowledge/). */
  sources?: readonly { sourceId: string; url: string; title: string }[];
  /** The model's events, in the batches they arrived in: each batch leaves in one write. */
  events: AsyncIterator<ModelEventBatch>;
  /** The first `events.next()`, already requested by the caller (it waited on it before committing). */
  first: Promise<IteratorResult<ModelEventBatch>>;
  /** How often to send an SSE comment so that proxies keep the connection open. */
  heartbeatIntervalMs: number;
  /** Stops the upstream request; called when the reader goes away (the visitor left or pressed Stop). */
  abort: () => void;
  onFinish?: (result: { finishReason: FinishReason; usage?: ModelUsage }) => void;
  /** A failure after the answer started (never called for the visitor's own abort). */
  onFailure?: (error: ProviderError) => void;
  /** Called once, however the stream ends. */
  onClose?: () => void;
  /**
   * Called once with how the answer ended. The stream waits for it before its last chunks (`finish`,
   * `error`, `abort`), so a visitor who has seen the end finds the answer stored. Must not reject.
   */
  onEnd?: (end: AnswerEnd) => void | Promise<void>;
}

const TEXT_ID = 'text-0';

/**
 * The model's events as an AI SDK UI message stream (SSE text): `start`, `start-step`, `source-url`*, `text-start`,
 * `text-delta`*, `text-end`, `finish-step`, `finish`, `[DONE]`, with a heartbeat comment every interval.
 * A failure after the start ends the text and sends `data-error` (code, retryable) and an `error` chunk with
 * a plain-language message, then `[DONE]`: never a silent truncation, and the partial answer stays.
 * It starts when given a sink (answer-sink.ts); when the sink is behind, the next batch is read from the
 * model only once it has caught up.
 * @example
 * return answerResponse(createUIMessageAnswer({ messageId, events, first, heartbeatIntervalMs, abort }), { headers });
 */
export function createUIMessageAnswer(options: UIMessageStreamOptions): StreamedAnswer {
  let closed = false;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let text = '';
  let firstTextAt: number | undefined;
  let ended = false;
  const reportEnd = async (end: Omit<AnswerEnd, 'text' | 'firstTextAt'>) => {
    if (ended || options.onEnd === undefined) return;
    ended = true;
    await options.onEnd({ ...end, text, ...(firstTextAt === undefined ? {} : { firstTextAt }) });
  };

  const finish = () => {
    if (closed) return false;
    closed = true;
    clearInterval(heartbeat);
    options.onClose?.();
    return true;
  };

  return {
    start(sink: AnswerSink) {
      // Events that arrive together leave together: one write instead of one per event (coalescing-writer.ts).
      const writer = createCoalescingWriter((batch) => sink.write(batch));
      const send = (text: string) => {
        if (!closed) writer.write(text);
      };
      const chunk = (value: UIMessageChunk) => send(encodeChunk(value));
      // The bytes `chunk` would write for a text delta, without building and serialising an object per token.
      const textDelta = (delta: string) => send(`data: {"type":"text-delta","id":"${TEXT_ID}","delta":${JSON.stringify(delta)}}\n\n`);
      const end = () => {
        send(DONE_EVENT);
        if (!finish()) return;
        writer.close();
        sink.end();
      };

      chunk(
        options.messageMetadata === undefined
          ? { type: 'start', messageId: options.messageId }
          : { type: 'start', messageId: options.messageId, messageMetadata: options.messageMetadata },
      );
      chunk({ type: 'start-step' });
      // Citations first, so the widget can show the numbered links as soon as `[1]` appears in the text.
      for (const source of options.sources ?? []) chunk({ type: 'source-url', ...source });
      chunk({ type: 'text-start', id: TEXT_ID });
      heartbeat = setInterval(() => send(encodeComment()), options.heartbeatIntervalMs);

      const pump = async () => {
        let next = options.first;
        try {
          for (;;) {
            const result = await next;
            if (closed) return;
            if (result.done) throw new ProviderError(ErrorCode.StreamInterrupted, { retryable: true });
            // The text deltas that arrived together leave as one `text-delta`: the visitor sees the same text
            // at the same moment, in one event instead of one per token (a fast model's read can hold dozens).
            let arrived = '';
            for (const event of result.value) {
              if (event.type === 'text-delta') {
                if (firstTextAt === undefined && event.text !== '') firstTextAt = Date.now();
                arrived += event.text;
                continue;
              }
              if (arrived !== '') textDelta(arrived);
              text += arrived;
              arrived = '';
              chunk({ type: 'text-end', id: TEXT_ID });
              chunk({ type: 'finish-step' });
              await reportEnd({
                status: 'complete',
                finishReason: event.finishReason,
                ...(event.usage === undefined ? {} : { usage: event.usage }),
              });
              chunk({ type: 'finish', finishReason: event.finishReason });
              options.onFinish?.(event.usage === undefined ? { finishReason: event.finishReason } : event);
              end();
              // End the provider's iterator too: a provider may hold a resource until it ends (the local
              // model frees its context sequence there), and `finish` is the last event we read.
              options.events.return?.().catch(() => {});
              return;
            }
            if (arrived !== '') textDelta(arrived);
            text += arrived;
            // A reader that is behind (a slow connection) holds the model back, not our memory.
            const behind = sink.ready?.();
            if (behind !== undefined) await behind;
            if (closed) return;
            next = options.events.next();
          }
        } catch (error) {
          if (closed) return;
          const failure = toProviderError(error, { started: true });
          chunk({ type: 'text-end', id: TEXT_ID });
          if (failure.code === 'abort') {
            await reportEnd({ status: 'stopped' });
            chunk({ type: 'abort' });
          } else {
            options.onFailure?.(failure);
            await reportEnd({ status: 'error', errorCode: failure.code });
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
      // The visitor went away (Stop, a closed page): what they saw is kept, as stopped.
      // A cut stream may end before start() (its first read); the cleanup is the same.
      void reportEnd({ status: 'stopped' });
      if (!finish()) return;
      options.abort();
      // Let the provider run its cleanup (it sees the abort and ends); its outcome no longer matters.
      options.events.return?.().catch(() => {});
    },
  };
}

/**
 * `createUIMessageAnswer` as a byte stream, for callers that read it themselves.
 * @example
 * for await (const chunk of readChunks(createUIMessageStream(options))) console.log(chunk.type);
 */
export function createUIMessageStream(options: UIMessageStreamOptions): ReadableStream<Uint8Array> {
  return answerStream(createUIMessageAnswer(options));
}

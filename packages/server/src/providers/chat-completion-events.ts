import { ErrorCode, type FinishReason, type SSEDecoder, type SSEEvent } from '@sitechat/protocol';
import { DeltaTemplate } from './delta-template.js';
import { ProviderError } from './errors.js';
import type { ModelEvent, ModelUsage } from './types.js';

const FINISH_REASONS: Record<string, FinishReason> = {
  stop: 'stop',
  length: 'length',
  content_filter: 'content-filter',
  tool_calls: 'tool-calls',
  function_call: 'tool-calls',
};

/** The fields of a `chat.completion.chunk` that an answer needs; everything else is ignored. */
interface CompletionChunk {
  choices?: Array<{ delta?: { content?: string | null; refusal?: string | null } | null; finish_reason?: string | null }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null;
  error?: unknown;
}

/**
 * Turns the SSE events of a streamed chat completion into model events, synchronously, as many as a network
 * read brings. It reads the wire as the `openai` client's own stream reader does (we no longer iterate that:
 * docs/decisions/0008-upstream-stream-parsing.md): data up to `[DONE]`; Azure's first chunk with empty
 * `choices` and the usage chunk give no text; an `error` event or a chunk with an `error` field is the
 * upstream's failure (`upstream_error`, retryable); an event that is not a JSON object is a malformed answer
 * (also `upstream_error`: the upstream's fault, not the connection's).
 * @example
 * const decoder = new SSEDecoder(), answer = new ChatCompletionEvents();
 * const events = answer.readText(decoder.decode(bytes), decoder); // the text before any failure, as one delta
 * if (answer.failure) throw answer.failure; // once those deltas are passed on
 * if (answer.done) events.push(answer.finish());
 */
export class ChatCompletionEvents {
  /** `[DONE]` has arrived: anything after it is ignored. */
  done = false;
  /**
   * Set when an event was an error or malformed; reading stops there. Kept apart from the deltas that came
   * before it in the same read, so that the visitor still gets them (the partial answer is kept).
   */
  failure: ProviderError | undefined;
  private finishReason: FinishReason | undefined;
  private usage: ModelUsage | undefined;
  /** Text chunks of this answer's form, read without `JSON.parse` (delta-template.ts). */
  private readonly template = new DeltaTemplate();

  /**
   * The text in these events, up to `[DONE]` or a failure, as one text delta (or none): the tokens of one
   * network read travel on as one event (what the visitor is sent anyway: chat/ui-stream.ts).
   */
  read(events: readonly SSEEvent[]): ModelEvent[] {
    return delta(this.take(events));
  }

  /**
   * What `read(decoder.push(text))` gives, for `text` from `decoder.decode(bytes)`, with less work: once a text chunk
   * has taught the template its form, runs of such chunks are read straight from the text
   * (`DeltaTemplate.scan`), and only the other events (the first chunks, the finish and usage chunks, a chunk
   * with escapes) go through `decoder`, one event at a time. Those runs are nearly all of an answer; through the
   * decoder, each of their events cost a line, a data string and an event object.
   */
  readText(text: string, decoder: SSEDecoder): ModelEvent[] {
    const template = this.template;
    let read = '';
    let position = 0;
    // Events at a boundary that were not of the form, since the last run: after two, the rest of the text goes to
    // the decoder in one piece (the finish and usage chunks end an answer; another server's layout never matches).
    let misses = 0;
    while (position < text.length && !this.done && this.failure === undefined) {
      if (decoder.atEventBoundary) {
        const run = template.scan(text, position);
        if (run.end > position) {
          read += run.text;
          position = run.end;
          misses = 0;
          if (position === text.length) break;
        } else if (!template.learning && (!template.scannable || ++misses > 1)) {
          read += this.take(decoder.push(position === 0 ? text : text.slice(position)));
          break;
        }
      }
      // One event through the decoder (the rest of the text when its events do not end in a blank line of line
      // feeds): where it ends, the decoder is at a boundary again.
      const blank = text.indexOf('\n\n', position);
      const end = blank === -1 ? text.length : blank + 2;
      read += this.take(decoder.push(position === 0 && end === text.length ? text : text.slice(position, end)));
      position = end;
    }
    return delta(read);
  }

  /** The text in these events, up to `[DONE]` or a failure; records the finish reason, usage and failure. */
  private take(events: readonly SSEEvent[]): string {
    let text = '';
    for (const event of events) {
      if (this.done || this.failure) break;
      if (event.data === '[DONE]') {
        this.done = true;
        break;
      }
      if (event.event === 'error') {
        this.failure = new ProviderError(ErrorCode.UpstreamError, { retryable: true });
        break;
      }
      const known = this.template.match(event.data);
      if (known !== undefined) {
        text += known;
        continue;
      }
      const chunk = parseChunk(event.data);
      if (chunk === undefined || chunk.error) {
        this.failure = new ProviderError(ErrorCode.UpstreamError, { retryable: true });
        break;
      }
      this.template.learn(event.data, chunk);
      if (chunk.usage) {
        this.usage = {
          inputTokens: chunk.usage.prompt_tokens,
          outputTokens: chunk.usage.completion_tokens,
          totalTokens: chunk.usage.total_tokens,
        };
      }
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      const delta = choice.delta?.content || choice.delta?.refusal;
      if (delta) text += delta;
      if (choice.finish_reason) this.finishReason = FINISH_REASONS[choice.finish_reason] ?? 'other';
    }
    return text;
  }

  /**
   * The answer's last event, once the stream has ended (`[DONE]`, or the body's end). An answer that ended
   * without a finish reason was cut off: a failure, never a silent truncation.
   */
  finish(): ModelEvent {
    if (this.finishReason === undefined) throw new ProviderError(ErrorCode.StreamInterrupted, { retryable: true });
    return this.usage === undefined
      ? { type: 'finish', finishReason: this.finishReason }
      : { type: 'finish', finishReason: this.finishReason, usage: this.usage };
  }
}

/** A read's text as one text delta, or no event when it has none. */
function delta(text: string): ModelEvent[] {
  return text === '' ? [] : [{ type: 'text-delta', text }];
}

/** The event's JSON object, or `undefined` when it is not one. */
function parseChunk(data: string): CompletionChunk | undefined {
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null ? (value as CompletionChunk) : undefined;
  } catch {
    return undefined;
  }
}

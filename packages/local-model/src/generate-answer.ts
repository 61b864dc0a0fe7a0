/**
 * One answer on one context sequence: node-llama-cpp's callback-style generation turned into the
 * provider's event stream. Abort is the hard part, and the rules are:
 * - once the signal aborts, no further text is handed out (even text already generated and buffered);
 * - generation is stopped through node-llama-cpp's signal, between two tokens;
 * - the iterator does not finish (and so the sequence is not handed to the next visitor) until the native
 *   generation has really stopped, whether the reader aborted, broke out of its loop, or failed.
 * Internal.
 */
import type { ChatHistoryItem, LlamaChat } from 'node-llama-cpp';
import { EventChannel } from './event-channel.ts';
import type { ModelEvent, RenderedPrompt } from './types.ts';

export interface AnswerSettings {
  maxTokens: number;
  temperature: number;
  seed?: number;
}

/** Measurements of one answer, for logs and the benchmark. */
export interface AnswerStats {
  inputTokens: number;
  outputTokens: number;
  stopReason: 'stop' | 'length' | 'abort' | 'error';
  /** Milliseconds from the start of generation (prompt evaluation included) to the first text. */
  firstTextMs: number | undefined;
  /** Milliseconds from the start of generation to its end. */
  generationMs: number;
}

export interface AnswerInput {
  chat: LlamaChat;
  history: ChatHistoryItem[];
  prompt: RenderedPrompt;
  settings: AnswerSettings;
  /** Aborting stops generation; the iterator then throws `signal.reason`. */
  signal: AbortSignal;
  /** Receives the native generation's promise, so that `close()` can wait for it. */
  track: (generation: Promise<unknown>) => void;
  onStats?: (stats: AnswerStats) => void;
}

/** llama.cpp's server defaults, a sound middle for small chat models. */
const SAMPLING = { topK: 40, topP: 0.95, minP: 0.05 } as const;

export async function* generateAnswer(input: AnswerInput): AsyncGenerator<ModelEvent> {
  const { chat, history, prompt, settings } = input;
  // `stop` covers a reader that leaves without aborting (breaks out of its loop).
  const stop = new AbortController();
  const signal = AbortSignal.any([input.signal, stop.signal]);
  const meterBefore = chat.sequence.tokenMeter.getState();
  const startedAt = performance.now();
  let firstTextAt: number | undefined;
  let stopReason: AnswerStats['stopReason'] | undefined;

  const texts = new EventChannel<string>();
  const generation = chat.generateResponse(history, {
    signal,
    // Return what was generated instead of throwing, so the sequence's state stays consistent.
    stopOnAbortSignal: true,
    maxTokens: settings.maxTokens,
    temperature: settings.temperature,
    ...SAMPLING,
    ...(settings.seed === undefined ? {} : { seed: settings.seed }),
    onTextChunk: (text) => {
      if (!text || signal.aborted) return;
      firstTextAt ??= performance.now();
      texts.push(text);
    },
  });
  generation.then(
    () => texts.end(),
    (error: unknown) => texts.fail(error),
  );
  input.track(generation);

  try {
    for await (const text of texts) {
      if (signal.aborted) break;
      yield { type: 'text-delta', text };
    }
    const result = await generation;
    if (signal.aborted) throw signal.reason;
    stopReason = result.metadata.stopReason === 'maxTokens' ? 'length' : 'stop';
    const outputTokens = chat.sequence.tokenMeter.diff(meterBefore).usedOutputTokens;
    yield {
      type: 'finish',
      finishReason: stopReason,
      usage: { inputTokens: prompt.tokens, outputTokens, totalTokens: prompt.tokens + outputTokens },
    };
  } catch (error) {
    if (!signal.aborted) stopReason = 'error';
    throw error;
  } finally {
    // Unset here means the reader aborted or left before the end.
    stopReason ??= 'abort';
    stop.abort();
    await generation.catch(() => undefined);
    input.onStats?.({
      inputTokens: prompt.tokens,
      outputTokens: chat.sequence.tokenMeter.diff(meterBefore).usedOutputTokens,
      stopReason,
      firstTextMs: firstTextAt === undefined ? undefined : Math.round(firstTextAt - startedAt),
      generationMs: Math.round(performance.now() - startedAt),
    });
  }
}

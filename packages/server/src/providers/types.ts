import type { FinishReason } from '@sitechat/protocol';

/**
 * The seam between the chat route and a model. The OpenAI-compatible provider is the first; Azure OpenAI,
 * fallbacks across providers and an in-process local model implement the same interface.
 */

/** One turn as the model sees it. `system` only ever comes from the owner's configuration. */
export interface ModelMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ModelUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
}

export type ModelEvent =
  | { type: 'text-delta'; text: string }
  | { type: 'finish'; finishReason: FinishReason; usage?: ModelUsage };

/**
 * Events that arrived together (one network read), in order; never empty, and a `finish`, when there is one,
 * is the last.
 * Passing a read's events as one value lets an answer that arrives in a burst cross the server once per read
 * rather than once per token (one await per layer, one write to the visitor).
 */
export type ModelEventBatch = readonly ModelEvent[];

export interface ModelStreamRequest {
  messages: ModelMessage[];
  /** Aborting it must stop the upstream request (the visitor left or pressed Stop: billing stops). */
  signal: AbortSignal;
  /** A model from the owner's `model.allowed` list instead of the configured one (already checked). */
  model?: string;
}

export interface ModelProvider {
  /** For logs: `openai`, `azure`, `local`, ... */
  readonly name: string;
  /** The model name, for logs. */
  readonly model: string;
  /**
   * `false` for a provider that can only refuse (a local model that failed to load answers every question
   * 503 with the reason): `/api/config` and `/readyz` then report no model, so the widget shows its
   * no-model message. Absent means available.
   */
  readonly available?: boolean;
  /**
   * Stream one answer: `text-delta`s, then exactly one `finish`. A failure is thrown as a `ProviderError`
   * (providers/errors.ts), before the first event or in the middle; an answer that stops without a
   * `finish` is a failure too, never a silent truncation.
   */
  stream(request: ModelStreamRequest): AsyncIterable<ModelEvent>;
  /**
   * Optional: the same answer as `stream`, in the batches it arrived in. The chat route prefers it; a provider
   * without it is read one event per batch (`readBatches`, event-batches.ts).
   */
  streamBatches?(request: ModelStreamRequest): AsyncIterable<ModelEventBatch>;
}

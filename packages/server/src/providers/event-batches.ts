import type { ModelEvent, ModelEventBatch, ModelProvider, ModelStreamRequest } from './types.js';

/**
 * Between a provider's two shapes (types.ts): `stream`, one event at a time (the public contract, what a custom
 * provider implements), and `streamBatches`, the events of each network read together (what the chat route
 * reads, so that its per-event work is synchronous).
 */

/** A provider's answer in batches: its own `streamBatches` when it has one, else each event alone. */
export function readBatches(provider: ModelProvider, request: ModelStreamRequest): AsyncIterable<ModelEventBatch> {
  return provider.streamBatches?.(request) ?? eachAlone(provider.stream(request));
}

/** Each event as a batch of one. */
export async function* eachAlone(events: AsyncIterable<ModelEvent>): AsyncGenerator<ModelEventBatch> {
  for await (const event of events) yield [event];
}

/** The events of every batch, one at a time (the `stream` of a provider that reads in batches). */
export async function* eachEvent(batches: AsyncIterable<ModelEventBatch>): AsyncGenerator<ModelEvent> {
  for await (const batch of batches) yield* batch;
}

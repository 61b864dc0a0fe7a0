import { toProviderError } from './errors.js';
import { isTransient } from './retry.js';
import { eachEvent, readBatches } from './event-batches.js';
import type { ModelEventBatch, ModelProvider, ModelStreamRequest } from './types.js';

/**
 * Tries the next provider when one fails transiently (429, 5xx, a broken connection: `isTransient`) before
 * its first event; a failure after the answer started, or any other failure, is the answer's. A model the
 * visitor chose from `model.allowed` applies to the first provider only: fallbacks use their own models.
 * When every provider fails, the last failure is surfaced.
 * @example
 * const provider = withFallbacks([primary, createOpenAIProvider({ ...options, model: 'gpt-4.1-nano' })]);
 */
export function withFallbacks(providers: readonly ModelProvider[]): ModelProvider {
  const [primary, ...fallbacks] = providers;
  if (primary === undefined) throw new TypeError('withFallbacks needs at least one provider.');
  if (fallbacks.length === 0) return primary;

  async function* streamBatches(request: ModelStreamRequest): AsyncGenerator<ModelEventBatch> {
    const ownModel: ModelStreamRequest = { messages: request.messages, signal: request.signal };
    for (const [index, provider] of providers.entries()) {
      const batches = readBatches(provider, index === 0 ? request : ownModel)[Symbol.asyncIterator]();
      let first: IteratorResult<ModelEventBatch>;
      try {
        first = await batches.next();
      } catch (error) {
        const failure = toProviderError(error, { signal: request.signal, started: false });
        if (index === providers.length - 1 || !isTransient(failure)) throw failure;
        continue;
      }
      try {
        for (let result = first; !result.done; result = await batches.next()) yield result.value;
      } finally {
        await batches.return?.();
      }
      return;
    }
  }
  return { name: primary.name, model: primary.model, stream: (request) => eachEvent(streamBatches(request)), streamBatches };
}

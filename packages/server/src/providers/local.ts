/**
 * The in-process local model (@sitechat/local-model) behind the server's `ModelProvider` seam. Web-standard
 * on purpose: it wraps a provider the Node entry point built (providers/local-start.ts), and knows
 * @sitechat/local-model by its types only, so Workers bundles never reach node-llama-cpp.
 */
import type { LocalModelInfo, LocalProvider } from '@sitechat/local-model';
import type { Logger } from '../http/logger.js';
import { localModelErrorCode, ProviderError, toProviderError } from './errors.js';
import type { ModelEvent, ModelProvider, ModelStreamRequest } from './types.js';

/** What the adapter needs of a `createLocalProvider()` result (a test may pass its own). */
export type LocalModelEngine = Pick<LocalProvider, 'model' | 'stream' | 'queue' | 'info' | 'close'>;

export interface LocalModelProvider extends ModelProvider {
  readonly name: 'local';
  /** Set once the model is loaded. */
  readonly info: LocalModelInfo | undefined;
  /** Answers generating and requests waiting. */
  readonly queue: { active: number; queued: number };
  /** Stops every answer, refuses new ones and frees the model's memory (graceful shutdown). */
  close(): Promise<void>;
}

export interface LocalModelProviderOptions {
  /** Where the owner reads why the model failed (the visitor only gets plain words). */
  logger?: Logger;
}

/**
 * @example
 * const { createLocalProvider } = await import('@sitechat/local-model');
 * const provider = fromLocalProvider(createLocalProvider({ model: { path } }), { logger });
 * const app = createSitechat(config, { provider });
 */
export function fromLocalProvider(engine: LocalModelEngine, options: LocalModelProviderOptions = {}): LocalModelProvider {
  async function* stream(request: ModelStreamRequest): AsyncGenerator<ModelEvent> {
    // One model per local provider: a `model` from `model.allowed` does not apply.
    const events = engine.stream({ messages: request.messages, signal: request.signal })[Symbol.asyncIterator]();
    let started = false;
    let ended = false;
    try {
      for (;;) {
        const result = await events.next();
        if (result.done) {
          ended = true;
          return;
        }
        const event = result.value;
        if (event.type === 'text-delta') {
          started = true;
          yield event;
          continue;
        }
        // The engine gives its context sequence to the next visitor only when its iterator ends, and a
        // consumer may stop reading at `finish` (the chat route does): end it before passing `finish` on.
        ended = true;
        await events.return?.();
        yield event.usage === undefined
          ? { type: 'finish', finishReason: event.finishReason }
          : { type: 'finish', finishReason: event.finishReason, usage: event.usage };
        return;
      }
    } catch (error) {
      ended = true;
      const failure = toProviderError(error, { signal: request.signal, started });
      logFailure(error, failure, options.logger);
      throw failure;
    } finally {
      // The consumer left mid-answer (the visitor went away): stop generating.
      if (!ended) await events.return?.();
    }
  }

  return {
    name: 'local',
    get model() {
      return engine.model;
    },
    get info() {
      return engine.info;
    },
    get queue() {
      return engine.queue;
    },
    stream,
    close: () => engine.close(),
  };
}

/**
 * A local model that could not start (no network for its download, a missing file): every request is
 * answered 503 with `failure`'s message, which says why and how to configure a model. The server still
 * starts, so that the owner sees that message in the widget rather than a dead page.
 */
export function unavailableLocalModel(model: string, failure: ProviderError): LocalModelProvider {
  return {
    name: 'local',
    model,
    available: false,
    info: undefined,
    queue: { active: 0, queued: 0 },
    async *stream() {
      throw failure;
    },
    close: async () => {},
  };
}

/** The owner's detailed reason; busy refusals are routine under load and only counted by the request log. */
function logFailure(error: unknown, failure: ProviderError, logger: Logger | undefined): void {
  const code = localModelErrorCode(error);
  if (logger === undefined || code === undefined || failure.code === 'abort' || code === 'model_busy') return;
  logger.warn('local model failed', { code, reason: (error as Error).message });
}

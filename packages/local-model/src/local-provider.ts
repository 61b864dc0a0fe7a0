/**
 * The local model provider: a GGUF model running inside the server process through node-llama-cpp, behind
 * the same `stream()` contract as the OpenAI provider. The model is resolved (downloaded once when it is
 * a reference) and loaded on first use, once, however many requests arrive together; each answer then
 * holds one context sequence, taken in arrival order from a bounded queue.
 */
import { toChatHistory } from './chat-history.ts';
import { LocalModelError, LocalModelErrorCode } from './errors.ts';
import { DEFAULT_LOCAL_MODEL } from './default-model.ts';
import { generateAnswer, type AnswerStats } from './generate-answer.ts';
import { loadEngine, type GpuOption, type LoadedEngine, type LogLevelOption } from './model-engine.ts';
import { RequestQueue } from './request-queue.ts';
import { modelSourceName, resolveModelFile } from './resolve-model-file.ts';
import type {
  DownloadProgress,
  LocalModelInfo,
  LocalModelSource,
  ModelEvent,
  ModelProvider,
  ModelStreamRequest,
  RenderedPrompt,
} from './types.ts';

export interface LocalProviderOptions {
  /** A GGUF file or a reference to download. Default: `DEFAULT_LOCAL_MODEL`. */
  model?: LocalModelSource;
  /** Where downloaded models are kept. Default `~/.cache/sitechat/models`. */
  cacheDir?: string;
  /** Download progress, for a progress bar (see `createProgressBar`). */
  onDownloadProgress?: (progress: DownloadProgress) => void;
  /** Answers generated at once, one context sequence each. Default 1: on a CPU, more mostly share the same cores. */
  concurrency?: number;
  /** Requests that may wait for a sequence; one more gets `LocalModelBusyError`. Default 16. */
  maxQueue?: number;
  /** Most tokens (prompt plus answer) per sequence; lowered to what the model was trained on. Default 4096. */
  contextSize?: number;
  /** Default answer length limit, in tokens. Default 1024. */
  maxOutputTokens?: number;
  /** Default 0.8 with top-k 40, top-p 0.95, min-p 0.05: llama.cpp's own server defaults. 0 is greedy. */
  temperature?: number;
  /** Fixes sampling, for reproducible answers (tests). Default: random. */
  seed?: number;
  /** Default `auto`: CUDA or Vulkan on Linux and Windows, Metal on Apple silicon, else the CPU. */
  gpu?: GpuOption;
  /** CPU threads. Default: the cores useful for math less one, left to the rest of the server. */
  threads?: number;
  /** llama.cpp's log level. Default `warn`. */
  logLevel?: LogLevelOption;
  /** Called with each rendered prompt: for debugging a model's chat template. */
  onPrompt?: (prompt: RenderedPrompt) => void;
  /** Called after each answer, finished or not, with its token counts and timings. */
  onStats?: (stats: AnswerStats) => void;
  /** For downloads (tests, proxies). Default: the global fetch. */
  fetch?: typeof fetch;
}

export interface LocalProvider extends ModelProvider {
  readonly name: 'local';
  /** The model's file name. */
  readonly model: string;
  /** Downloads (when needed) and loads the model now, e.g. at startup; `stream()` does it on first use otherwise. */
  load(options?: { signal?: AbortSignal }): Promise<LocalModelInfo>;
  /** Set once loaded. */
  readonly info: LocalModelInfo | undefined;
  /** Answers generating and requests waiting, for logs and health checks. */
  readonly queue: { active: number; queued: number };
  /** Stops every answer, refuses new ones, and frees the model's memory. */
  close(): Promise<void>;
}

/**
 * @example
 * const provider = createLocalProvider({ model: { path: '/models/qwen2.5-0.5b-instruct-q4_k_m.gguf' } });
 * for await (const event of provider.stream({ messages: [{ role: 'user', content: 'Hi' }], signal })) {
 *   if (event.type === 'text-delta') process.stdout.write(event.text);
 * }
 * await provider.close();
 */
export function createLocalProvider(options: LocalProviderOptions = {}): LocalProvider {
  const source: LocalModelSource = options.model ?? DEFAULT_LOCAL_MODEL;
  const concurrency = options.concurrency ?? 1;
  const requestQueue = new RequestQueue({ concurrency, maxQueue: options.maxQueue ?? 16 });
  const shutdown = new AbortController();
  const running = new Set<Promise<unknown>>();
  let loading: Promise<LoadedEngine> | undefined;
  let engine: LoadedEngine | undefined;

  function loadOnce(): Promise<LoadedEngine> {
    loading ??= (async () => {
      const modelPath = await resolveModelFile(source, {
        ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
        ...(options.onDownloadProgress ? { onProgress: options.onDownloadProgress } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
        signal: shutdown.signal,
      });
      const loaded = await loadEngine({
        modelPath,
        concurrency,
        contextSize: options.contextSize ?? 4096,
        gpu: options.gpu ?? 'auto',
        logLevel: options.logLevel ?? 'warn',
        ...(options.threads === undefined ? {} : { threads: options.threads }),
      });
      if (shutdown.signal.aborted) {
        await loaded.dispose();
        throw closedError();
      }
      engine = loaded;
      return loaded;
    })();
    // A failed load (no network yet, file being copied) is tried again by the next request.
    loading.catch(() => (loading = undefined));
    return loading;
  }

  async function* stream(request: ModelStreamRequest): AsyncGenerator<ModelEvent> {
    // Malformed input is the caller's bug: thrown as is, before it takes a place in the queue.
    const history = toChatHistory(request.messages);
    const lease = await requestQueue.acquire(request.signal);
    try {
      const loaded = await untilAborted(loadOnce(), request.signal);
      const prompt = loaded.renderPrompt(history);
      options.onPrompt?.(prompt);
      yield* generateAnswer({
        chat: loaded.chat(lease.slot),
        history,
        prompt,
        settings: {
          maxTokens: request.maxTokens ?? options.maxOutputTokens ?? 1024,
          temperature: request.temperature ?? options.temperature ?? 0.8,
          ...(options.seed === undefined ? {} : { seed: options.seed }),
        },
        signal: AbortSignal.any([request.signal, shutdown.signal]),
        track: (generation) => {
          running.add(generation);
          void generation.finally(() => running.delete(generation)).catch(() => undefined);
        },
        ...(options.onStats ? { onStats: options.onStats } : {}),
      });
    } catch (error) {
      if (request.signal.aborted) throw request.signal.reason;
      if (shutdown.signal.aborted) throw closedError();
      if (error instanceof LocalModelError) throw error;
      throw new LocalModelError(LocalModelErrorCode.GenerationFailed, `The local model failed while answering: ${messageOf(error)}`, {
        cause: error,
      });
    } finally {
      // Only after generateAnswer finished, that is after the native generation really stopped.
      lease.release();
    }
  }

  return {
    name: 'local',
    model: modelSourceName(source),
    stream,
    async load(loadOptions = {}) {
      if (shutdown.signal.aborted) throw closedError();
      const loaded = await untilAborted(loadOnce(), loadOptions.signal);
      return loaded.info;
    },
    get info() {
      return engine?.info;
    },
    get queue() {
      return { active: requestQueue.active, queued: requestQueue.queued };
    },
    async close() {
      if (shutdown.signal.aborted) return;
      shutdown.abort(closedError());
      requestQueue.close();
      await Promise.allSettled([...running]);
      const loaded = await loading?.catch(() => undefined);
      await loaded?.dispose();
      engine = undefined;
    },
  };
}

function closedError(): LocalModelError {
  return new LocalModelError(LocalModelErrorCode.Closed, 'The local model was closed.');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Waits for a shared promise, but lets one waiter give up without cancelling it for the others. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

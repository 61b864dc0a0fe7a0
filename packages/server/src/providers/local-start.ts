/**
 * Node only: starts the local model the configuration selects (providers/select-provider.ts) before the
 * server listens: downloads it once when needed (the caller draws the progress), loads it, and says which
 * model, threads and GPU it got. @sitechat/local-model is imported dynamically here and nowhere else, so
 * neither it nor node-llama-cpp is loaded by a server that does not use them, and Workers never see them.
 *
 * A model that cannot start (no network for the download, a missing file, node-llama-cpp not installed)
 * does not stop the server: it starts anyway, and every question is answered 503 with the reason and the
 * ways to configure a model, so the owner reads it in the widget as well as in the terminal.
 */
import { createRequire } from 'node:module';
import { ErrorCode } from '@sitechat/protocol';
import type { DownloadProgress, LocalModelErrorCode, LocalModelInfo, LocalProviderOptions } from '@sitechat/local-model';
import type { ModelConfig, SitechatConfig } from '../config/schema.js';
import type { Logger } from '../http/logger.js';
import { localModelErrorCode, ProviderError } from './errors.js';
import { fromLocalProvider, type LocalModelProvider, unavailableLocalModel } from './local.js';
import { LOCAL_MODEL_UNAVAILABLE_MESSAGE, localModelOfflineMessage } from './local-messages.js';
import { localModelSchema } from './local-model-schema.js';
import { selectProvider } from './select-provider.js';

export type LocalModelSource = 'path' | 'url' | 'default';

/** What `sitechat start` shows while the model starts. */
export type LocalModelStartEvent =
  | {
      type: 'loading';
      /** The file name, or the default model's name. */
      model: string;
      source: LocalModelSource;
      /** The default model's facts, for the owner who configured nothing. */
      defaultModel?: { name: string; sizeBytes: number; licence: string };
    }
  | { type: 'download-progress'; model: string; progress: DownloadProgress };

export type LocalModelStatus =
  | { state: 'ready'; source: LocalModelSource; provider: LocalModelProvider; info: LocalModelInfo }
  | {
      state: 'unavailable';
      source: LocalModelSource;
      /** Answers every request 503 `model_not_configured` with `publicMessage`. */
      provider: LocalModelProvider;
      code: LocalModelErrorCode;
      /** The owner's detailed reason (paths, URLs, the network error), for the terminal and the log. */
      reason: string;
      /** The download could not reach its server at all. */
      offline: boolean;
      /** What the widget shows. */
      publicMessage: string;
    };

export interface StartLocalModelOptions {
  /** Run the default model when nothing else is configured (`sitechat start`). Default false. */
  localModelByDefault?: boolean;
  logger: Logger;
  onEvent?: (event: LocalModelStartEvent) => void;
  /** For downloads. Default: the global fetch. */
  fetch?: typeof fetch;
  /** Default: whether node-llama-cpp resolves from @sitechat/local-model (`localModelInstalled`). */
  localModelInstalled?: () => boolean;
}

/**
 * The local model the configuration selects, started; `undefined` when another provider (or none) is
 * selected.
 * @example
 * const local = await startConfiguredLocalModel(config, { localModelByDefault: true, logger });
 * const app = createSitechat(config, { provider: local?.provider });
 */
export async function startConfiguredLocalModel(
  config: Pick<SitechatConfig, 'model' | 'localModel'>,
  options: StartLocalModelOptions,
): Promise<LocalModelStatus | undefined> {
  const selection = selectProvider(config, {
    localModelByDefault: options.localModelByDefault ?? false,
    localModelInstalled: options.localModelInstalled ?? localModelInstalled,
  });
  if (selection.provider !== 'local') return undefined;
  const { createLocalProvider, DEFAULT_LOCAL_MODEL } = await import('@sitechat/local-model');
  const settings = config.localModel ?? localModelSchema.parse({});
  const source = selection.source;
  const model: LocalProviderOptions['model'] =
    source === 'path'
      ? { path: settings.path! }
      : source === 'url'
        ? { url: settings.url!, ...(settings.sha256 === undefined ? {} : { sha256: settings.sha256 }) }
        : { url: DEFAULT_LOCAL_MODEL.url, sha256: DEFAULT_LOCAL_MODEL.sha256, sizeBytes: DEFAULT_LOCAL_MODEL.sizeBytes };

  let offline = false;
  const download = withConnectTimeout(options.fetch ?? fetch, settings.downloadConnectTimeoutMs, () => (offline = true));
  let name = '';
  const engine = createLocalProvider({
    model,
    concurrency: settings.concurrency,
    maxQueue: settings.maxQueue,
    contextSize: settings.contextSize,
    gpu: settings.gpu,
    ...(settings.threads === undefined ? {} : { threads: settings.threads }),
    ...(settings.cacheDir === undefined ? {} : { cacheDir: settings.cacheDir }),
    ...modelSettings(config.model),
    fetch: download,
    onDownloadProgress: (progress) => options.onEvent?.({ type: 'download-progress', model: name, progress }),
  });
  name = source === 'default' ? DEFAULT_LOCAL_MODEL.name : engine.model;
  options.onEvent?.({
    type: 'loading',
    model: name,
    source,
    ...(source === 'default'
      ? { defaultModel: { name: DEFAULT_LOCAL_MODEL.name, sizeBytes: DEFAULT_LOCAL_MODEL.sizeBytes, licence: DEFAULT_LOCAL_MODEL.licence } }
      : {}),
  });

  const provider = fromLocalProvider(engine, { logger: options.logger });
  try {
    const info = await engine.load();
    options.logger.info('local model ready', { ...info, source });
    return { state: 'ready', source, provider, info };
  } catch (error) {
    const code = localModelErrorCode(error);
    // Anything but the local model's own failures is a bug, reported as one.
    await engine.close();
    if (code === undefined) throw error;
    const reason = (error as Error).message;
    const publicMessage = offline
      ? localModelOfflineMessage({ defaultModel: source === 'default', name, ...(source === 'default' ? { sizeBytes: DEFAULT_LOCAL_MODEL.sizeBytes } : {}) })
      : LOCAL_MODEL_UNAVAILABLE_MESSAGE;
    options.logger.warn('local model unavailable', { code, reason, source });
    const failure = new ProviderError(ErrorCode.ModelNotConfigured, { retryable: false, publicMessage });
    return { state: 'unavailable', source, provider: unavailableLocalModel(name, failure), code, reason, offline, publicMessage };
  }
}

/** Whether node-llama-cpp can be loaded where @sitechat/local-model loads it from; cheap (no import). */
export function localModelInstalled(): boolean {
  try {
    createRequire(import.meta.resolve('@sitechat/local-model')).resolve('node-llama-cpp');
    return true;
  } catch {
    return false;
  }
}

function modelSettings(model: Pick<ModelConfig, 'maxOutputTokens' | 'temperature'>): Pick<LocalProviderOptions, 'maxOutputTokens' | 'temperature'> {
  return { maxOutputTokens: model.maxOutputTokens, ...(model.temperature === undefined ? {} : { temperature: model.temperature }) };
}

/**
 * A fetch that gives up when the server has not answered within `timeoutMs` (a network that drops packets
 * would otherwise hold start-up for minutes), and reports a request that never got an answer at all. Once
 * the answer has started, the download itself may take as long as it takes.
 */
export function withConnectTimeout(fetchFunction: typeof fetch, timeoutMs: number, onUnreachable: () => void): typeof fetch {
  return async (input, init = {}) => {
    const connect = new AbortController();
    const timer = setTimeout(() => connect.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
    try {
      return await fetchFunction(input, { ...init, signal: init.signal ? AbortSignal.any([init.signal, connect.signal]) : connect.signal });
    } catch (error) {
      if (!init.signal?.aborted) onUnreachable();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}

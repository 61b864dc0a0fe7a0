export { createLocalProvider, type LocalProvider, type LocalProviderOptions } from './local-provider.ts';
export { DEFAULT_LOCAL_MODEL } from './default-model.ts';
export {
  CONFIGURE_A_MODEL,
  LocalModelBusyError,
  LocalModelError,
  LocalModelErrorCode,
  isLocalModelError,
} from './errors.ts';
export { localModelOptionsFromEnv, LocalModelConfigError, type Environment } from './env-options.ts';
export { resolveModelFile, defaultModelCacheDir, type ResolveModelOptions } from './resolve-model-file.ts';
export { downloadFile, type DownloadOptions, type DownloadResult } from './download-file.ts';
export { parseModelReference, type ModelReference } from './model-reference.ts';
export { createProgressBar, type ProgressBar, type ProgressBarOptions, type ProgressOutput } from './progress-bar.ts';
export type { GpuOption, LogLevelOption } from './model-engine.ts';
export type { AnswerStats } from './generate-answer.ts';
export type {
  DownloadProgress,
  LocalFinishReason,
  LocalModelInfo,
  LocalModelSource,
  ModelEvent,
  ModelMessage,
  ModelProvider,
  ModelStreamRequest,
  ModelUsage,
  RenderedPrompt,
} from './types.ts';

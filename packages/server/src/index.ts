/**
 * `@sitechat/server`: web-standard parts only (any runtime). Node entry points live in `@sitechat/server/node`.
 */
export { createSitechat, type PublicConfig, type SitechatApp, type SitechatOptions } from './app.js';
export {
  ConfigError,
  defineConfig,
  isModelConfigured,
  parseConfig,
  sitechatConfigSchema,
  type LimitsConfig,
  type ModelConfig,
  type SitechatConfig,
  type SitechatConfigInput,
} from './config/schema.js';
export { DEFAULT_SYSTEM_PROMPT, DEFAULTS } from './config/defaults.js';
export { MODEL_NOT_CONFIGURED_MESSAGE } from './config/model-help.js';
export { SitechatError } from './http/errors.js';
export { consoleLogger, silentLogger, type Logger } from './http/logger.js';
export { ProviderError, type ProviderErrorCode } from './providers/errors.js';
export { createOpenAIProvider, type OpenAIProviderOptions } from './providers/openai.js';
export type { ModelEvent, ModelMessage, ModelProvider, ModelStreamRequest, ModelUsage } from './providers/types.js';

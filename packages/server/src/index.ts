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
  type OpsConfig,
  type ModerationConfig,
  type SitechatConfig,
  type SitechatConfigInput,
} from './config/schema.js';
export { DEFAULT_SYSTEM_PROMPT, DEFAULTS } from './config/defaults.js';
export type { CitedSource, Grounding, GroundingRequest, SitechatKnowledge } from './knowledge/sitechat-knowledge.js';
export { KNOWLEDGE_DEFAULTS, type KnowledgeConfig, type KnowledgeSourceConfig } from './knowledge/knowledge-schema.js';
export { retrievalQuery } from './knowledge/retrieval-query.js';
export { parsePageContext, type PageContext } from './chat/page-context.js';
export { MODEL_NOT_CONFIGURED_MESSAGE } from './config/model-help.js';
export { SitechatError } from './http/errors.js';
export { consoleLogger, silentLogger, type Logger } from './http/logger.js';
export { ProviderError, type ProviderErrorCode } from './providers/errors.js';
export { createOpenAIProvider, type OpenAIProviderOptions } from './providers/openai.js';
export { fetchTransport, type ModelAnswerBody, type ModelHttpRequest, type ModelHttpResponse, type ModelTransport } from './providers/model-transport.js';
export { fromLocalProvider, type LocalModelEngine, type LocalModelProvider, type LocalModelProviderOptions } from './providers/local.js';
export { selectProvider, type ProviderSelection, type SelectProviderFacts } from './providers/select-provider.js';
export { LOCAL_MODEL_DEFAULTS, type LocalModelConfig } from './providers/local-model-schema.js';
export type { ModelEvent, ModelEventBatch, ModelMessage, ModelProvider, ModelStreamRequest, ModelUsage } from './providers/types.js';
export {
  createVisitorToken,
  verifyVisitorToken,
  type CreateVisitorTokenOptions,
  type VerifyVisitorTokenOptions,
} from './auth/visitor-token.js';
export { VISITOR_ID_HEADER, type Visitor } from './auth/visitor-identity/visitor-identity.js';
export type { LimitStore, WindowCount } from './limits/limit-store.js';
export { MemoryLimitStore } from './limits/memory-store.js';
export type { ModerationEvent, ModerationPolicy } from './moderation/moderation.js';
export { createOpenAIModerator, type Moderator, type ModerationVerdict } from './providers/moderation.js';
export { withFallbacks } from './providers/fallback.js';
export { withRetries, type RetryOptions } from './providers/retry.js';
export { createJsonLogger, jsonLogger, type JsonLoggerOptions } from './ops/access-log/json-logger.js';
export type { ReadinessCheck } from './ops/health/health.js';
export { Counter, Gauge, Histogram, MetricsRegistry, type Labels } from './ops/metrics/registry.js';
export { createSitechatMetrics, type SitechatMetrics } from './ops/metrics/sitechat-metrics.js';
export type { RequestStats } from './ops/request-stats/request-stats.js';
export { formatReport, runDoctor, type DoctorOptions, type DoctorReport, type Finding } from './doctor/index.js';
export { configFromEnv } from './runtimes/env-config.js';
export type { ConversationFeatures } from './conversations/mount-conversations.js';
export type { ConversationBody, RestoredAnswerMetadata } from './conversations/transcript-messages.js';
export type { StoreConfig, PrivacyConfig, AdminConfig } from './config/schema.js';

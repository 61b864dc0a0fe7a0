import { isModelConfigured, type ModelConfig, type ModerationConfig } from '../config/schema.js';
import { withFallbacks } from './fallback.js';
import { createOpenAIModerator, type Moderator } from './moderation.js';
import { createOpenAIProvider } from './openai.js';
import { withRetries } from './retry.js';
import type { ModelTransport } from './model-transport.js';
import type { ModelProvider } from './types.js';

export interface CreateProviderOptions {
  fetch?: typeof fetch;
  /** How model requests travel (model-transport.ts); the moderator always uses `fetch`. */
  transport?: ModelTransport;
}

/**
 * The provider the configuration asks for, or `undefined` when no model is configured (the chat route then
 * answers 503 `model_not_configured`; the server still starts). The main model first, then each of
 * `model.fallbacks`; each is retried before its first byte (`model.maxRetries`, `model.maxRetryDelayMs`),
 * and the next is tried when one still fails with 429, 5xx or a broken connection.
 */
export function createModelProvider(model: ModelConfig, options: CreateProviderOptions = {}): ModelProvider | undefined {
  // The local model is built by the Node entry point (local-start.ts) and passed in as `options.provider`.
  if (!isModelConfigured(model) || model.provider === 'local') return undefined;
  const shared = {
    temperature: model.temperature,
    timeoutMs: model.timeoutMs,
    // Our own retry loop (retry.ts) replaces the SDK's, so that nothing is retried after the first byte.
    maxRetries: 0,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.transport === undefined ? {} : { transport: options.transport }),
  };
  const retries = { maxRetries: model.maxRetries, maxDelayMs: model.maxRetryDelayMs };
  const primary = createOpenAIProvider({
    ...shared,
    apiKey: model.apiKey,
    baseURL: model.baseURL,
    azure: model.azure,
    model: model.name,
    maxOutputTokens: model.maxOutputTokens,
  });
  const fallbacks = model.fallbacks.map((fallback) => {
    const sameServer = fallback.baseURL === undefined && fallback.azure === undefined;
    return createOpenAIProvider({
      ...shared,
      // The main key only goes where the main model lives; another server needs its own (or none).
      apiKey: fallback.apiKey ?? (sameServer ? model.apiKey : undefined),
      baseURL: sameServer ? model.baseURL : fallback.baseURL,
      azure: sameServer ? model.azure : fallback.azure,
      model: fallback.name,
      maxOutputTokens: fallback.maxOutputTokens ?? model.maxOutputTokens,
    });
  });
  return withFallbacks([primary, ...fallbacks].map((provider) => withRetries(provider, retries)));
}

/**
 * The moderation service, or `undefined` when moderation is off (the endpoint is then never called, so
 * servers without one work). Its key and URL default to the model's.
 */
export function createModerator(
  moderation: ModerationConfig,
  model: ModelConfig,
  options: CreateProviderOptions = {},
): Moderator | undefined {
  if (moderation.input === 'off' && moderation.output === 'off') return undefined;
  const ownServer = moderation.baseURL !== undefined;
  return createOpenAIModerator({
    apiKey: moderation.apiKey ?? (ownServer ? undefined : model.apiKey),
    baseURL: moderation.baseURL ?? model.baseURL,
    model: moderation.model,
    timeoutMs: moderation.timeoutMs,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
}

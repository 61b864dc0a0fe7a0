import { isModelConfigured, type ModelConfig } from '../config/schema.js';
import { createOpenAIProvider } from './openai.js';
import type { ModelProvider } from './types.js';

export interface CreateProviderOptions {
  fetch?: typeof fetch;
}

/**
 * The provider the configuration asks for, or `undefined` when no model is configured (the chat route then
 * answers 503 `model_not_configured`; the server still starts).
 */
export function createModelProvider(model: ModelConfig, options: CreateProviderOptions = {}): ModelProvider | undefined {
  if (!isModelConfigured(model)) return undefined;
  return createOpenAIProvider({
    apiKey: model.apiKey,
    baseURL: model.baseURL,
    model: model.name,
    temperature: model.temperature,
    maxOutputTokens: model.maxOutputTokens,
    timeoutMs: model.timeoutMs,
    maxRetries: model.maxRetries,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
}

/**
 * Which model answers, from the configuration (file and environment) and what is installed. Pure, so the
 * rules are tested on their own; the Node entry point acts on the answer (providers/local-start.ts).
 *
 * 1. `model.provider` set: that one (`openai` without a key or base URL is "not configured").
 * 2. A local model file or download named (`localModel.path` / `localModel.url`, SITECHAT_MODEL_PATH /
 *    SITECHAT_MODEL_URL): the local model, even when a key is set too.
 * 3. A key, a base URL or Azure (OPENAI_API_KEY, OPENAI_BASE_URL): the OpenAI-compatible provider.
 * 4. Nothing configured, `localModelByDefault` (`sitechat start`) and node-llama-cpp installed: the local
 *    provider with the default model (downloaded once).
 * 5. Otherwise none: the server starts and answers 503 `model_not_configured` with the ways to configure one.
 */
import type { SitechatConfig } from '../config/schema.js';

export type ProviderSelection =
  | { provider: 'openai' }
  | { provider: 'local'; source: 'path' | 'url' | 'default' }
  | { provider: 'none' };

export interface SelectProviderFacts {
  /** Run the default local model when nothing else is configured. */
  localModelByDefault: boolean;
  /** Whether node-llama-cpp can be loaded; asked only when it decides. */
  localModelInstalled: () => boolean;
}

export function selectProvider(
  config: { model: Pick<SitechatConfig['model'], 'provider' | 'apiKey' | 'baseURL'>; localModel?: SitechatConfig['localModel'] },
  facts: SelectProviderFacts,
): ProviderSelection {
  const { model, localModel } = config;
  const local: ProviderSelection = {
    provider: 'local',
    source: localModel?.path !== undefined ? 'path' : localModel?.url !== undefined ? 'url' : 'default',
  };
  // As `isModelConfigured` (Azure OpenAI needs `apiKey` too).
  const remoteConfigured = model.apiKey !== undefined || model.baseURL !== undefined;
  if (model.provider === 'local') return local;
  if (model.provider === 'openai') return remoteConfigured ? { provider: 'openai' } : { provider: 'none' };
  if (local.source !== 'default') return local;
  if (remoteConfigured) return { provider: 'openai' };
  if (facts.localModelByDefault && facts.localModelInstalled()) return local;
  return { provider: 'none' };
}

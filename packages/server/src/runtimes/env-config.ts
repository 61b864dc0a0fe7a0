import type { SitechatConfigInput } from '../config/schema.js';

/** The environment variables (or Workers bindings) an entry point reads, and the setting each one sets. */
export const ENV_VARIABLES = {
  OPENAI_API_KEY: ['model', 'apiKey'],
  OPENAI_BASE_URL: ['model', 'baseURL'],
  SITECHAT_MODEL: ['model', 'name'],
  SITECHAT_METRICS_TOKEN: ['ops', 'metricsToken'],
} as const;

/**
 * A configuration from environment variables or Workers bindings, for runtimes without a config file:
 * `SITECHAT_CONFIG` (the JSON of a sitechat.config.json) first, then the variables above on top.
 * Web standards only; `parseConfig` (in `createSitechat`) validates the result.
 * @throws SyntaxError naming SITECHAT_CONFIG when it is not JSON.
 * @example
 * createSitechat(configFromEnv({ OPENAI_API_KEY: 'sk-...', SITECHAT_CONFIG: '{"limits":{"maxMessages":20}}' }));
 */
export function configFromEnv(env: Readonly<Record<string, unknown>>): SitechatConfigInput {
  let config: Record<string, unknown> = {};
  const raw = env.SITECHAT_CONFIG;
  if (typeof raw === 'string' && raw.trim() !== '') {
    try {
      config = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      throw new SyntaxError('SITECHAT_CONFIG: must be the JSON text of a Sitechat configuration');
    }
  }
  for (const [name, [section, key]] of Object.entries(ENV_VARIABLES)) {
    const value = env[name];
    if (typeof value !== 'string' || value.trim() === '') continue;
    const current = config[section];
    config = { ...config, [section]: { ...(typeof current === 'object' && current !== null ? current : {}), [key]: value.trim() } };
  }
  return config as SitechatConfigInput;
}

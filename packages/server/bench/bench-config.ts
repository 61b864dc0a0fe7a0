/**
 * The configuration both Sitechat bench servers run with: `base`, plus the conversation store off and every
 * per-visitor limit and token budget lifted (every bench stream comes from one address), so that a run measures
 * the gateway, like the others in the table. Each setting is applied only where this build knows it, so that
 * the same bench runs against older builds.
 */
import { parseConfig } from '../dist/index.js';

const OVERRIDES: Record<string, unknown>[] = [
  { store: false },
  { limits: { requestsPerMinutePerIp: 0, requestsPerMinutePerVisitor: 0, concurrentStreamsPerIp: 0, concurrentStreamsPerVisitor: 0 } },
  { limits: { tokensPerConversation: 0, tokensPerVisitorPerDay: 0, tokensPerSitePerDay: 0 } },
];

export function benchConfig(base: Record<string, unknown>): Record<string, unknown> {
  let config = base;
  for (const override of OVERRIDES) {
    const limits = 'limits' in override ? { limits: { ...(config.limits as object), ...(override.limits as object) } } : {};
    const candidate = { ...config, ...override, ...limits };
    try {
      parseConfig(candidate);
      config = candidate;
    } catch {
      // not a setting of this build
    }
  }
  return config;
}

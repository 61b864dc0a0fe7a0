/**
 * Bench server: Sitechat as `sitechat start` runs it (startServer from the build), pointed at the fake model.
 * Request logging and metrics stay on, as in production (log lines go to /dev/null). Per-visitor rate limits
 * are lifted (every bench stream comes from one address) and the conversation store is off: this measures
 * the gateway, like the others in the table.
 *   node sitechat-server.ts <port> <model base URL>
 */
import { parseConfig } from '../dist/index.js';
import { startServer } from '../dist/node.js';

let config: Record<string, unknown> = {
  model: { baseURL: process.argv[3]!, name: 'fake-model' },
  systemPrompt: 'You are a benchmark.',
};
// Settings that newer versions have; each is applied only where this build knows it.
const overrides: Record<string, unknown>[] = [
  { store: false },
  { limits: { requestsPerMinutePerIp: 0, requestsPerMinutePerVisitor: 0, concurrentStreamsPerIp: 0, concurrentStreamsPerVisitor: 0 } },
  { limits: { tokensPerConversation: 0, tokensPerVisitorPerDay: 0, tokensPerSitePerDay: 0 } },
];
for (const override of overrides) {
  const limits = 'limits' in override ? { limits: { ...(config.limits as object), ...(override.limits as object) } } : {};
  const candidate = { ...config, ...override, ...limits };
  try {
    parseConfig(candidate);
    config = candidate;
  } catch {
    // not a setting of this build
  }
}
await startServer({ port: Number(process.argv[2]), host: '127.0.0.1', config });

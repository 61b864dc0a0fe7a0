// Run by node-retention.test.ts under `node --trace-gc-nvp`: the built Node entry (dist/), pointed at the fake
// model whose URL is argv[2], with the bench's settings (no store, no per-visitor limits). Prints its URL.
import { startServer } from '../../dist/node.js';

const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  config: {
    model: { baseURL: process.argv[2], name: 'retention-model', maxRetries: 0 },
    systemPrompt: 'You are a test.',
    store: false,
    ops: { requestLog: false },
    limits: { requestsPerMinutePerIp: 0, requestsPerMinutePerVisitor: 0, concurrentStreamsPerIp: 0, concurrentStreamsPerVisitor: 0, tokensPerConversation: 0, tokensPerVisitorPerDay: 0, tokensPerSitePerDay: 0 },
  },
});
console.log(`listening ${server.url}`);

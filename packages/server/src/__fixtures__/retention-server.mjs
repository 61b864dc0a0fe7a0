// Run by node-retention.test.ts: the built Node entry (dist/), pointed at the fake model whose URL is argv[2],
// with the bench's settings (no store, no per-visitor limits). Sends its URL over IPC; then 'start' starts V8's
// GC profiler and 'stop' answers with what each young-generation collection since then promoted (the old
// generation's growth during the collection, large objects included).
import v8 from 'node:v8';
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

const oldBytes = (heap) =>
  heap.heapSpaceStatistics.filter((space) => space.spaceName === 'old_space' || space.spaceName === 'large_object_space').reduce((sum, space) => sum + space.spaceUsedSize, 0);
let profiler;
process.on('message', (message) => {
  if (message === 'start') {
    profiler = new v8.GCProfiler();
    profiler.start();
    process.send({ started: true });
  } else if (message === 'stop') {
    const { statistics } = profiler.stop();
    const promoted = statistics.filter((gc) => gc.gcType === 'Scavenge').map((gc) => oldBytes(gc.afterGC) - oldBytes(gc.beforeGC));
    process.send({ promoted });
  }
});
process.send({ url: server.url });

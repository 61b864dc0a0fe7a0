/**
 * Preloaded into every bench server process (`node --expose-gc --import ./probe.ts ...`), Portkey's included:
 * answers the parent's questions over IPC about this process's CPU time and memory after a garbage collection.
 */
process.on('message', (message: { type?: string; id?: number; gc?: boolean }) => {
  if (message?.type === 'cpu') {
    const usage = process.cpuUsage();
    process.send!({ id: message.id, cpuMs: (usage.user + usage.system) / 1000 });
  } else if (message?.type === 'memory') {
    if (message.gc !== false) (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    process.send!({ id: message.id, rss: memory.rss, heapUsed: memory.heapUsed, external: memory.external, arrayBuffers: memory.arrayBuffers });
  }
});

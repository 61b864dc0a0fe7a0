/**
 * Diagnostic, not part of `pnpm bench`: Sitechat with an in-process model that yields the same 200 deltas
 * at once, so that the CPU it uses is Sitechat's own pipeline without the model client (openai SDK + fetch).
 *   node bench/stub-provider-server.ts <port>
 */
import { startServer } from '../dist/node.js';
import { benchConfig } from './bench-config.ts';

const provider = {
  name: 'stub',
  model: 'stub-model',
  async *stream() {
    // HOLD=1: one delta every 2 s, for measuring the memory of open streams.
    const hold = process.env.HOLD === '1';
    for (let index = 0; index < (hold ? 60 : 200); index++) {
      if (hold && index > 0) await new Promise((resolve) => setTimeout(resolve, 2000));
      yield { type: 'text-delta' as const, text: 'word ' };
    }
    yield { type: 'finish' as const, finishReason: 'stop' as const, usage: { inputTokens: 10, outputTokens: 200 } };
  },
};
const config = benchConfig({ systemPrompt: 'You are a benchmark.' });
await startServer({ port: Number(process.argv[2]), host: '127.0.0.1', config, provider });

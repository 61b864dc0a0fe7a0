/**
 * Bench server: Sitechat as `sitechat start` runs it (startServer from the build, in a process the bench starts
 * with the Node options the command adds: SERVER_NODE_OPTIONS), pointed at the fake model.
 * Request logging and metrics stay on, as in production (log lines go to /dev/null); limits and the store as in
 * bench-config.ts.
 *   node sitechat-server.ts <port> <model base URL>
 */
import { startServer } from '../dist/node.js';
import { benchConfig } from './bench-config.ts';

const config = benchConfig({ model: { baseURL: process.argv[3]!, name: 'fake-model' }, systemPrompt: 'You are a benchmark.' });
await startServer({ port: Number(process.argv[2]), host: '127.0.0.1', config });

#!/usr/bin/env node
// Runs the fake model server on a fixed port, for the end-to-end tests, benchmarks and trying the demo offline:
//   node packages/fake-openai/dist/cli.js --port 9999
// then OPENAI_BASE_URL=http://127.0.0.1:9999/v1 pnpm start. Type [[words=200 delay=20]] in the chat to shape a reply.
import { parseArgs } from 'node:util';
import { startFakeModelServer } from './fake-model-server.js';

const { values } = parseArgs({ options: { port: { type: 'string', default: '9999' }, host: { type: 'string', default: '127.0.0.1' } } });
const server = await startFakeModelServer({ port: Number(values.port), host: values.host });
console.log(`fake model server listening on ${server.url}`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

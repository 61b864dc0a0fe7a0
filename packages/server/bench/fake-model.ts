/**
 * Bench server: the fake model on loopback. Every answer is 200 chunks of 5 characters sent as fast as
 * possible; a message containing "[[hold]]" gets 60 chunks two seconds apart instead (open-stream tests), and
 * one containing "[[paced]]" 200 chunks a millisecond apart, each its own network read, as a real model's
 * tokens arrive (batch-compare.ts). Idle connections stay open 65 s, as a real provider's do: with the test default
 * of one second, the bare pipe (which does not retry) lost streams to the race between its pool reusing a
 * connection and the model closing it.
 *   node fake-model.ts <port>
 */
import { startFakeModelServer } from '@sitechat/fake-openai';

const server = await startFakeModelServer({ port: Number(process.argv[2]), host: '127.0.0.1', keepAliveTimeoutMs: 65_000 });
server.setDefaultReply((body: any) => {
  const last = JSON.stringify(body?.messages?.at?.(-1) ?? '');
  if (last.includes('[[hold]]')) return { text: 'word '.repeat(60), chunkSize: 5, chunkDelayMs: 2000 };
  if (last.includes('[[paced]]')) return { text: 'word '.repeat(200), chunkSize: 5, chunkDelayMs: 1 };
  return { text: 'word '.repeat(200), chunkSize: 5 };
});
// The fake records every request for tests; a benchmark would grow that list without bound.
// (reset() would also restore the default reply, so only the list is emptied.)
setInterval(() => (server.requests.length = 0), 1000).unref();

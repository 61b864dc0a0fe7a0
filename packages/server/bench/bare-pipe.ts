/**
 * Bench server: the physical floor. A node:http server that pipes each request to the model server and the
 * answer back, with nothing else: no parsing, no validation, no re-encoding.
 *   node bare-pipe.ts <port> <model base URL>
 */
import { Agent, createServer, request } from 'node:http';

const target = new URL(process.argv[3]!);
// Idle connections closed before the model server's announced keep-alive timeout, and up to 2,048 of them kept,
// as Sitechat's transport does. With Node's default of 256, each wave of 1,000 concurrent streams reopened about
// 750 connections to the model; the burst overflowed its listen queue, and the dropped connection attempts
// waited 1 s and 3 s for their retries, which is the kernel rather than the floor (docs/benchmarks.md, run R).
const agent = new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 2048, timeout: 4000 });
const server = createServer((incoming, outgoing) => {
  const forward = request(
    { host: target.hostname, port: target.port, path: `${target.pathname.replace(/\/$/, '')}/chat/completions`, method: 'POST', headers: incoming.headers, agent },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    },
  );
  forward.on('error', () => outgoing.destroy());
  // A visitor who leaves early ends the model request; 'close' also follows a finished response, whose model
  // connection has gone back to the pool and must stay open.
  outgoing.on('close', () => {
    if (!outgoing.writableFinished) forward.destroy();
  });
  incoming.pipe(forward);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2]), '127.0.0.1');

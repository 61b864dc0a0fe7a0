/**
 * Bench server: the physical floor. A node:http server that pipes each request to the model server and the
 * answer back, with nothing else: no parsing, no validation, no re-encoding.
 *   node bare-pipe.ts <port> <model base URL>
 */
import { Agent, createServer, request } from 'node:http';

const target = new URL(process.argv[3]!);
// Idle connections closed before the model server's announced keep-alive timeout, as Sitechat's transport does.
const agent = new Agent({ keepAlive: true, maxSockets: Infinity, timeout: 4000 });
const server = createServer((incoming, outgoing) => {
  const forward = request(
    { host: target.hostname, port: target.port, path: `${target.pathname.replace(/\/$/, '')}/chat/completions`, method: 'POST', headers: incoming.headers, agent },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    },
  );
  forward.on('error', () => outgoing.destroy());
  outgoing.on('close', () => forward.destroy());
  incoming.pipe(forward);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2]), '127.0.0.1');

/**
 * Diagnostic, measured in the load runs of `pnpm bench`: the least a gateway that *reads* the answer costs in
 * Node. A node:http server that requests the model's stream with `node:http` and a keep-alive agent (as
 * Sitechat does on Node since decision 0012; before run H it used the global `fetch`), decodes its SSE with
 * `@sitechat/protocol`, parses every event with `JSON.parse` and writes each text delta as a UI message stream
 * chunk; no framework, no validation, no model client, no logs. Between the bare pipe (which only copies bytes)
 * and Sitechat, it shows what parsing and re-encoding cost by themselves. Answers any POST; speaks only text
 * deltas and `[DONE]`.
 *   node bench/parse-floor.ts <port> <model base URL>
 */
import { Agent, createServer, type IncomingMessage, request as httpRequest, type ServerResponse } from 'node:http';
import { SSEDecoder } from '@sitechat/protocol';

const target = new URL(`${process.argv[3]!.replace(/\/$/, '')}/chat/completions`);
const request = JSON.stringify({ model: 'fake-model', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hello' }] });
// As the bare pipe's: up to 2,048 idle connections kept (Node keeps 256 by default), as Sitechat's transport does.
const agent = new Agent({ keepAlive: true, maxFreeSockets: 2048, timeout: 4000 });
const headers = { 'content-type': 'application/json', authorization: 'Bearer sk-bench', 'content-length': String(Buffer.byteLength(request)) };

const ask = () =>
  new Promise<IncomingMessage>((resolve, reject) => {
    const outgoing = httpRequest({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers }, resolve);
    outgoing.on('error', reject);
    outgoing.end(request);
  });

const server = createServer((incoming, outgoing) => {
  // A connection the load generator resets (an overloaded machine at 1,000 streams) ends this answer, not the process.
  forward(incoming, outgoing).catch(() => outgoing.destroy());
});

async function forward(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
  for await (const _ of incoming);
  const answer = await ask();
  outgoing.writeHead(200, { 'content-type': 'text/event-stream' });
  const decoder = new SSEDecoder();
  for await (const bytes of answer) {
    let out = '';
    for (const event of decoder.push(bytes as Buffer)) {
      if (event.data === '[DONE]') {
        out += 'data: [DONE]\n\n';
        continue;
      }
      const text = JSON.parse(event.data).choices?.[0]?.delta?.content;
      if (text) out += `data: {"type":"text-delta","id":"text-0","delta":${JSON.stringify(text)}}\n\n`;
    }
    outgoing.write(out);
  }
  outgoing.end();
}
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2]), '127.0.0.1');

/**
 * Diagnostic, not part of `pnpm bench`: the least a gateway that *reads* the answer costs in Node. A node:http
 * server that fetches the model's stream with the global `fetch`, decodes its SSE with `@sitechat/protocol`,
 * parses every event and writes each text delta as a UI message stream chunk; no framework, no validation, no
 * model client, no logs. Between the bare pipe (which only copies bytes) and Sitechat, it shows what parsing
 * and re-encoding cost by themselves. Answers any POST; speaks only text deltas and `[DONE]`.
 *   node bench/parse-floor.ts <port> <model base URL>
 */
import { createServer } from 'node:http';
import { SSEDecoder } from '@sitechat/protocol';

const modelURL = `${process.argv[3]!.replace(/\/$/, '')}/chat/completions`;
const request = JSON.stringify({ model: 'fake-model', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hello' }] });

const server = createServer(async (incoming, outgoing) => {
  for await (const _ of incoming);
  const response = await fetch(modelURL, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' }, body: request });
  outgoing.writeHead(200, { 'content-type': 'text/event-stream' });
  const decoder = new SSEDecoder();
  for await (const bytes of response.body!) {
    let out = '';
    for (const event of decoder.push(bytes)) {
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
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2]), '127.0.0.1');

/**
 * The node:http model transport against a real node:http server on loopback: what it sends, how the body is
 * read, and every way a body ends (its end, a dropped connection, the caller's abort, a cancel, a release that
 * gives the connection back to the pool), plus backpressure on a reader that does not read.
 */
import { createServer, type IncomingMessage, request as nodeRequest, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelAnswerBody } from './model-transport.js';
import { nodeModelTransport } from './node-transport.js';

type Handler = (request: IncomingMessage & { text: string }, response: ServerResponse) => void;

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function serving(handler: Handler): Promise<string> {
  server = createServer((request, response) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => handler(Object.assign(request, { text }), response));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat/completions`;
}

async function readAll(body: ModelAnswerBody): Promise<string> {
  let text = '';
  for (let bytes = await body.read(); bytes !== undefined; bytes = await body.read()) text += Buffer.from(bytes).toString('utf8');
  return text;
}

const post = (url: string, signal = new AbortController().signal) =>
  nodeModelTransport()({ url, headers: { 'content-type': 'application/json', authorization: 'Bearer sk-x' }, body: '{"é":1}', signal });

describe('nodeModelTransport', () => {
  it('posts the body with its headers and a content length, and reads the answer to its end', async () => {
    let seen: { method?: string; headers?: IncomingMessage['headers']; text?: string } = {};
    const url = await serving((request, response) => {
      seen = { method: request.method, headers: request.headers, text: request.text };
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: one\n\n');
      setTimeout(() => response.end('data: two\n\n'), 10);
    });
    const response = await post(url);
    expect(response.status).toBe(200);
    expect(await readAll(response.body)).toBe('data: one\n\ndata: two\n\n');
    expect(await response.body.read()).toBeUndefined();
    expect(seen).toMatchObject({ method: 'POST', text: '{"é":1}' });
    expect(seen.headers).toMatchObject({ authorization: 'Bearer sk-x', 'content-type': 'application/json', 'content-length': '8' });
  });

  it('gives an error status with its headers and its body as text', async () => {
    const url = await serving((_request, response) => {
      response.writeHead(429, { 'retry-after': '7', 'content-type': 'application/json' });
      response.end('{"error":{"message":"slow down"}}');
    });
    const response = await post(url);
    expect(response.status).toBe(429);
    expect(response.headers().get('retry-after')).toBe('7');
    expect(await response.text()).toBe('{"error":{"message":"slow down"}}');
  });

  it('rejects when nothing listens', async () => {
    const url = await serving(() => {});
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    await expect(post(url)).rejects.toThrow();
  });

  it('fails the read when the connection drops in the middle of the body', async () => {
    const url = await serving((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: half\n\n');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const { body } = await post(url);
    expect(Buffer.from((await body.read())!).toString()).toBe('data: half\n\n');
    await expect(body.read()).rejects.toThrow();
  });

  it('a body that breaks before it was read still gives the bytes that arrived, then the failure', async () => {
    const url = await serving((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: one\n\n');
      response.write('data: two\n\n');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const { body } = await post(url);
    // Nothing is read until the connection has gone: the bytes wait in the stream's buffer.
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(Buffer.from((await body.read())!).toString()).toBe('data: one\n\ndata: two\n\n');
    await expect(body.read()).rejects.toThrow();
  });

  it('hands over everything that arrived in one read, however many HTTP chunks it was sent as', async () => {
    const url = await serving((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      for (let index = 0; index < 200; index++) response.write(`data: ${index}\n\n`);
      setTimeout(() => response.end(), 30);
    });
    const { body } = await post(url);
    await new Promise((resolve) => setTimeout(resolve, 15));
    const first = Buffer.from((await body.read())!).toString();
    expect(first.startsWith('data: 0\n\ndata: 1\n\n')).toBe(true);
    expect(first.endsWith('data: 199\n\n')).toBe(true);
    expect(await body.read()).toBeUndefined();
  });

  it("ends the request when the caller aborts, and when the reader cancels: the server sees the connection close", async () => {
    const closed: string[] = [];
    const url = await serving((request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: first\n\n');
      response.on('close', () => closed.push(request.headers.authorization ?? ''));
    });
    const caller = new AbortController();
    const aborted = await post(url, caller.signal);
    await aborted.body.read();
    const pending = aborted.body.read();
    caller.abort();
    await expect(pending).rejects.toThrow();

    const cancelled = await post(url);
    await cancelled.body.read();
    cancelled.body.cancel();
    await expect.poll(() => closed.length).toBe(2);
  });

  it('release reads the rest and gives the connection back: the next request uses the same socket', async () => {
    const ports: number[] = [];
    const url = await serving((request, response) => {
      ports.push(request.socket.remotePort!);
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: [DONE]\n\n');
      setTimeout(() => response.end('\n'), 20);
    });
    const transport = nodeModelTransport();
    const send = () => transport({ url, headers: {}, body: '{}', signal: new AbortController().signal });
    const first = await send();
    await first.body.read();
    await first.body.release();
    const second = await send();
    await readAll(second.body);
    expect(ports).toHaveLength(2);
    expect(ports[1]).toBe(ports[0]);
  });

  it("closes an idle connection a second before the server's announced keep-alive timeout, so a request never meets its close", async () => {
    const url = await serving((_request, response) => response.end('{}'));
    server!.keepAliveTimeout = 2000; // announced as `Keep-Alive: timeout=2`
    let clientClosed = false;
    server!.on('connection', (socket) => socket.on('end', () => (clientClosed = true)));
    const transport = nodeModelTransport();
    const first = await transport({ url, headers: {}, body: '{}', signal: new AbortController().signal });
    expect(first.headers().get('keep-alive')).toBe('timeout=2');
    await readAll(first.body);
    // Kept while idle for less than a second, closed by us (not the server) after about a second.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(clientClosed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(clientClosed).toBe(true);
  });

  it('goes through HTTP_PROXY when NODE_USE_ENV_PROXY=1, as Node does for its own agents and fetch', async () => {
    const url = await serving((_request, response) => response.end('data: [DONE]\n\n'));
    const forwarded: string[] = [];
    // A forward proxy for plain HTTP: the request line carries the absolute URL.
    const proxy = createServer((incoming, outgoing) => {
      forwarded.push(incoming.url ?? '');
      const onward = nodeRequest(incoming.url!, { method: incoming.method, headers: incoming.headers }, (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      });
      incoming.pipe(onward);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const saved = { use: process.env.NODE_USE_ENV_PROXY, proxy: process.env.HTTP_PROXY };
    process.env.NODE_USE_ENV_PROXY = '1';
    process.env.HTTP_PROXY = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const transport = nodeModelTransport();
      const response = await transport({ url, headers: {}, body: '{}', signal: new AbortController().signal });
      expect(await readAll(response.body)).toBe('data: [DONE]\n\n');
      expect(forwarded).toEqual([url]);
    } finally {
      for (const [name, value] of [['NODE_USE_ENV_PROXY', saved.use], ['HTTP_PROXY', saved.proxy]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('holds a server back while the reader does not read, and loses nothing', async () => {
    const piece = 'x'.repeat(64 * 1024);
    const pieces = 512; // 32 MiB, more than loopback's socket buffers hold
    let finished = false;
    const url = await serving((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      let sent = 0;
      const write = () => {
        while (sent < pieces) {
          sent += 1;
          if (!response.write(piece)) {
            response.once('drain', write);
            return;
          }
        }
        response.end(() => (finished = true));
      };
      write();
    });
    const { body } = await post(url);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(finished).toBe(false);
    expect((await readAll(body)).length).toBe(pieces * piece.length);
    await expect.poll(() => finished).toBe(true);
  });
});

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorBody, writeChatCompletion } from './chat-completions.js';
import { replyFromDirectives } from './directives.js';
import { fakeEmbedding } from './embeddings.js';
import type { FakeReply, RecordedRequest, ReplyFactory } from './types.js';

export interface FakeModelServerOptions {
  port?: number;
  host?: string;
  /** Words that make `/v1/moderations` flag an input (case-insensitive). */
  flaggedWords?: string[];
  /**
   * How long an idle keep-alive connection stays open, in milliseconds (default 1000, so that tests end quickly).
   * A benchmark sets it longer, as a real provider's is: a client whose pool holds a connection past it races
   * the server's close, and a gateway that does not retry shows that race as failed streams.
   */
  keepAliveTimeoutMs?: number;
}

/** A running fake OpenAI-compatible server. See the package README. */
export interface FakeModelServer {
  /** Base URL including `/v1`, ready to pass as the `openai` client's `baseURL`. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  enqueue(...replies: FakeReply[]): void;
  setDefaultReply(reply: FakeReply | ReplyFactory): void;
  waitForRequests(count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  reset(): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function lastUserText(body: any): string {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index];
    if (message?.role !== 'user') continue;
    if (typeof message.content === 'string') return message.content;
    if (Array.isArray(message.content)) return message.content.map((part: any) => part?.text ?? '').join('');
  }
  return '';
}

const defaultFactory: ReplyFactory = (body) => replyFromDirectives(lastUserText(body));

async function readBody(request: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/**
 * Start a fake OpenAI-compatible model server on loopback.
 * @example
 * const model = await startFakeModelServer();
 * model.enqueue({ text: 'Hi!', chunkDelayMs: 5 });
 * const client = new OpenAI({ apiKey: 'test', baseURL: model.url });
 */
export async function startFakeModelServer(options: FakeModelServerOptions = {}): Promise<FakeModelServer> {
  const requests: RecordedRequest[] = [];
  const queue: FakeReply[] = [];
  let defaultReply: ReplyFactory = defaultFactory;
  const waiters = new Set<() => void>();
  const flaggedWords = (options.flaggedWords ?? ['[flag]']).map((word) => word.toLowerCase());

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const raw = await readBody(request);
    let body: any = raw;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      // keep the raw text: a test may want to see what was sent
    }
    let settle!: () => void;
    const record: RecordedRequest = {
      method: request.method ?? 'GET',
      path: (request.url ?? '/').split('?')[0] ?? '/',
      headers: Object.fromEntries(Object.entries(request.headers).map(([key, value]) => [key, String(value)])),
      body,
      aborted: false,
      completed: false,
      receivedAt: Date.now(),
      settled: new Promise<void>((resolve) => (settle = resolve)),
    };
    requests.push(record);
    for (const wake of waiters) wake();
    response.on('close', () => {
      if (response.writableFinished) record.completed = true;
      else record.aborted = true;
      settle();
    });
    const isGone = () => response.destroyed || record.aborted;

    if (record.method === 'GET' && record.path === '/v1/models') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ object: 'list', data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'sitechat' }] }));
      return;
    }
    if (record.method === 'POST' && record.path === '/v1/embeddings') {
      const inputs: string[] = Array.isArray(body?.input) ? body.input : [String(body?.input ?? '')];
      const dimensions = typeof body?.dimensions === 'number' ? body.dimensions : 256;
      const data = inputs.map((input, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(input, dimensions) }));
      const tokens = inputs.reduce((sum, input) => sum + Math.ceil(input.length / 4), 0);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ object: 'list', data, model: body?.model ?? 'fake-embedding', usage: { prompt_tokens: tokens, total_tokens: tokens } }));
      return;
    }
    if (record.method === 'POST' && record.path === '/v1/moderations') {
      const inputs: string[] = Array.isArray(body?.input) ? body.input : [String(body?.input ?? '')];
      const results = inputs.map((input) => {
        const flagged = flaggedWords.some((word) => input.toLowerCase().includes(word));
        return { flagged, categories: { harassment: flagged }, category_scores: { harassment: flagged ? 0.99 : 0.01 } };
      });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: 'modr-fake', model: body?.model ?? 'omni-moderation-latest', results }));
      return;
    }
    if (record.method !== 'POST' || record.path !== '/v1/chat/completions') {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify(errorBody(404, `Unknown route ${record.method} ${record.path}`, 'invalid_request_error', 'not_found')));
      return;
    }

    const reply = queue.shift() ?? defaultReply(body);
    if (reply.headersDelayMs) await sleep(reply.headersDelayMs);
    if (isGone()) return;
    if (reply.error) {
      const { status, message = 'Fake upstream error', type, code, headers = {} } = reply.error;
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(errorBody(status, message, type, code)));
      return;
    }
    const text = reply.text ?? `You said: ${lastUserText(body)}`;
    await writeChatCompletion(response, body, { ...reply, text }, isGone);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify(errorBody(500, `fake server failure: ${String(error)}`)));
    });
  });
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 1000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}/v1`,
    requests,
    enqueue: (...replies) => void queue.push(...replies),
    setDefaultReply: (reply) => {
      defaultReply = typeof reply === 'function' ? reply : () => reply;
    },
    waitForRequests(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (requests.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(requests.slice(0, count));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`fake model server: expected ${count} requests, got ${requests.length} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    reset() {
      requests.length = 0;
      queue.length = 0;
      defaultReply = defaultFactory;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

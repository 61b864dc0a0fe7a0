import { expect } from '@open-wc/testing';
import { DONE_EVENT, encodeChunk, type UIMessageChunk } from '@sitechat/protocol';
import { answer } from '../test/fake-transport.js';
import { ChatError } from './chat-error.js';
import { ChatSession } from './chat-session.js';
import { HttpChatTransport, parseRetryAfter } from './http-chat-transport.js';

const question = { id: 'q1', role: 'user' as const, parts: [{ type: 'text', text: 'Hi' }] };

function sseResponse(chunks: UIMessageChunk[], init: ResponseInit = {}): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const bytes = new TextEncoder().encode(chunks.map(encodeChunk).join('') + DONE_EVENT);
      // Split the bytes awkwardly, as a network would.
      for (let start = 0; start < bytes.length; start += 7) controller.enqueue(bytes.subarray(start, start + 7));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' }, ...init });
}

async function collect(iterable: AsyncIterable<UIMessageChunk>): Promise<UIMessageChunk[]> {
  const chunks: UIMessageChunk[] = [];
  for await (const chunk of iterable) chunks.push(chunk);
  return chunks;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('HttpChatTransport', () => {
  let requests: { url: string; init: RequestInit }[];

  function stubFetch(respond: () => Response | Promise<Response>): typeof fetch {
    return async (input, init) => {
      requests.push({ url: String(input), init: init ?? {} });
      return respond();
    };
  }

  beforeEach(() => {
    requests = [];
  });

  it('posts the AI SDK chat body and yields the chunks of an SSE stream', async () => {
    const transport = new HttpChatTransport({ fetch: stubFetch(() => sseResponse(answer('Hello', ' there'))) });
    const signal = new AbortController().signal;
    const chunks = await collect(await transport.sendMessages({ chatId: 'c1', messages: [question], trigger: 'submit-message', signal }));

    expect(chunks).to.deep.equal(answer('Hello', ' there'));
    expect(requests).to.have.length(1);
    expect(requests[0]!.url).to.equal('/api/chat');
    expect(requests[0]!.init.method).to.equal('POST');
    expect(requests[0]!.init.signal).to.equal(signal);
    expect((requests[0]!.init.headers as Record<string, string>)['content-type']).to.equal('application/json');
    expect(JSON.parse(requests[0]!.init.body as string)).to.deep.equal({ id: 'c1', messages: [question], trigger: 'submit-message' });
  });

  it('uses the global fetch at call time when none is given', async () => {
    const original = globalThis.fetch;
    globalThis.fetch = stubFetch(() => sseResponse(answer('Hi')));
    try {
      const transport = new HttpChatTransport({ api: 'https://chat.example.com/api/chat', headers: () => ({ authorization: 'Bearer t' }) });
      const session = new ChatSession({ transport });
      await session.send('Hi');
      expect(session.status).to.equal('ready');
      expect(session.messages.at(-1)?.parts).to.deep.equal([{ type: 'text', text: 'Hi' }]);
      expect(requests[0]!.url).to.equal('https://chat.example.com/api/chat');
      expect((requests[0]!.init.headers as Record<string, string>).authorization).to.equal('Bearer t');
    } finally {
      globalThis.fetch = original;
    }
  });

  it('turns a JSON error body into a ChatError with the server message', async () => {
    const transport = new HttpChatTransport({
      fetch: stubFetch(() =>
        Response.json(
          { error: { code: 'model_not_configured', message: 'No model is configured. Set OPENAI_API_KEY and restart.' } },
          { status: 503 },
        ),
      ),
    });
    const error = await rejection(
      transport.sendMessages({ chatId: 'c', messages: [question], trigger: 'submit-message', signal: new AbortController().signal }),
    );
    expect(error).to.be.instanceOf(ChatError);
    expect((error as ChatError).code).to.equal('model_not_configured');
    expect((error as ChatError).message).to.equal('No model is configured. Set OPENAI_API_KEY and restart.');
    expect((error as ChatError).status).to.equal(503);
  });

  it('reads Retry-After on a 429 and honours an explicit retryable flag', async () => {
    const transport = new HttpChatTransport({
      fetch: stubFetch(() =>
        Response.json(
          { error: { code: 'upstream_rate_limited', message: 'Too many questions right now.', retryable: true } },
          { status: 429, headers: { 'retry-after': '12' } },
        ),
      ),
    });
    const error = (await rejection(
      transport.sendMessages({ chatId: 'c', messages: [question], trigger: 'submit-message', signal: new AbortController().signal }),
    )) as ChatError;
    expect(error.code).to.equal('upstream_rate_limited');
    expect(error.retryable).to.equal(true);
    expect(error.retryAfter).to.equal(12);
  });

  it('reports a non-JSON error page as http_error, and 4xx as not retryable', async () => {
    const transport = new HttpChatTransport({ fetch: stubFetch(() => new Response('<h1>Bad Request</h1>', { status: 400 })) });
    const error = (await rejection(
      transport.sendMessages({ chatId: 'c', messages: [question], trigger: 'submit-message', signal: new AbortController().signal }),
    )) as ChatError;
    expect(error.code).to.equal('http_error');
    expect(error.status).to.equal(400);
    expect(error.retryable).to.equal(false);
  });

  it('reports an HTML page answered with 200 (a wrong endpoint) as invalid_response', async () => {
    const transport = new HttpChatTransport({
      fetch: stubFetch(() => new Response('<!doctype html><title>Shop</title>', { headers: { 'content-type': 'text/html' } })),
    });
    const error = (await rejection(
      transport.sendMessages({ chatId: 'c', messages: [question], trigger: 'submit-message', signal: new AbortController().signal }),
    )) as ChatError;
    expect(error.code).to.equal('invalid_response');
    expect(error.message).to.contain('/api/chat');
  });

  it('turns a network failure into a friendly, retryable network_error', async () => {
    const transport = new HttpChatTransport({
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    const session = new ChatSession({ transport });
    await session.send('Hi');
    expect(session.status).to.equal('error');
    expect(session.error?.code).to.equal('network_error');
    expect(session.error?.message).to.equal('The chat could not reach the server. Check your connection and try again.');
    expect(session.error?.retryable).to.equal(true);
  });

  it('Stop aborts the fetch and keeps the text that arrived', async () => {
    let fetchSignal: AbortSignal | undefined;
    const transport = new HttpChatTransport({
      fetch: (_input, init) => {
        fetchSignal = init?.signal ?? undefined;
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            // The answer starts, then the server goes quiet: no more bytes until Stop.
            controller.enqueue(new TextEncoder().encode(answer('Partial').slice(0, 4).map(encodeChunk).join('')));
            fetchSignal?.addEventListener('abort', () => controller.error(new DOMException('Aborted', 'AbortError')));
          },
        });
        return Promise.resolve(new Response(body, { headers: { 'content-type': 'text/event-stream' } }));
      },
    });
    const session = new ChatSession({ transport });
    const done = session.send('Hi');
    while (session.status !== 'streaming') await new Promise((resolve) => setTimeout(resolve, 0));
    await session.stop();
    await done;
    expect(fetchSignal?.aborted).to.equal(true);
    expect(session.status).to.equal('ready');
    expect(session.error).to.equal(undefined);
    expect(session.messages.at(-1)?.parts).to.deep.equal([{ type: 'text', text: 'Partial' }]);
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('30')).to.equal(30);
    expect(parseRetryAfter(null)).to.equal(undefined);
    expect(parseRetryAfter('soon')).to.equal(undefined);
    const inOneMinute = new Date(Date.now() + 60_000).toUTCString();
    expect(parseRetryAfter(inOneMinute)).to.be.within(58, 61);
  });
});

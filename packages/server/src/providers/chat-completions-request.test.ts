/**
 * The request without the `openai` client fails as the client would: each failure, mapped by toProviderError,
 * gives the code the client's own error gave (fetch injected, answering as a model server would).
 */
import { describe, expect, it } from 'vitest';
import { chatCompletionsRequest } from './chat-completions-request.js';
import { toProviderError } from './errors.js';
import { fetchTransport, type ModelAnswerBody } from './model-transport.js';

const body = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hi' }], stream: true as const };

function answering(respond: (signal: AbortSignal) => Promise<Response>) {
  const requests: Array<{ url: string; headers: Headers; body: unknown }> = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push({ url: String(input), headers: new Headers(init?.headers), body: JSON.parse(String(init?.body)) });
    return respond(init!.signal!);
  }) as typeof globalThis.fetch;
  return { send: chatCompletionsRequest({ baseURL: 'http://model.test/v1/', apiKey: 'sk-test', timeoutMs: 50, transport: fetchTransport(fetch) }), requests };
}

async function failure(respond: (signal: AbortSignal) => Promise<Response>, signal = new AbortController().signal) {
  const { send } = answering(respond);
  const error = await send(body, signal).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  const mapped = toProviderError(error, { started: false });
  return { code: mapped.code, retryable: mapped.retryable, upstreamStatus: mapped.upstreamStatus, retryAfter: mapped.retryAfter };
}

const json = (status: number, value: unknown, headers: Record<string, string> = {}) =>
  Promise.resolve(new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json', ...headers } }));

/** Never answers; rejects when aborted, as fetch does. */
const hanging = (signal: AbortSignal) =>
  new Promise<Response>((_, reject) => signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));

async function textOf(answer: ModelAnswerBody): Promise<string> {
  let text = '';
  for (let bytes = await answer.read(); bytes !== undefined; bytes = await answer.read()) text += new TextDecoder().decode(bytes);
  return text;
}

describe('chatCompletionsRequest', () => {
  it('posts the body as JSON to <base URL>/chat/completions with the key as a bearer token', async () => {
    const { send, requests } = answering(() => Promise.resolve(new Response('data: [DONE]\n\n', { status: 200 })));
    const answer = await send(body, new AbortController().signal);
    expect(await textOf(answer)).toBe('data: [DONE]\n\n');
    expect(requests[0]!.url).toBe('http://model.test/v1/chat/completions');
    expect(requests[0]!.headers.get('authorization')).toBe('Bearer sk-test');
    expect(requests[0]!.headers.get('content-type')).toBe('application/json');
    expect(requests[0]!.body).toEqual(body);
  });

  it('gives each error status the code the client gave it, with a well-formed Retry-After', async () => {
    expect(await failure(() => json(429, { error: { message: 'slow down' } }, { 'retry-after': '7' }))).toEqual({
      code: 'upstream_rate_limited',
      retryable: true,
      upstreamStatus: 429,
      retryAfter: '7',
    });
    expect((await failure(() => json(401, { error: { message: 'bad key' } }))).code).toBe('upstream_auth');
    expect((await failure(() => json(400, { error: { code: 'content_filter', message: 'filtered' } }))).code).toBe('content_blocked');
    expect(await failure(() => Promise.resolve(new Response('<html>bad gateway</html>', { status: 502 })))).toEqual({
      code: 'upstream_error',
      retryable: true,
      upstreamStatus: 502,
      retryAfter: undefined,
    });
  });

  it('is a timeout when the headers do not come in time, an abort when the caller aborts, an upstream error when fetch fails', async () => {
    expect((await failure(hanging)).code).toBe('upstream_timeout');
    const caller = new AbortController();
    setTimeout(() => caller.abort(), 5);
    expect((await failure(hanging, caller.signal)).code).toBe('abort');
    expect(await failure(() => Promise.reject(new TypeError('fetch failed')))).toMatchObject({ code: 'upstream_error', retryable: true });
  });

  it("passes the caller's abort on while the body is being read", async () => {
    const caller = new AbortController();
    let bodySignal: AbortSignal | undefined;
    const { send } = answering((signal) => {
      bodySignal = signal;
      return Promise.resolve(new Response(new ReadableStream(), { status: 200 }));
    });
    await send(body, caller.signal);
    expect(bodySignal!.aborted).toBe(false);
    caller.abort();
    expect(bodySignal!.aborted).toBe(true);
  });
});

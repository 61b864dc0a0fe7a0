/**
 * The OpenAI provider against recorded wire streams, with fetch injected (one fetch of our own, or the real `openai` client for Azure):
 * what it sends to OpenAI's own API, and how it reads what comes back.
 */
import { describe, expect, it } from 'vitest';
import { ProviderError } from './errors.js';
import { createOpenAIProvider, type OpenAIProviderOptions } from './openai.js';
import type { ModelEvent } from './types.js';

const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini' };
const delta = (content: string) => ({ ...base, choices: [{ index: 0, delta: { content }, finish_reason: null }] });
const finish = (reason: string) => ({ ...base, choices: [{ index: 0, delta: {}, finish_reason: reason }] });
const usage = { ...base, choices: [], usage: { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 } };

function sse(events: unknown[], done = true): string {
  return events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join('') + (done ? 'data: [DONE]\n\n' : '');
}

function replay(wire: string) {
  const requests: Array<{ url: string; headers: Headers; body: any }> = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push({ url: String(input), headers: new Headers(init?.headers), body: JSON.parse(String(init?.body)) });
    return new Response(wire, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

async function collect(options: Partial<OpenAIProviderOptions> & { fetch: typeof fetch }): Promise<ModelEvent[]> {
  const provider = createOpenAIProvider({ model: 'gpt-4o-mini', maxOutputTokens: 500, timeoutMs: 5000, maxRetries: 0, ...options });
  const events: ModelEvent[] = [];
  const messages = [{ role: 'user' as const, content: 'hi' }];
  for await (const event of provider.stream({ messages, signal: new AbortController().signal })) events.push(event);
  return events;
}

describe('createOpenAIProvider', () => {
  it("talks to OpenAI's API with the key and max_completion_tokens, without chunk padding, when no base URL is set", async () => {
    const { fetch, requests } = replay(sse([delta('Hel'), delta('lo'), finish('stop'), usage]));
    const events = await collect({ apiKey: 'sk-real', temperature: 0.5, fetch });
    expect(requests[0]?.url).toBe('https://api.openai.com/v1/chat/completions');
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer sk-real');
    expect(requests[0]?.headers.has('openai-organization')).toBe(false);
    expect(requests[0]?.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true, include_obfuscation: false },
      max_completion_tokens: 500,
      temperature: 0.5,
    });
    expect(events).toEqual([
      { type: 'text-delta', text: 'Hello' },
      { type: 'finish', finishReason: 'stop', usage: { inputTokens: 11, outputTokens: 3, totalTokens: 14 } },
    ]);
  });

  it('skips Azure\'s empty first chunk and maps finish reasons to the protocol\'s names', async () => {
    const azureFilter = { id: '', object: '', created: 0, model: '', choices: [], prompt_filter_results: [] };
    const { fetch } = replay(sse([azureFilter, delta('x'), finish('content_filter')]));
    expect(await collect({ baseURL: 'https://example.openai.azure.com/openai/v1', fetch })).toEqual([
      { type: 'text-delta', text: 'x' },
      { type: 'finish', finishReason: 'content-filter' },
    ]);
  });

  it('an answer that ends without a finish reason is an interrupted answer, not a short one', async () => {
    const { fetch } = replay(sse([delta('half an ans')], false));
    const failure = await collect({ fetch }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProviderError);
    expect((failure as ProviderError).code).toBe('stream_interrupted');
  });
});

describe('reading the answer', () => {
  it('passes on each network read as one batch, its text as one delta, whatever it holds', async () => {
    const wire = sse([delta('a'), delta('b'), delta('c'), finish('stop')]);
    const split = wire.indexOf('"b"');
    const reads = [wire.slice(0, split), wire.slice(split)];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        // The first read ends inside an event: its last delta ('b') completes in the second read.
        for (const text of reads) controller.enqueue(new TextEncoder().encode(text));
        controller.close();
      },
    });
    const fetch = (async () => new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } })) as typeof globalThis.fetch;
    const provider = createOpenAIProvider({ model: 'gpt-4o-mini', maxOutputTokens: 10, timeoutMs: 5000, maxRetries: 0, fetch });
    const batches = [];
    for await (const batch of provider.streamBatches!({ messages: [{ role: 'user', content: 'hi' }], signal: new AbortController().signal })) batches.push(batch);
    expect(batches).toEqual([
      [{ type: 'text-delta', text: 'a' }],
      [{ type: 'text-delta', text: 'bc' }, { type: 'finish', finishReason: 'stop' }],
    ]);
  });
});

describe('Azure OpenAI', () => {
  it("uses the AzureOpenAI client's URL, api-key header and api-version, and the deployment as the path", async () => {
    const azureFilter = { id: '', object: '', created: 0, model: '', choices: [], prompt_filter_results: [{ prompt_index: 0, content_filter_results: {} }] };
    const filtered = { ...base, choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null, content_filter_results: { hate: { filtered: false, severity: 'safe' } } }] };
    const { fetch, requests } = replay(sse([azureFilter, filtered, finish('stop'), usage]));
    const events = await collect({
      apiKey: 'azure-key',
      azure: { endpoint: 'https://fernhill.openai.azure.com/', apiVersion: '2024-10-21', deployment: 'chat-prod' },
      fetch,
    });
    expect(requests[0]?.url).toBe('https://fernhill.openai.azure.com/openai/deployments/chat-prod/chat/completions?api-version=2024-10-21');
    expect(requests[0]?.headers.get('api-key')).toBe('azure-key');
    expect(requests[0]?.headers.has('authorization')).toBe(false);
    expect(requests[0]?.body).toMatchObject({ model: 'chat-prod', max_tokens: 500, stream_options: { include_usage: true } });
    expect(events).toEqual([
      { type: 'text-delta', text: 'Hi' },
      { type: 'finish', finishReason: 'stop', usage: { inputTokens: 11, outputTokens: 3, totalTokens: 14 } },
    ]);
  });

  it('turns an allowed model into its deployment, and a prompt refused by the content filter into content_blocked', async () => {
    const requests: string[] = [];
    const fetch = (async (input: RequestInfo | URL) => {
      requests.push(String(input));
      const error = { error: { message: 'The response was filtered', type: null, param: 'prompt', code: 'content_filter', status: 400 } };
      return new Response(JSON.stringify(error), { status: 400, headers: { 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    const provider = createOpenAIProvider({
      apiKey: 'k', model: 'gpt-4o-mini', maxOutputTokens: 10, timeoutMs: 5000, maxRetries: 0, fetch,
      azure: { endpoint: 'https://fernhill.openai.azure.com', apiVersion: '2024-10-21' },
    });
    const events = provider.stream({ messages: [{ role: 'user', content: 'x' }], signal: new AbortController().signal, model: 'gpt-4o' });
    const failure = await (async () => {
      for await (const _ of events) void _;
    })().catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'content_blocked', retryable: false });
    expect(requests).toEqual(['https://fernhill.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21']);
    expect(provider.name).toBe('azure');
  });
});

describe('servers without stream_options', () => {
  it('asks once more without it after a 400, then never sends it again', async () => {
    const bodies: any[] = [];
    const fetch = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body));
      bodies.push(body);
      if (body.stream_options) {
        return new Response(JSON.stringify({ error: { message: 'Unrecognized request argument supplied: stream_options' } }), { status: 400 });
      }
      return new Response(sse([delta('ok'), finish('stop')]), { status: 200, headers: { 'content-type': 'text/event-stream' } });
    }) as typeof globalThis.fetch;
    const provider = createOpenAIProvider({ baseURL: 'http://localhost:8080/v1', model: 'local', maxOutputTokens: 10, timeoutMs: 5000, maxRetries: 0, fetch });
    const read = async () => {
      const events: ModelEvent[] = [];
      for await (const event of provider.stream({ messages: [{ role: 'user', content: 'hi' }], signal: new AbortController().signal })) events.push(event);
      return events;
    };
    expect(await read()).toEqual([{ type: 'text-delta', text: 'ok' }, { type: 'finish', finishReason: 'stop' }]);
    await read();
    expect(bodies.map((body) => 'stream_options' in body)).toEqual([true, false, false]);
  });

  it("does not second-guess OpenAI's own API: its 400 is the answer", async () => {
    let calls = 0;
    const fetch = (async () => {
      calls++;
      return new Response(JSON.stringify({ error: { message: 'bad' } }), { status: 400 });
    }) as typeof globalThis.fetch;
    await expect(collect({ apiKey: 'sk', fetch })).rejects.toMatchObject({ code: 'upstream_error' });
    expect(calls).toBe(1);
  });
});

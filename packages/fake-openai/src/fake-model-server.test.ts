import OpenAI from 'openai';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer } from './index.js';

let server: FakeModelServer;
let client: OpenAI;

beforeEach(async () => {
  server ??= await startFakeModelServer();
  server.reset();
  client = new OpenAI({ apiKey: 'sk-test', baseURL: server.url, maxRetries: 0 });
});
afterAll(() => server?.close());

describe('fake model server', () => {
  it('streams in the OpenAI wire format the real client reads, with a usage chunk', async () => {
    server.enqueue({ text: 'Hello there, visitor!', chunkSize: 5 });
    const stream = await client.chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const deltas: string[] = [];
    let finish: string | null | undefined;
    let usage: unknown;
    let roleSeen = false;
    for await (const chunk of stream) {
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices[0];
      if (!choice) {
        expect(chunk.choices).toEqual([]);
        continue;
      }
      if (choice.delta.role === 'assistant') roleSeen = true;
      if (choice.delta.content) deltas.push(choice.delta.content);
      if (choice.finish_reason) finish = choice.finish_reason;
    }
    expect(roleSeen).toBe(true);
    expect(deltas).toEqual(['Hello', ' ther', 'e, vi', 'sitor', '!']);
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) });
    expect(server.requests[0]?.body).toMatchObject({ model: 'gpt-test', stream: true });
  });

  it('answers non-streaming requests', async () => {
    const completion = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'ping' }] });
    expect(completion.choices[0]?.message.content).toBe('You said: ping');
  });

  it('returns OpenAI error bodies and headers, which the client turns into APIError', async () => {
    server.enqueue({ error: { status: 429, message: 'slow down', headers: { 'retry-after': '7' } } });
    const failure = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }).catch((error) => error);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(failure.status).toBe(429);
    expect(failure.headers.get('retry-after')).toBe('7');
  });

  it('drops the connection mid-stream', async () => {
    server.enqueue({ text: 'a'.repeat(40), dropAfterDeltas: 2 });
    const stream = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true });
    const received: string[] = [];
    const failure = await (async () => {
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(received.join('')).toBe('aaaaaaaa');
  });

  it('records that the client went away', async () => {
    server.enqueue({ text: 'x'.repeat(400), chunkDelayMs: 20 });
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true },
      { signal: controller.signal },
    );
    for await (const _ of stream) {
      controller.abort();
      break;
    }
    await server.requests[0]?.settled;
    expect(server.requests[0]?.aborted).toBe(true);
    expect(server.requests[0]?.completed).toBe(false);
  });

  it('shapes the default reply from directives typed in the message', async () => {
    const completion = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'go [[words=3]]' }] });
    expect(completion.choices[0]?.message.content).toBe('word1 word2 word3');
  });

  it('serves deterministic embeddings and moderation', async () => {
    const first = await client.embeddings.create({ model: 'e', input: ['returns policy', 'returns policy', 'opening hours'] });
    expect(first.data[0]?.embedding).toEqual(first.data[1]?.embedding);
    expect(first.data[0]?.embedding).not.toEqual(first.data[2]?.embedding);
    const moderation = await client.moderations.create({ input: ['hello', 'please [flag] this'] });
    expect(moderation.results.map((result) => result.flagged)).toEqual([false, true]);
  });

  it('announces its keep-alive timeout, one second by default and longer when asked', async () => {
    const keepAlive = async (model: FakeModelServer) => {
      const response = await fetch(`${model.url}/models`);
      await response.arrayBuffer();
      return response.headers.get('keep-alive');
    };
    expect(await keepAlive(server)).toBe('timeout=1');
    const patient = await startFakeModelServer({ keepAliveTimeoutMs: 65_000 });
    try {
      expect(await keepAlive(patient)).toBe('timeout=65');
    } finally {
      await patient.close();
    }
  });
});

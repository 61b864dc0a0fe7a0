import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeEmbedding, startFakeModelServer, type FakeModelServer } from '@sitechat/fake-openai';
import { openAIEmbeddings } from './openai-embeddings.js';

describe('openAIEmbeddings through the real openai client', () => {
  let model: FakeModelServer;
  let client: OpenAI;
  beforeAll(async () => {
    model = await startFakeModelServer();
    client = new OpenAI({ apiKey: 'test', baseURL: model.url, maxRetries: 0 });
  });
  afterAll(() => model.close());

  it('returns one vector per input, in order, across batches, asking for float encoding', async () => {
    const embed = openAIEmbeddings(client, { model: 'text-embedding-3-small', dimensions: 64, batchSize: 2 });
    const texts = ['returns policy', 'opening hours', 'shipping to canada'];
    const vectors = await embed(texts);
    expect(vectors).toHaveLength(3);
    texts.forEach((text, index) => expect(Array.from(vectors[index]!)).toEqual(fakeEmbedding(text, 64)));
    const calls = model.requests.filter((request) => request.path === '/v1/embeddings');
    expect(calls.map((call) => (call.body as { input: string[] }).input)).toEqual([['returns policy', 'opening hours'], ['shipping to canada']]);
    expect(calls[0]!.body).toMatchObject({ model: 'text-embedding-3-small', encoding_format: 'float', dimensions: 64 });
    expect(embed.model).toBe('text-embedding-3-small@64');
  });
});

/**
 * `startServer` opens the knowledge index the configuration names, answers from it, reports it in
 * `/readyz`, and closes it with the server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeModelServer, type FakeModelServer } from '@sitechat/fake-openai';
import { staticSource } from '@sitechat/knowledge';
import { readChunks, type UIMessageChunk } from '@sitechat/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseConfig } from '../config/schema.js';
import { silentLogger } from '../http/logger.js';
import { startServer } from '../node.js';
import { HELP_DOCUMENTS, PAGES } from './__fixtures__/bakery-pages.js';
import { openKnowledge } from './open-knowledge.js';

let directory: string;
let model: FakeModelServer;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sitechat-start-knowledge-'));
  model = await startFakeModelServer();
});
afterAll(async () => {
  await model.close();
  await rm(directory, { recursive: true, force: true });
});

it('answers from the configured index, with citations', async () => {
  const config = parseConfig({
    model: { baseURL: model.url, name: 'test-model', maxRetries: 0 },
    store: false,
    knowledge: { path: 'knowledge.db', siteName: 'Mill Lane Bakery', sources: { help: { type: 'folder', path: 'help' } } },
  });
  // What `sitechat ingest` did earlier.
  const ingest = (await openKnowledge(config, { cwd: directory }))!;
  await ingest.base.ingest(staticSource({ name: 'help', documents: HELP_DOCUMENTS }));
  await ingest.close();

  const server = await startServer({ config, port: 0, host: '127.0.0.1', cwd: directory, logger: silentLogger });
  try {
    expect(server.knowledge?.where).toBe(`SQLite ${join(directory, 'knowledge.db')}`);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(JSON.stringify(await ready.json())).toContain('knowledge');

    const response = await fetch(`${server.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({
        id: 'chat-1',
        trigger: 'submit-message',
        messages: [{ id: 'm1', role: 'user', parts: [{ type: 'text', text: 'When is delivery free?' }] }],
        context: { url: PAGES.delivery, title: 'Delivery' },
      }),
    });
    expect(response.status).toBe(200);
    const chunks: UIMessageChunk[] = [];
    for await (const chunk of readChunks(response.body!)) chunks.push(chunk);
    expect(chunks.find((chunk) => chunk.type === 'source-url')).toEqual({ type: 'source-url', sourceId: '1', url: PAGES.delivery, title: 'Delivery' });
    expect(model.requests.at(-1)!.body.messages[0].content).toContain('free on orders over $30');
  } finally {
    await server.close();
  }
});

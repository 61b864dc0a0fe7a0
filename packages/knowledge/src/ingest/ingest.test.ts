import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteKnowledgeIndex } from '../index/sqlite-index.js';
import { folderSource } from '../sources/folder-source.js';
import type { KnowledgeSource } from '../sources/knowledge-source.js';
import { staticSource } from '../sources/static-source.js';
import { ingest, type IngestProgress } from './ingest.js';
import { memoryIngestJournal } from './ingest-journal.js';

describe('ingest', () => {
  let folder: string;
  let index: SqliteKnowledgeIndex;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'sitechat-ingest-'));
    index = new SqliteKnowledgeIndex();
    await writeFile(join(folder, 'shipping.md'), '# Shipping\n\nWe ship with UPS.\n\n## Abroad\n\nCanada costs $19.');
    await writeFile(join(folder, 'returns.html'), '<html><body><main><h1>Returns</h1><p>30 days.</p></main></body></html>');
    await writeFile(join(folder, 'hours.txt'), 'Store hours\n\nOpen daily from 8 am.');
    await writeFile(join(folder, 'logo.png'), 'not text');
  });
  afterEach(async () => {
    await index.close();
    await rm(folder, { recursive: true, force: true });
  });

  const source = () => folderSource({ name: 'help', path: folder, baseUrl: 'https://shop.example/help' });

  it('adds every readable file with its base URL + relative path, then finds nothing to do on a second run', async () => {
    const first = await ingest(index, source());
    expect(first).toMatchObject({ source: 'help', added: 3, updated: 0, unchanged: 0, removed: 0, chunksWritten: 4, resumed: false });
    expect([...(await index.documentHashes('help')).keys()].sort()).toEqual([
      'https://shop.example/help/hours.txt',
      'https://shop.example/help/returns.html',
      'https://shop.example/help/shipping.md',
    ]);
    const second = await ingest(index, source());
    expect(second).toMatchObject({ added: 0, updated: 0, unchanged: 3, removed: 0, chunksWritten: 0 });
  });

  it('updates only changed documents and removes the ones that are gone', async () => {
    await ingest(index, source());
    await writeFile(join(folder, 'shipping.md'), '# Shipping\n\nWe ship with DHL now.');
    await unlink(join(folder, 'hours.txt'));
    await writeFile(join(folder, 'gift-cards.md'), '# Gift cards\n\nFrom $25.');
    const report = await ingest(index, source());
    expect(report).toMatchObject({ added: 1, updated: 1, unchanged: 1, removed: 1 });
    expect(await index.keywordSearch(['ups'], { limit: 5 })).toEqual([]);
    expect((await index.keywordSearch(['dhl'], { limit: 5 }))[0]?.url).toBe('https://shop.example/help/shipping.md');
    expect(await index.keywordSearch(['daily'], { limit: 5 })).toEqual([]);
    expect((await index.sources())[0]).toMatchObject({ name: 'help', documents: 3 });
  });

  it('ignores template-only changes that leave the extracted content the same', async () => {
    await ingest(index, source());
    await writeFile(join(folder, 'returns.html'), '<html><head><script>var build = 42;</script></head><body><nav>New menu</nav><main><h1>Returns</h1><p>30 days.</p></main><footer>© 2031</footer></body></html>');
    expect(await ingest(index, source())).toMatchObject({ updated: 0, unchanged: 3 });
  });

  it('embeds only the chunks of new and changed documents, with title and headings', async () => {
    const embedded: string[] = [];
    const embeddings = Object.assign(async (texts: string[]) => {
      embedded.push(...texts);
      return texts.map((text) => [text.length, 1]);
    }, { model: 'test-model' });
    await ingest(index, source(), { embeddings });
    expect(embedded).toHaveLength(4);
    expect(embedded).toContain('Shipping\nShipping › Abroad\nCanada costs $19.');
    embedded.length = 0;
    await writeFile(join(folder, 'returns.html'), '<main><h1>Returns</h1><p>60 days.</p></main>');
    await ingest(index, source(), { embeddings });
    expect(embedded).toEqual(['Returns\nReturns\n60 days.']);
    // Another model means other vectors: everything is re-embedded.
    embedded.length = 0;
    expect(await ingest(index, source(), { embeddings: Object.assign(embeddings.bind(null), { model: 'other-model' }) })).toMatchObject({ updated: 3 });
    expect(embedded).toHaveLength(4);
  });

  it('reports progress with totals after each document', async () => {
    const progress: IngestProgress[] = [];
    await ingest(index, source(), { onProgress: (event) => progress.push(event) });
    expect(progress.map((event) => [event.processed, event.total, event.outcome])).toEqual([
      [1, 3, 'added'],
      [2, 3, 'added'],
      [3, 3, 'added'],
    ]);
  });

  it('keeps an unavailable document and removes nothing when a run is aborted', async () => {
    await ingest(index, source());
    const flaky: KnowledgeSource = {
      name: 'help',
      async *items() {
        yield { kind: 'unavailable', url: 'https://shop.example/help/shipping.md', reason: 'HTTP 503' };
      },
    };
    expect(await ingest(index, flaky)).toMatchObject({ unavailable: 1, removed: 2 });
    expect((await index.documentHashes('help')).has('https://shop.example/help/shipping.md')).toBe(true);

    const controller = new AbortController();
    const aborted = ingest(index, source(), { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(aborted).rejects.toThrow();
    expect((await index.documentHashes('help')).has('https://shop.example/help/shipping.md')).toBe(true);
  });

  it('resumes an interrupted run from its journal and counts the whole run', async () => {
    const documents = Array.from({ length: 5 }, (_, number) => ({ url: `/page-${number}`, format: 'markdown' as const, content: `# Page ${number}\n\nText ${number}.` }));
    const journal = memoryIngestJournal();
    const controller = new AbortController();
    const seen: string[] = [];
    const counting = (): KnowledgeSource => {
      const inner = staticSource({ name: 'pages', documents });
      return {
        name: 'pages',
        async *items(context) {
          for await (const item of inner.items(context)) {
            if (item.kind === 'document') seen.push(item.document.url);
            yield item;
          }
        },
      };
    };
    await expect(
      ingest(index, counting(), { journal, signal: controller.signal, onProgress: ({ processed }) => processed === 2 && controller.abort() }),
    ).rejects.toThrow();
    // The source may already have produced the next page when the abort lands; it was not processed.
    expect(seen.slice(0, 2)).toEqual(['/page-0', '/page-1']);
    seen.length = 0;
    const report = await ingest(index, counting(), { journal });
    expect(seen).toEqual(['/page-2', '/page-3', '/page-4']);
    expect(report).toMatchObject({ added: 5, resumed: true, removed: 0 });
    // The journal is finished: the next run starts from scratch and finds everything unchanged.
    expect(await ingest(index, counting(), { journal })).toMatchObject({ unchanged: 5, resumed: false });
  });

  it("starts afresh from a journal written for another index, instead of skipping pages this one never received", async () => {
    const documents = Array.from({ length: 4 }, (_, number) => ({ url: `/page-${number}`, format: 'markdown' as const, content: `# Page ${number}\n\nText ${number}.` }));
    const journal = memoryIngestJournal();
    const controller = new AbortController();
    // Another run (another database, or one since deleted) stops half-way through the same source's journal.
    const other = new SqliteKnowledgeIndex();
    await expect(
      ingest(other, staticSource({ name: 'pages', documents }), { journal, signal: controller.signal, onProgress: ({ processed }) => processed === 2 && controller.abort() }),
    ).rejects.toThrow();
    await other.close();
    const report = await ingest(index, staticSource({ name: 'pages', documents }), { journal });
    expect(report).toMatchObject({ added: 4, resumed: false });
    expect((await index.documentHashes('pages')).size).toBe(4);
  });
});

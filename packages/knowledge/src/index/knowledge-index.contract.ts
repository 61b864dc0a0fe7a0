import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchKnowledge } from '../search/search-knowledge.js';
import type { ChunkRecord, DocumentRecord, KnowledgeIndex } from './knowledge-index.js';
import { normalizeVector } from './vectors.js';

/**
 * The behaviour every `KnowledgeIndex` must have, run against each engine by its own test file.
 * `createIndex` must return an empty, isolated index; `destroyIndex` removes what it created.
 */
export function describeKnowledgeIndexContract(
  engine: string,
  createIndex: () => Promise<KnowledgeIndex>,
  destroyIndex: (index: KnowledgeIndex) => Promise<void>,
): void {
  describe(`${engine} KnowledgeIndex contract`, () => {
    let index: KnowledgeIndex;
    beforeEach(async () => {
      index = await createIndex();
      await index.init();
    });
    afterEach(async () => {
      await destroyIndex(index);
    });

    const document = (url: string, title: string, source = 'help'): DocumentRecord => ({ source, url, title, hash: `hash-of-${url}` });
    const chunk = (url: string, ordinal: number, text: string, headingPath: string[] = [], embedding?: number[]): ChunkRecord => ({
      id: `${url}-${ordinal}`,
      ordinal,
      headingPath,
      text,
      ...(embedding ? { embedding: normalizeVector(embedding) } : {}),
    });

    async function seed(): Promise<void> {
      await index.putDocument(document('/shipping', 'Shipping'), [
        chunk('/shipping', 0, 'We send parcels with UPS within the United States.', ['Shipping', 'Carriers'], [1, 0, 0]),
        chunk('/shipping', 1, 'Parcels to Canada cost a flat $19 and arrive in 5-8 business days.', ['Shipping', 'International orders'], [0.9, 0.1, 0]),
      ]);
      await index.putDocument(document('/returns', 'Returns'), [
        chunk('/returns', 0, 'Unused items can be returned within 30 days of delivery.', ['Returns'], [0, 1, 0]),
      ]);
      await index.putDocument(document('/hours', 'Store hours', 'stores'), [
        chunk('/hours', 0, 'The Portland store opens at 7 am; parcels can be picked up there.', ['Store hours'], [0, 0, 1]),
      ]);
    }

    it('stores documents and their hashes per source, and replaces chunks on update', async () => {
      await seed();
      expect(await index.documentHashes('help')).toEqual(new Map([['/shipping', 'hash-of-/shipping'], ['/returns', 'hash-of-/returns']]));
      await index.putDocument({ ...document('/shipping', 'Shipping and delivery'), hash: 'new' }, [chunk('/shipping', 0, 'Only UPS now.')]);
      expect((await index.documentHashes('help')).get('/shipping')).toBe('new');
      const chunks = await index.getChunks(['/shipping-0', '/shipping-1']);
      expect(chunks).toEqual([{ chunkId: '/shipping-0', source: 'help', url: '/shipping', title: 'Shipping and delivery', headingPath: [], text: 'Only UPS now.' }]);
      expect(await index.keywordSearch(['canada'], { limit: 5 })).toEqual([]);
    });

    it('finds chunks by any of the terms, with stemming, title and heading words counting more', async () => {
      await seed();
      const hits = await index.keywordSearch(['parcel', 'canada'], { limit: 10 });
      expect(hits.map((hit) => hit.chunkId)[0]).toBe('/shipping-1');
      expect(hits.map((hit) => hit.chunkId)).toContain('/hours-0'); // "parcels" matched "parcel"
      const byTitle = await index.keywordSearch(['returns'], { limit: 10 });
      expect(byTitle[0]?.chunkId).toBe('/returns-0');
      expect(byTitle[0]).toMatchObject({ title: 'Returns', headingPath: ['Returns'], url: '/returns', source: 'help' });
      expect(byTitle[0]!.rank).toBeGreaterThan(0);
    });

    it('counts a term in `weights` at that share of its BM25 part', async () => {
      await seed();
      const rankOf = (hits: Array<{ chunkId: string; rank: number }>, id: string) => hits.find((hit) => hit.chunkId === id)!.rank;
      const plain = await index.keywordSearch(['canada', 'returned'], { limit: 10 });
      expect(plain.map((hit) => hit.chunkId)).toEqual(['/returns-0', '/shipping-1']);
      // Weighing "returned" down by 0.1 halves nothing else: the Canada chunk's rank stays, the returns chunk's is a tenth.
      const weighted = await index.keywordSearch(['canada', 'returned'], { limit: 10 }, new Map([['returned', 0.1]]));
      expect(weighted.map((hit) => hit.chunkId)).toEqual(['/shipping-1', '/returns-0']);
      expect(rankOf(weighted, '/returns-0')).toBeCloseTo(rankOf(plain, '/returns-0') * 0.1, 5);
      expect(rankOf(weighted, '/shipping-1')).toBeCloseTo(rankOf(plain, '/shipping-1'), 5);
    });

    it('searches with the thesaurus by default: a synonym finds the passage, at less than the visitor\'s own word', async () => {
      await seed();
      expect(await searchKnowledge(index, 'Can I pick up my package?', { thesaurus: false })).toEqual([]);
      const bySynonym = await searchKnowledge(index, 'Can I pick up my package?');
      const ownWord = await searchKnowledge(index, 'Can I pick up my parcel?');
      expect(await searchKnowledge(index, 'Can I pick up my package?', { thesaurus: true })).toEqual(bySynonym);
      expect(bySynonym[0]?.chunkId).toBe('/hours-0');
      expect(ownWord[0]?.chunkId).toBe('/hours-0');
      expect(bySynonym[0]!.score).toBeLessThan(ownWord[0]!.score);
    });

    it('reads words with and without their accents as the same word', async () => {
      await index.putDocument(document('/menu', 'Café menu'), [chunk('/menu', 0, 'Our crème brûlée is made every morning.', ['Desserts'])]);
      await index.putDocument(document('/cafe', 'Cafe hours'), [chunk('/cafe', 0, 'The cafe opens at nine; naive visitors queue early.', ['Hours'])]);
      const found = async (terms: string[]) => (await index.keywordSearch(terms, { limit: 5 })).map((hit) => hit.chunkId).sort();
      expect(await found(['creme', 'brulee'])).toEqual(['/menu-0']);
      expect(await found(['crème'])).toEqual(['/menu-0']);
      expect(await found(['naïve'])).toEqual(['/cafe-0']);
      expect(await found(['café'])).toEqual(['/cafe-0', '/menu-0']);
      expect(await found(['cafe'])).toEqual(['/cafe-0', '/menu-0']);
      const statistics = await index.termStatistics(['café', 'brulee'], ['/menu-0', '/cafe-0']);
      expect(statistics.terms.map((term) => [term.term, term.documentFrequency, [...term.matches].sort()])).toEqual([
        ['café', 2, ['/cafe-0', '/menu-0']],
        ['brulee', 1, ['/menu-0']],
      ]);
    });

    it('survives questions full of FTS syntax without throwing', async () => {
      await seed();
      const hostile = [
        'parcels "to canada', 'NEAR(parcels canada)', 'parcel* OR -returns', '-canada', 'canada AND NOT ups', '"', "'; DROP TABLE x; --",
        'title:canada', '^canada', 'canada:*', '(((', 'a & b | !c <-> d', '***', 'NEAR', 'ÜPS café naïve', '\u0000\u0001 parcels',
      ];
      for (const question of hostile) {
        await expect(searchKnowledge(index, question, { minScore: 0 })).resolves.toBeInstanceOf(Array);
      }
      // Operators are words like any other: "-returns" searches for "returns" too, it does not exclude it.
      const passages = await searchKnowledge(index, 'NEAR("canada" parcels*) -returns', { minScore: 0 });
      expect(passages.map((passage) => passage.chunkId)).toEqual(expect.arrayContaining(['/shipping-1', '/returns-0']));
    });

    it('leaves disabled sources out of every search until re-enabled', async () => {
      await seed();
      expect((await searchKnowledge(index, 'Portland store', { minScore: 0 }))[0]?.source).toBe('stores');
      await index.setSourceEnabled('stores', false);
      expect((await searchKnowledge(index, 'Portland store', { minScore: 0 })).map((passage) => passage.source)).not.toContain('stores');
      expect((await index.vectorSearch(normalizeVector([0, 0, 1]), { limit: 10 })).map((hit) => hit.chunkId)).not.toContain('/hours-0');
      expect(await index.sources()).toEqual([
        { name: 'help', enabled: true, documents: 2, chunks: 3 },
        { name: 'stores', enabled: false, documents: 1, chunks: 1 },
      ]);
      await index.setSourceEnabled('stores', true);
      expect((await searchKnowledge(index, 'Portland store', { minScore: 0 }))[0]?.source).toBe('stores');
    });

    it('restricts a search to the requested sources', async () => {
      await seed();
      const passages = await searchKnowledge(index, 'parcels', { minScore: 0, sources: ['stores'] });
      expect(passages.map((passage) => passage.chunkId)).toEqual(['/hours-0']);
    });

    it('ranks vectors by cosine similarity', async () => {
      await seed();
      const hits = await index.vectorSearch(normalizeVector([1, 0.05, 0]), { limit: 2 });
      expect(hits.map((hit) => hit.chunkId)).toEqual(['/shipping-0', '/shipping-1']);
      expect(hits[0]!.similarity).toBeCloseTo(0.9988, 3);
    });

    it('counts document frequencies and which candidates contain each term', async () => {
      await seed();
      const statistics = await index.termStatistics(['parcels', 'canada', 'zebra'], ['/shipping-1', '/returns-0']);
      expect(statistics.chunkCount).toBe(4);
      expect(statistics.terms.map((term) => [term.term, term.documentFrequency, [...term.matches]])).toEqual([
        ['parcels', 3, ['/shipping-1']],
        ['canada', 1, ['/shipping-1']],
        ['zebra', 0, []],
      ]);
      // Counts follow every write (an engine may cache them between writes).
      await index.putDocument(document('/zebras', 'Zebras'), [chunk('/zebras', 0, 'A zebra parcel.')]);
      const after = await index.termStatistics(['parcels', 'zebra'], ['/zebras-0']);
      expect(after.chunkCount).toBe(5);
      expect(after.terms.map((term) => [term.documentFrequency, [...term.matches]])).toEqual([[4, ['/zebras-0']], [1, ['/zebras-0']]]);
      await index.removeDocuments('help', ['/shipping']);
      expect((await index.termStatistics(['parcels'], [])).terms[0]!.documentFrequency).toBe(2);
    });

    it('tells exactly which candidates contain a term that most chunks contain', async () => {
      const chunks = Array.from({ length: 300 }, (_, ordinal) => chunk('/many', ordinal, ordinal % 3 === 0 ? 'Parcels and boxes.' : 'Something else entirely.'));
      await index.putDocument(document('/many', 'Many'), chunks);
      const candidates = ['/many-0', '/many-1', '/many-3', '/many-299', '/missing-0'];
      const [parcels] = (await index.termStatistics(['parcels'], candidates)).terms;
      expect(parcels!.documentFrequency).toBe(100);
      expect([...parcels!.matches].sort()).toEqual(['/many-0', '/many-3']);
    });

    it('removes documents and whole sources', async () => {
      await seed();
      expect(await index.removeDocuments('help', ['/returns', '/nope'])).toBe(1);
      expect([...(await index.documentHashes('help')).keys()]).toEqual(['/shipping']);
      expect(await index.keywordSearch(['returned'], { limit: 5 })).toEqual([]);
      await index.removeSource('help');
      expect((await index.sources()).map((source) => source.name)).toEqual(['stores']);
      expect(await index.getChunks(['/shipping-0'])).toEqual([]);
    });
  });
}

import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { SqliteKnowledgeIndex } from '../index/sqlite-index.js';
import { ingest } from '../ingest/ingest.js';
import { folderSource } from '../sources/folder-source.js';
import { staticSource } from '../sources/static-source.js';
import { DEFAULT_MIN_SCORE, searchKnowledge } from './search-knowledge.js';
import { lexicalScores } from './term-coverage.js';

const samplePages = fileURLToPath(new URL('../../sample/pages', import.meta.url));

describe('searchKnowledge on the sample help centre', () => {
  const index = new SqliteKnowledgeIndex();
  beforeAll(async () => {
    await ingest(index, folderSource({ name: 'help', path: samplePages, baseUrl: 'https://help.fernhill.example/' }));
  });

  it('returns passages with page, headings and a 0..1 score, best first', async () => {
    const passages = await searchKnowledge(index, 'How much does shipping to Canada cost?');
    expect(passages.length).toBeGreaterThan(0);
    expect(passages.length).toBeLessThanOrEqual(5);
    expect(passages[0]).toMatchObject({ url: 'https://help.fernhill.example/shipping/international-shipping.md', title: 'International shipping', source: 'help' });
    expect(passages.find((passage) => passage.text.includes('$19'))?.headingPath).toEqual(['International shipping', 'Rates and delivery times abroad']);
    for (const passage of passages) {
      expect(passage.score).toBeGreaterThanOrEqual(DEFAULT_MIN_SCORE);
      expect(passage.score).toBeLessThanOrEqual(1);
    }
  });

  it('returns nothing when the site does not cover the question', async () => {
    expect(await searchKnowledge(index, 'Do you sell Nespresso compatible capsules?')).toEqual([]);
    expect(await searchKnowledge(index, 'What is it?')).toEqual([]);
    expect((await searchKnowledge(index, 'Do you sell Nespresso compatible capsules?', { minScore: 0 })).length).toBeGreaterThan(0);
  });

  it('honours limit and minScore', async () => {
    expect(await searchKnowledge(index, 'warranty', { limit: 2 })).toHaveLength(2);
    const all = await searchKnowledge(index, 'warranty repair cost', { limit: 20, minScore: 0 });
    const strict = await searchKnowledge(index, 'warranty repair cost', { limit: 20, minScore: 0.9 });
    expect(strict.length).toBeLessThan(all.length);
    expect(strict.every((passage) => passage.score >= 0.9)).toBe(true);
  });

  it("lifts the visitor's current page above an equally good match", async () => {
    const question = 'How long is the warranty on the Aria?';
    const plain = await searchKnowledge(index, question, { limit: 10 });
    const aria = 'https://help.fernhill.example/products/aria-espresso-machine.md';
    const position = (passages: Array<{ url: string }>) => passages.findIndex((passage) => passage.url === aria);
    expect(position(plain)).toBeGreaterThan(0);
    const onPage = await searchKnowledge(index, question, { limit: 10, pageUrl: `${aria}#warranty` });
    expect(position(onPage)).toBeLessThan(position(plain));
  });
});

describe('hybrid search', () => {
  it('finds a passage with no word in common through its embedding, and fuses both lists', async () => {
    const index = new SqliteKnowledgeIndex();
    // A toy embedding space: "amex" and "american express" point the same way.
    const embeddings = Object.assign(async (texts: string[]) => texts.map((text) => (/amex|american express/i.test(text) ? [1, 0] : [0, 1])), { model: 'toy' });
    await ingest(
      index,
      staticSource({
        name: 'help',
        documents: [
          { url: '/payments', format: 'markdown', content: '# Payment methods\n\nWe accept Visa and American Express cards.' },
          { url: '/gift-cards', format: 'markdown', content: '# Gift cards\n\nGift cards never expire.' },
        ],
      }),
      { embeddings },
    );
    expect(await searchKnowledge(index, 'Do you take Amex?')).toEqual([]);
    const passages = await searchKnowledge(index, 'Do you take Amex?', { embeddings });
    expect(passages.map((passage) => [passage.url, passage.score])).toEqual([['/payments', 1]]);
  });
});

describe('lexicalScores', () => {
  it('averages site coverage and passage coverage, weighting rare words more', () => {
    const statistics = {
      chunkCount: 100,
      terms: [
        { term: 'shipping', documentFrequency: 50, ignored: false, matches: new Set(['a', 'b']) },
        { term: 'canada', documentFrequency: 2, ignored: false, matches: new Set(['a']) },
        { term: 'zebra', documentFrequency: 0, ignored: false, matches: new Set<string>() },
        { term: 'the', documentFrequency: 0, ignored: true, matches: new Set<string>() },
      ],
    };
    const scores = lexicalScores(statistics, ['a', 'b', 'c']);
    expect(scores.get('a')).toBeGreaterThan(scores.get('b')!);
    expect(scores.get('b')).toBeGreaterThan(scores.get('c')!);
    // Every word on the site and in the passage scores 1; a word the site never uses lowers even the best passage.
    expect(lexicalScores({ chunkCount: 10, terms: [statistics.terms[0]!] }, ['a']).get('a')).toBe(1);
    expect(scores.get('a')).toBeLessThan(0.75);
    expect(lexicalScores({ chunkCount: 10, terms: [] }, ['a']).get('a')).toBe(0);
  });
});

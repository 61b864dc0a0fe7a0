import { describe, expect, it } from 'vitest';
import { SqliteKnowledgeIndex } from '../index/sqlite-index.js';
import { ingest } from '../ingest/ingest.js';
import { staticSource } from '../sources/static-source.js';
import { searchKnowledge } from './search-knowledge.js';
import { conceptStatistics, expandQuery } from './synonyms.js';

describe('expandQuery', () => {
  const synonyms = [['amex', 'american express'], ['class', 'workshop', 'course'], ['return', 'send back']];

  it('adds the other words and phrases of a group the question uses, once each, attached to its words', () => {
    expect(expandQuery('Do you accept Amex?', synonyms)).toEqual({
      concepts: [{ term: 'accept', alternatives: [] }, { term: 'amex', alternatives: [['american', 'express']] }],
      terms: ['accept', 'amex', 'american', 'express'],
      weights: new Map(),
    });
    expect(expandQuery('When is the espresso Workshop?', synonyms).terms).toEqual(['espresso', 'workshop', 'class', 'course']);
  });

  it('finds a phrase only as a phrase, and leaves a question without synonyms as it was', () => {
    expect(expandQuery('Can I send it back?', synonyms).terms).toEqual(['send', 'back']);
    expect(expandQuery('How do I send back a kettle?', synonyms).concepts).toEqual([
      { term: 'send', alternatives: [['return']] },
      { term: 'back', alternatives: [['return']] },
      { term: 'kettle', alternatives: [] },
    ]);
    expect(expandQuery('Do you accept Amex?')).toEqual({ concepts: [{ term: 'accept', alternatives: [] }, { term: 'amex', alternatives: [] }], terms: ['accept', 'amex'], weights: new Map() });
  });
});

describe('conceptStatistics', () => {
  it('counts a concept in a passage that has the word or all words of one alternative', () => {
    const statistic = (term: string, documentFrequency: number, matches: string[]) => ({ term, documentFrequency, ignored: false, matches: new Set(matches) });
    const [amex] = conceptStatistics(
      [{ term: 'amex', alternatives: [['american', 'express']] }],
      [statistic('amex', 0, []), statistic('american', 3, ['a', 'b']), statistic('express', 9, ['a', 'c'])],
    );
    expect(amex).toEqual({ ...statistic('amex', 3, ['a']), credits: new Map([['a', 1]]), siteCredit: 1 });
  });
});

describe('search with synonyms', () => {
  it('finds the page that says it differently, with the score of a full match', async () => {
    const index = new SqliteKnowledgeIndex();
    await ingest(
      index,
      staticSource({
        name: 'help',
        documents: [
          { url: '/payments', format: 'markdown', content: '# Payment methods\n\nWe accept Visa, Mastercard and American Express cards.' },
          { url: '/express', format: 'markdown', content: '# Express delivery\n\nExpress parcels arrive the next day.' },
        ],
      }),
    );
    expect(await searchKnowledge(index, 'Do you accept Amex?')).toEqual([]);
    const passages = await searchKnowledge(index, 'Do you accept Amex?', { synonyms: [['amex', 'american express']] });
    // Every concept of the question is in the passage: a full score. Half a phrase ("express") is not the concept.
    expect(passages[0]).toMatchObject({ url: '/payments', score: 1 });
    expect(passages.find((passage) => passage.url === '/express')?.score ?? 0).toBeLessThan(1);
    await index.close();
  });
});

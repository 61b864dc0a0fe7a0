import { describe, expect, it } from 'vitest';
import { Thesaurus } from '../lexicon/thesaurus.js';
import { lexicalScores } from './term-coverage.js';
import { conceptStatistics, expandQuery } from './synonyms.js';
import type { ThesaurusExpansion } from './thesaurus-expansion.js';

/** A tiny hand-made thesaurus, so that each expectation follows from what is written here. */
const thesaurus = new Thesaurus(
  new Map([
    ['package', [['parcel', 'bundle'], ['software']]],
    ['take back', [['return']]],
    ['child', [['kid']]],
    ['old', [['aged']]],
  ]),
  new Map([['children', ['child']]]),
);
const expansion = (senses = 1, weight = 0.5): ThesaurusExpansion => ({ thesaurus, senses, weight });

describe('expandQuery with the thesaurus', () => {
  it('adds the synonyms of the first senses at the reduced weight, after the visitor\'s own words', () => {
    expect(expandQuery('Where are my packages?', [], expansion())).toEqual({
      concepts: [{ term: 'packages', alternatives: [['parcel'], ['bundle']] }],
      terms: ['packages', 'parcel', 'bundle'],
      weights: new Map([['parcel', 0.5], ['bundle', 0.5]]),
    });
    expect(expandQuery('Where are my packages?', [], expansion(2, 0.25)).weights).toEqual(new Map([['parcel', 0.25], ['bundle', 0.25], ['software', 0.25]]));
  });

  it('searches an irregular form\'s lemma at full weight, and reads inflected collocations', () => {
    const children = expandQuery('Do children pay?', [], expansion());
    expect(children.concepts[0]).toEqual({ term: 'children', alternatives: [['child'], ['kid']] });
    expect(children.weights).toEqual(new Map([['kid', 0.5]]));
    // "older" is "old" by a suffix rule: the stemmer relates those, so only the synonym is added.
    expect(expandQuery('Is it older?', [], expansion()).concepts).toEqual([{ term: 'older', alternatives: [['aged']] }]);
    // A collocation is read only as adjacent words ("take" is a stopword, "back" is not).
    expect(expandQuery('Will you take it back?', [], expansion()).terms).toEqual(['back']);
    expect(expandQuery('Are you taking back opened bags?', [], expansion()).concepts.slice(0, 1)).toEqual([{ term: 'taking', alternatives: [['return']] }]);
  });

  it('keeps a word the owner\'s synonyms or the visitor also use at full weight', () => {
    const query = expandQuery('Package or parcel?', [['package', 'bundle']], expansion());
    expect(query.weights).toEqual(new Map());
    expect(query.terms).toEqual(['package', 'parcel', 'bundle']);
  });
});

describe('a concept found through a thesaurus synonym', () => {
  const statistic = (term: string, documentFrequency: number, matches: string[]) => ({ term, documentFrequency, ignored: false, matches: new Set(matches) });
  const { concepts, weights } = expandQuery('Where are my packages?', [], expansion());
  const words = [statistic('packages', 1, ['own']), statistic('parcel', 2, ['synonym', 'own']), statistic('bundle', 0, [])];

  it('counts once, with the synonym\'s weight as its credit where only the synonym is found', () => {
    const [packages] = conceptStatistics(concepts, words, weights);
    expect(packages).toMatchObject({ documentFrequency: 2, siteCredit: 1, matches: new Set(['own', 'synonym']) });
    expect(packages!.credits).toEqual(new Map([['own', 1], ['synonym', 0.5]]));
    const scores = lexicalScores({ chunkCount: 10, terms: conceptStatistics(concepts, words, weights) }, ['own', 'synonym']);
    expect(scores.get('own')).toBe(1);
    expect(scores.get('synonym')).toBe(0.75);
  });

  it('makes the site only partly cover a question whose own word it never uses', () => {
    const scores = lexicalScores({ chunkCount: 10, terms: conceptStatistics(concepts, [statistic('packages', 0, []), ...words.slice(1)], weights) }, ['synonym']);
    expect(scores.get('synonym')).toBe(0.5);
  });
});

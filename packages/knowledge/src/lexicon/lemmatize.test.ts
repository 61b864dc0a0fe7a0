import { describe, expect, it } from 'vitest';
import { lemmatize } from './lemmatize.js';
import { loadThesaurus } from './thesaurus.js';

describe('lemmatize', () => {
  const known = new Set(['child', 'old', 'parcel', 'charge', 'box', 'go', 'good']);
  const irregular = new Map([['children', ['child']], ['went', ['go']], ['better', ['good', 'well']]]);
  const lemmas = (word: string) => lemmatize(word, (lemma) => known.has(lemma), irregular);

  it('reads irregular forms from the exception lists and regular ones by suffix rules the lexicon confirms', () => {
    expect(lemmas('children')).toEqual(['child']);
    expect(lemmas('went')).toEqual(['go']);
    expect(lemmas('better')).toEqual(['good', 'well']);
    expect(lemmas('older')).toEqual(['old']);
    expect(lemmas('parcels')).toEqual(['parcel']);
    expect(lemmas('charged')).toEqual(['charge']);
    expect(lemmas('boxes')).toEqual(['box']);
  });

  it('keeps a known word and finds nothing for an unknown one', () => {
    expect(lemmas('parcel')).toEqual(['parcel']);
    expect(lemmas('zebras')).toEqual([]);
    // A rule never strips a word to a single letter: "es" is not "e" + "s".
    expect(lemmatize('es', () => true, new Map())).toEqual(['es']);
  });
});

describe('the generated thesaurus', () => {
  it('lemmatises with WordNet and lists synonyms of the most frequent senses first', async () => {
    const thesaurus = await loadThesaurus();
    expect(thesaurus.lemmas('children')).toContain('child');
    expect(thesaurus.irregularLemmas('children')).toEqual(['child']);
    expect(thesaurus.lemmas('packages')).toEqual(['package']);
    expect(thesaurus.synonyms('package', 1)).toContain('parcel');
    expect(thesaurus.synonyms('purchase', 1)).toEqual(['buy']);
    // A collocation is an entry of its own.
    expect(thesaurus.synonyms('take back', 1)).toEqual(['return']);
    expect(thesaurus.synonyms('zzzz', 3)).toEqual([]);
  });
});

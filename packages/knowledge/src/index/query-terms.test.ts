import { describe, expect, it } from 'vitest';
import { ftsMatchExpression } from './fts-query.js';
import { MAX_QUERY_TERMS, queryTerms } from './query-terms.js';

describe('queryTerms', () => {
  it('keeps the informative words once, lower-cased, in order', () => {
    expect(queryTerms("How long does shipping to Canada take? I don't know, shipping!")).toEqual(['long', 'shipping', 'canada']);
  });

  it('reduces FTS syntax to plain words', () => {
    const terms = queryTerms('"quoted" NEAR(a b) parcel* -returns title:x ^start (((');
    expect(terms).toEqual(['quoted', 'near', 'b', 'parcel', 'returns', 'title', 'x', 'start']);
    for (const term of terms) expect(term).toMatch(/^[\p{L}\p{N}]+$/u);
  });

  it('handles accents and other scripts, and bounds the number of terms', () => {
    expect(queryTerms('Café naïve Straße 東京')).toEqual(['café', 'naïve', 'straße', '東京']);
    expect(queryTerms(Array.from({ length: 100 }, (_, index) => `word${index}`).join(' '))).toHaveLength(MAX_QUERY_TERMS);
    expect(queryTerms('what is it?')).toEqual([]);
  });

  it('quotes each term for FTS5', () => {
    expect(ftsMatchExpression(['near', 'a"b'])).toBe('"near" OR "a""b"');
  });
});

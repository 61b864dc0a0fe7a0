import type { TermStatistic } from '../index/knowledge-index.js';
import type { ScoredTerm } from './term-coverage.js';
import { MAX_QUERY_TERMS, queryTerms, questionWords } from '../index/query-terms.js';
import { thesaurusMatches, type ThesaurusExpansion } from './thesaurus-expansion.js';

/**
 * Owner-maintained equivalences, as search engines offer them (Elasticsearch's synonym filter, Algolia's
 * synonyms): each group lists words or phrases that mean the same on this site, e.g.
 * `[['amex', 'american express'], ['workshop', 'class', 'course']]`. Matching ignores case and accents
 * the way questions are read (`queryTerms`); stemming still applies, so `class` also finds "classes".
 */
export type SynonymGroups = ReadonlyArray<readonly string[]>;

/** One thing the visitor asked about: a word of the question, and other ways the site may say it. */
export interface QueryConcept {
  term: string;
  /** Each alternative is a phrase's searchable words; a passage has the concept if it has all of one's words. */
  alternatives: string[][];
}

/** What to search for: the question's concepts, and every word to send to the engine (theirs and their synonyms'). */
export interface ExpandedQuery {
  concepts: QueryConcept[];
  /** The visitor's own words first, so that the `MAX_QUERY_TERMS` cap only ever drops synonyms. */
  terms: string[];
  /** Terms that weigh less than 1 in ranking: the thesaurus's synonyms. Any other term weighs 1. */
  weights: Map<string, number>;
}

/**
 * The searchable words of a question, with the synonyms of any word or phrase it contains: the
 * owner's `synonyms` at full weight, and, with a `thesaurus` expansion, WordNet's irregular lemmas (full
 * weight: the visitor's own word) and synonyms (at `expansion.weight`). The engine gets every word
 * (OR-ed, so BM25 ranks a passage saying "American Express" for "Amex"), and scoring counts each concept
 * once however it was found (`conceptStatistics`), so a synonym neither inflates a score nor makes a
 * covered question look unanswerable.
 *
 * @example
 * expandQuery('Do you take Amex?', [['amex', 'american express']]).terms // ['amex', 'american', 'express']
 */
export function expandQuery(question: string, synonyms: SynonymGroups = [], thesaurus?: ThesaurusExpansion): ExpandedQuery {
  const concepts = queryTerms(question).map((term): QueryConcept => ({ term, alternatives: [] }));
  const words = questionWords(question);
  const fullWeight = new Set(concepts.map((concept) => concept.term));
  const reducedWeight = new Set<string>();
  const attach = (covered: readonly string[], alternatives: string[][], weighed: Set<string>) => {
    const covering = concepts.filter((concept) => covered.includes(concept.term));
    for (const concept of covering) concept.alternatives.push(...alternatives);
    if (covering.length > 0) for (const term of alternatives.flat()) weighed.add(term);
  };
  for (const group of synonyms) {
    const phrases = group.map(questionWords).filter((phrase) => phrase.length > 0);
    const found = phrases.find((phrase) => containsPhrase(words, phrase));
    if (!found) continue;
    attach(found, phrases.filter((phrase) => phrase !== found).map((phrase) => queryTerms(phrase.join(' '))).filter((phrase) => phrase.length > 0), fullWeight);
  }
  for (const match of thesaurus ? thesaurusMatches(words, thesaurus) : []) {
    const searchable = (forms: readonly string[]) => forms.flatMap((form) => queryTerms(form)).filter((term) => !match.words.includes(term)).map((term) => [term]);
    attach(match.words, searchable(match.lemmas), fullWeight);
    attach(match.words, searchable(match.synonyms), reducedWeight);
  }
  const terms = [...new Set([...fullWeight, ...reducedWeight])].slice(0, MAX_QUERY_TERMS);
  const weights = new Map(terms.filter((term) => !fullWeight.has(term)).map((term) => [term, thesaurus!.weight]));
  return { concepts, terms, weights };
}

/**
 * Per-concept statistics from per-word ones, in the shape `lexicalScores` takes: a passage has a
 * concept when it has the word or every word of one alternative, and the concept is as common on the
 * site as its most common form (a phrase counted by its rarest word, an upper bound). A form earns
 * the lowest `weights` entry of its words (1 when none): a thesaurus synonym stands for the concept
 * only as much as it counts in ranking.
 */
export function conceptStatistics(concepts: readonly QueryConcept[], words: readonly TermStatistic[], weights: ReadonlyMap<string, number> = new Map()): ScoredTerm[] {
  const byWord = new Map(words.map((statistic) => [statistic.term, statistic]));
  const absent: TermStatistic = { term: '', documentFrequency: 0, ignored: false, matches: new Set() };
  return concepts.map(({ term, alternatives }) => {
    const own = byWord.get(term) ?? { ...absent, term };
    const credits = new Map([...own.matches].map((id) => [id, 1]));
    let documentFrequency = own.documentFrequency;
    let siteCredit = own.documentFrequency > 0 ? 1 : 0;
    for (const phrase of alternatives) {
      const form = phrase.map((word) => byWord.get(word) ?? absent);
      const formCredit = Math.min(...phrase.map((word) => weights.get(word) ?? 1));
      const formFrequency = Math.min(...form.map((statistic) => statistic.documentFrequency));
      documentFrequency = Math.max(documentFrequency, formFrequency);
      if (formFrequency > 0) siteCredit = Math.max(siteCredit, formCredit);
      for (const id of form[0]!.matches) {
        if (form.every((statistic) => statistic.matches.has(id))) credits.set(id, Math.max(credits.get(id) ?? 0, formCredit));
      }
    }
    return { term, documentFrequency, ignored: own.ignored && alternatives.length === 0, matches: new Set(credits.keys()), credits, siteCredit };
  });
}

function containsPhrase(words: readonly string[], phrase: readonly string[]): boolean {
  for (let start = 0; start + phrase.length <= words.length; start++) {
    if (phrase.every((word, offset) => words[start + offset] === word)) return true;
  }
  return false;
}

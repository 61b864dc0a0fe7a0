import type { TermStatistic } from '../index/knowledge-index.js';
import { MAX_QUERY_TERMS, queryTerms, questionWords } from '../index/query-terms.js';

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
  terms: string[];
}

/**
 * The searchable words of a question, with the synonyms of any word or phrase it contains. The engine
 * gets every word (OR-ed, so BM25 ranks a passage saying "American Express" for "Amex"), and scoring
 * counts each concept once however it was found (`conceptStatistics`), so a synonym neither inflates a
 * score nor makes a covered question look unanswerable.
 *
 * @example
 * expandQuery('Do you take Amex?', [['amex', 'american express']]).terms // ['amex', 'american', 'express']
 */
export function expandQuery(question: string, synonyms: SynonymGroups = []): ExpandedQuery {
  const concepts = queryTerms(question).map((term): QueryConcept => ({ term, alternatives: [] }));
  const words = questionWords(question);
  for (const group of synonyms) {
    const phrases = group.map(questionWords).filter((phrase) => phrase.length > 0);
    const found = phrases.find((phrase) => containsPhrase(words, phrase));
    if (!found) continue;
    const alternatives = phrases.filter((phrase) => phrase !== found).map((phrase) => queryTerms(phrase.join(' '))).filter((phrase) => phrase.length > 0);
    for (const concept of concepts) {
      if (found.includes(concept.term)) concept.alternatives.push(...alternatives);
    }
  }
  const terms = [...new Set(concepts.flatMap((concept) => [concept.term, ...concept.alternatives.flat()]))].slice(0, MAX_QUERY_TERMS);
  return { concepts, terms };
}

/**
 * Per-concept statistics from per-word ones, in the shape `lexicalScores` takes: a passage has a
 * concept when it has the word or every word of one alternative, and the concept is as common on the
 * site as its most common form (a phrase counted by its rarest word, an upper bound).
 */
export function conceptStatistics(concepts: readonly QueryConcept[], words: readonly TermStatistic[]): TermStatistic[] {
  const byWord = new Map(words.map((statistic) => [statistic.term, statistic]));
  const absent: TermStatistic = { term: '', documentFrequency: 0, ignored: false, matches: new Set() };
  return concepts.map(({ term, alternatives }) => {
    const own = byWord.get(term) ?? { ...absent, term };
    const forms = alternatives.map((phrase) => phrase.map((word) => byWord.get(word) ?? absent));
    const matches = new Set(own.matches);
    let documentFrequency = own.documentFrequency;
    for (const form of forms) {
      documentFrequency = Math.max(documentFrequency, Math.min(...form.map((statistic) => statistic.documentFrequency)));
      for (const id of form[0]!.matches) if (form.every((statistic) => statistic.matches.has(id))) matches.add(id);
    }
    return { term, documentFrequency, ignored: own.ignored && forms.length === 0, matches };
  });
}

function containsPhrase(words: readonly string[], phrase: readonly string[]): boolean {
  for (let start = 0; start + phrase.length <= words.length; start++) {
    if (phrase.every((word, offset) => words[start + offset] === word)) return true;
  }
  return false;
}

import type { TermStatistic } from '../index/knowledge-index.js';

/**
 * The inverse document frequency BM25 uses: a word found in few chunks says a lot about a
 * passage, a word found in most says little. A word found nowhere gets the highest weight, which is
 * what makes a question about something the site never mentions score low.
 */
export function inverseDocumentFrequency(documentFrequency: number, chunkCount: number): number {
  return Math.log(1 + (chunkCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/**
 * A word or concept of the question as scoring reads it. A concept found only through lower-weight
 * synonyms earns less than full credit where it is found; without `credits` and `siteCredit`, every match
 * earns all of the term's weight.
 */
export interface ScoredTerm extends TermStatistic {
  /** Matching candidate -> the share (0..1] of the term's weight it earns. */
  credits?: ReadonlyMap<string, number>;
  /** The share the site as a whole earns for having the term. */
  siteCredit?: number;
}

/**
 * The lexical score of each candidate passage, in [0, 1]: the mean of
 * - site coverage: the share of the question's information (its words, weighted by IDF) that
 *   appears anywhere in the index — low when the question is about something the site never
 *   mentions ("oat milk", "franchise");
 * - passage coverage: the share that appears in this passage — low when the passage is about
 *   something else.
 * Passage coverage never exceeds site coverage, so the score lies between the two. Words the
 * engine ignores as stopwords count neither way, and a concept found only through a thesaurus synonym
 * earns that synonym's weight (`ScoredTerm`), so that a loose synonym cannot make a question look covered. On the sample help centre this separates
 * answerable from unanswerable questions better than either half alone (README, "How scoring works").
 *
 * @returns chunk id -> score, for every candidate
 */
export function lexicalScores(statistics: { chunkCount: number; terms: ScoredTerm[] }, candidateIds: readonly string[]): Map<string, number> {
  const weighted = statistics.terms
    .filter((term) => !term.ignored)
    .map((term) => ({ term, weight: inverseDocumentFrequency(term.documentFrequency, statistics.chunkCount) }));
  const total = weighted.reduce((sum, { weight }) => sum + weight, 0);
  const scores = new Map<string, number>();
  if (total === 0) {
    for (const id of candidateIds) scores.set(id, 0);
    return scores;
  }
  const siteCredit = (term: ScoredTerm) => term.siteCredit ?? (term.documentFrequency > 0 ? 1 : 0);
  const credit = (term: ScoredTerm, id: string) => (term.matches.has(id) ? (term.credits?.get(id) ?? 1) : 0);
  const onSite = weighted.reduce((sum, { term, weight }) => sum + siteCredit(term) * weight, 0) / total;
  for (const id of candidateIds) {
    const inPassage = weighted.reduce((sum, { term, weight }) => sum + credit(term, id) * weight, 0) / total;
    scores.set(id, (onSite + inPassage) / 2);
  }
  return scores;
}

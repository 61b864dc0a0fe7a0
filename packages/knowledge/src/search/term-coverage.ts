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
 * The lexical score of each candidate passage, in [0, 1]: the mean of
 * - site coverage: the share of the question's information (its words, weighted by IDF) that
 *   appears anywhere in the index — low when the question is about something the site never
 *   mentions ("oat milk", "franchise");
 * - passage coverage: the share that appears in this passage — low when the passage is about
 *   something else.
 * Passage coverage never exceeds site coverage, so the score lies between the two. Words the
 * engine ignores as stopwords count neither way. On the sample help centre this separates
 * answerable from unanswerable questions better than either half alone (README, "How scoring works").
 *
 * @returns chunk id -> score, for every candidate
 */
export function lexicalScores(statistics: { chunkCount: number; terms: TermStatistic[] }, candidateIds: readonly string[]): Map<string, number> {
  const weighted = statistics.terms
    .filter((term) => !term.ignored)
    .map((term) => ({ term, weight: inverseDocumentFrequency(term.documentFrequency, statistics.chunkCount) }));
  const total = weighted.reduce((sum, { weight }) => sum + weight, 0);
  const scores = new Map<string, number>();
  if (total === 0) {
    for (const id of candidateIds) scores.set(id, 0);
    return scores;
  }
  const onSite = weighted.reduce((sum, { term, weight }) => sum + (term.documentFrequency > 0 ? weight : 0), 0) / total;
  for (const id of candidateIds) {
    const inPassage = weighted.reduce((sum, { term, weight }) => sum + (term.matches.has(id) ? weight : 0), 0) / total;
    scores.set(id, (onSite + inPassage) / 2);
  }
  return scores;
}

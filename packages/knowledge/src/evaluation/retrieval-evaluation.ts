import type { Passage } from '../types.js';

/** A question labelled with the pages (URLs) that answer it; none for a question the site does not answer. */
export interface LabelledQuestion {
  id: string;
  question: string;
  pages: string[];
}

export interface RetrievalEvaluation {
  /** Share of answerable questions whose first page answers them. */
  recallAt1: number;
  /** Share of answerable questions with an answering page among the first five. */
  recallAt5: number;
  /** Mean reciprocal rank of the first answering page (0 for a question none of the passages answers). */
  mrr: number;
  /** Per question: the rank of the first answering page among the distinct pages (0 when absent); unanswerable ones left out. */
  ranks: Map<string, number>;
  /** Per question: the best passage score, for judging `minScore`. */
  bestScores: Map<string, number>;
  /** One line per answerable question not answered by the first page: its rank, the question and the first three pages. */
  misses: string[];
}

/**
 * Scores retrieval on labelled questions, as `pnpm eval` reports it: pages are ranked in the order of their
 * best passage, so that two passages of one page take one place. `search` should return passages without a
 * `minScore` cut (and more than five, for MRR), e.g. `(question) => knowledge.search(question, { limit: 20, minScore: 0 })`.
 */
export async function evaluateRetrieval(search: (question: string) => Promise<Passage[]>, questions: readonly LabelledQuestion[]): Promise<RetrievalEvaluation> {
  const answerable = questions.filter((question) => question.pages.length > 0);
  const ranks = new Map<string, number>();
  const bestScores = new Map<string, number>();
  const misses: string[] = [];
  for (const question of questions) {
    const passages = await search(question.question);
    bestScores.set(question.id, Math.max(0, ...passages.map((passage) => passage.score)));
    if (question.pages.length === 0) continue;
    const pages = [...new Set(passages.map((passage) => passage.url))];
    const rank = pages.findIndex((url) => question.pages.includes(url)) + 1;
    ranks.set(question.id, rank);
    if (rank !== 1) misses.push(`${question.id} rank ${rank || '-'}: ${question.question} -> ${pages.slice(0, 3).join(', ')}`);
  }
  const share = (test: (rank: number) => boolean) => answerable.filter((question) => test(ranks.get(question.id)!)).length / answerable.length;
  return {
    recallAt1: share((rank) => rank === 1),
    recallAt5: share((rank) => rank >= 1 && rank <= 5),
    mrr: answerable.reduce((sum, question) => sum + (ranks.get(question.id)! > 0 ? 1 / ranks.get(question.id)! : 0), 0) / answerable.length,
    ranks,
    bestScores,
    misses,
  };
}

import type { EmbedFunction } from '../embeddings/embed-function.js';
import type { KnowledgeIndex, StoredChunk } from '../index/knowledge-index.js';
import { normalizeVector } from '../index/vectors.js';
import { loadThesaurus } from '../lexicon/thesaurus.js';
import type { Passage } from '../types.js';
import { reciprocalRankFusion, RRF_K } from './rank-fusion.js';
import { conceptStatistics, expandQuery, type ExpandedQuery, type SynonymGroups } from './synonyms.js';
import type { ThesaurusExpansion } from './thesaurus-expansion.js';
import { lexicalScores } from './term-coverage.js';

/** Passages returned when `limit` is not given. */
export const DEFAULT_LIMIT = 5;
/**
 * Passages scoring below this are dropped, and a question with no passage left is "not covered".
 * Chosen on the sample help centre (see README, "How scoring works"); raise it for fewer, surer
 * passages, lower it for more recall.
 */
export const DEFAULT_MIN_SCORE = 0.5;

/**
 * What a thesaurus synonym's match weighs in ranking and scoring, against 1 for the visitor's own word,
 * and how many senses of each word are searched, most frequent first: the one point of the sweep on the
 * sample help centre that raised BM25 recall@5 on both SQLite and PostgreSQL without lowering recall@1,
 * MRR or unanswerable rejection by more than one question (docs/benchmarks.md, "Knowledge retrieval").
 * Chosen on those same 83 questions; on the 35 held-out questions, written before any run on them, it
 * found the same pages in the top five as no thesaurus, and ranked them higher (MRR up on both engines).
 */
export const DEFAULT_THESAURUS = { weight: 0.25, senses: 1 } as const;

/** The general English thesaurus's knobs (`SearchOptions.thesaurus`); each defaults to `DEFAULT_THESAURUS`. */
export interface ThesaurusOptions {
  weight?: number;
  senses?: number;
}

export interface SearchOptions {
  /** Most passages to return. Default 5. */
  limit?: number;
  /** 0..1; passages scoring lower are dropped. Default `DEFAULT_MIN_SCORE`. */
  minScore?: number;
  /** Only these sources (disabled sources are always left out). */
  sources?: readonly string[];
  /** The page the visitor is on: its passages rank first among equally good matches. */
  pageUrl?: string;
  /** The site's own equivalent words and phrases (`SynonymGroups`), e.g. `[['amex', 'american express']]`. */
  synonyms?: SynonymGroups;
  /**
   * Also search for the synonyms of the question's words in a general English thesaurus generated
   * from WordNet (and for irregular forms: "children" finds "child"), a synonym's match weighing less
   * than the visitor's own word. `true` uses `DEFAULT_THESAURUS`; `false` searches the question's own
   * words only. Default true (docs/knowledge.md says why).
   */
  thesaurus?: boolean | ThesaurusOptions;
  signal?: AbortSignal;
}

/**
 * Finds the passages that best answer a question: BM25 full-text candidates for its words, their
 * `synonyms` and, unless `thesaurus` is false, their general synonyms at a lower weight, plus nearest embeddings when an embedding function is given, merged by reciprocal rank
 * fusion. Each passage carries a normalized `score` in [0, 1] (see `lexicalScores`; with embeddings,
 * the higher of that and the cosine similarity), and passages below `minScore` are dropped, so an
 * empty result means the site's content does not cover the question.
 */
export async function searchKnowledge(
  index: KnowledgeIndex,
  question: string,
  options: SearchOptions & { embeddings?: EmbedFunction } = {},
): Promise<Passage[]> {
  const limit = options.limit ?? DEFAULT_LIMIT;
  const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
  const pool = Math.max(limit * 4, 20);
  const filter = { limit: pool, ...(options.sources ? { sources: options.sources } : {}) };
  const { concepts, terms, weights } = expandQuery(question, options.synonyms, await thesaurusExpansion(options.thesaurus ?? true));

  const [keywordHits, vectorHits] = await Promise.all([
    index.keywordSearch(terms, filter, weights),
    options.embeddings ? embedQuestion(options.embeddings, question, options.signal).then((vector) => index.vectorSearch(vector, filter)) : [],
  ]);
  const chunks = new Map<string, StoredChunk>(keywordHits.map((hit) => [hit.chunkId, hit]));
  const missing = vectorHits.map((hit) => hit.chunkId).filter((id) => !chunks.has(id));
  for (const chunk of await index.getChunks(missing)) chunks.set(chunk.chunkId, chunk);
  if (chunks.size === 0) return [];

  const candidateIds = [...chunks.keys()];
  const lexical = terms.length > 0 ? await conceptCoverage(index, { concepts, terms, weights }, candidateIds) : new Map<string, number>();
  const similarity = new Map(vectorHits.map((hit) => [hit.chunkId, Math.max(0, hit.similarity)]));
  const fused = reciprocalRankFusion([keywordHits.map((hit) => hit.chunkId), vectorHits.map((hit) => hit.chunkId)]);
  const page = options.pageUrl ? comparableUrl(options.pageUrl) : undefined;

  return candidateIds
    .map((id) => {
      const chunk = chunks.get(id)!;
      const score = Math.min(1, Math.max(lexical.get(id) ?? 0, similarity.get(id) ?? 0));
      // The current page's passages get the weight of one extra first place: enough to win a near tie.
      const bonus = page !== undefined && comparableUrl(chunk.url) === page ? 1 / (RRF_K + 1) : 0;
      return { passage: { ...chunk, score: round(score) }, order: (fused.get(id) ?? 0) + bonus };
    })
    .filter(({ passage }) => passage.score >= minScore)
    .sort((a, b) => b.order - a.order || b.passage.score - a.passage.score)
    .slice(0, limit)
    .map(({ passage }) => passage);
}

async function thesaurusExpansion(options: boolean | ThesaurusOptions): Promise<ThesaurusExpansion | undefined> {
  if (!options) return undefined;
  const { weight, senses } = { ...DEFAULT_THESAURUS, ...(options === true ? {} : options) };
  return { thesaurus: await loadThesaurus(), weight, senses };
}

/** `lexicalScores` over the question's concepts: a word and its synonyms count as one. */
async function conceptCoverage(index: KnowledgeIndex, { concepts, terms, weights }: ExpandedQuery, candidateIds: string[]): Promise<Map<string, number>> {
  const { chunkCount, terms: words } = await index.termStatistics(terms, candidateIds);
  return lexicalScores({ chunkCount, terms: conceptStatistics(concepts, words, weights) }, candidateIds);
}

async function embedQuestion(embeddings: EmbedFunction, question: string, signal: AbortSignal | undefined): Promise<Float32Array> {
  const [vector] = await embeddings([question], signal ? { signal } : undefined);
  if (!vector) throw new Error('Embeddings: no vector for the question');
  return normalizeVector(vector);
}

function comparableUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.href.replace(/\/$/, '');
  } catch {
    return url;
  }
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}

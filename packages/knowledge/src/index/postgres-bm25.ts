/**
 * BM25 in PostgreSQL, as SQLite's FTS5 ranks: per term, IDF x f(k1 + 1) / (f + k1(1 - b + b len/avglen)), where f
 * counts the term's occurrences weighted by column (title, headings, body) and len is the chunk's token count.
 * PostgreSQL has no BM25, but for a one-word query `ts_rank_cd` without normalization is exactly the sum of its
 * occurrences' label weights (each occurrence is a cover of its own), and with normalization 2 that sum over the
 * token count: so f and len come from the tsvector without unpacking it. `ts_rank_cd` costs more than `ts_rank`,
 * so IDF-weighted `ts_rank` (one GIN match, then one call per term and matching chunk) picks a window of
 * candidates first and BM25 ranks within it.
 */

import { wordQuery } from './postgres-schema.js';

/** BM25's term-frequency saturation and length normalisation, FTS5's values. */
const BM25_K1 = 1.2;
const BM25_B = 0.75;
/**
 * Fewest candidates IDF-weighted ts_rank passes to BM25 (three per passage asked for, when more): on the sample
 * help centre, 30 already ranked every question as 200 did.
 */
const BM25_WINDOW = 60;

/** The column weights as `ts_rank_cd` takes them. */
export interface LabelWeights {
  /** `ts_rank_cd` weights of the D, C, B and A labels (body, unused, headings, title): the column weights over the largest, as it needs them <= 1. */
  labels: string;
  /** The largest column weight: `ts_rank_cd`'s weighted count times this is BM25's f. */
  scale: number;
}

/** `[title, headings, body]` BM25 weights as label weights; each must be a finite number above 0. */
export function labelWeights(columnWeights: readonly [number, number, number]): LabelWeights {
  const [title, headings, body] = columnWeights.map(checkColumnWeight) as [number, number, number];
  const scale = Math.max(title, headings, body);
  return { labels: `{${[body, body, headings, title].map((weight) => weight / scale).join(',')}}`, scale };
}

export interface Bm25QueryOptions {
  /** Checked identifiers: the tables' prefix and the text search configuration. */
  prefix: string;
  config: string;
  /** Fold each term's accents as the index does (postgres-schema.ts). */
  foldsAccents?: boolean;
  terms: readonly string[];
  /** Each term's IDF (times its weight). */
  idf: readonly number[];
  /** `ts_rank` label weights for picking the window, '{D,C,B,A}'. */
  windowWeights: string;
  label: LabelWeights;
  averageLength: number;
  limit: number;
  sources: readonly string[] | undefined;
}

/** The ranked query: the best `limit` chunks of enabled (and, with `sources`, listed) sources, `rank` their BM25. */
export function bm25Query({ prefix: p, config, foldsAccents, terms, idf, windowWeights, label, averageLength, limit, sources }: Bm25QueryOptions): { text: string; values: unknown[] } {
  const termQuery = (index: number) => wordQuery(config, `$${index * 2 + 7}::text`, foldsAccents ?? false);
  const query = terms.map((_, index) => termQuery(index)).join(' || ');
  const windowRank = terms.map((_, index) => `ts_rank($1::float4[], c.search, ${termQuery(index)}, 1) * $${index * 2 + 8}`).join(' + ');
  const occurrences = (index: number) => `ts_rank_cd($5::float4[], c.search, ${termQuery(index)}, 0)::float8 * ${label.scale}`;
  const bm25 = terms.map((_, index) => {
    const f = `c.f${index}`;
    return `CASE WHEN ${f} > 0 THEN $${index * 2 + 8}::float8 * ${f} * ${BM25_K1 + 1} / (${f} + ${BM25_K1} * (${1 - BM25_B} + ${BM25_B} * c.len / $6::float8)) ELSE 0 END`;
  });
  return {
    text: `WITH window_chunks AS MATERIALIZED (
         SELECT c.id, c.search FROM ${p}_chunks c JOIN ${p}_sources s ON s.name = c.source AND s.enabled
         WHERE c.search @@ (${query}) AND ($2::text[] IS NULL OR c.source = ANY($2))
         ORDER BY ${windowRank} DESC, c.id LIMIT $4),
       counted AS (
         SELECT c.id, ${terms.map((_, index) => `${occurrences(index)} AS f${index}`).join(', ')},
           ts_rank_cd($5::float4[], c.search, (${query}), 0)::float8 / ts_rank_cd($5::float4[], c.search, (${query}), 2)::float8 AS len
         FROM window_chunks c),
       ranked AS (SELECT c.id, ${bm25.join(' + ')} AS rank FROM counted c ORDER BY rank DESC, c.id LIMIT $3)
       SELECT c.id, c.source, c.url, c.title, c.heading_path, c.body, r.rank
       FROM ranked r JOIN ${p}_chunks c ON c.id = r.id ORDER BY r.rank DESC, c.id`,
    values: [windowWeights, sources ?? null, limit, Math.max(limit * 3, BM25_WINDOW), label.labels, averageLength || 1, ...terms.flatMap((term, index) => [term, idf[index]])],
  };
}

/** The largest column weight is written into the SQL, so each must be a plain finite number. */
function checkColumnWeight(weight: number): number {
  // Above 0, not just >= 0: a chunk matching only in a column of weight 0 would have no weighted count to
  // take its token count from (0 / 0).
  if (!Number.isFinite(weight) || weight <= 0) throw new Error(`PostgresKnowledgeIndex: a column weight must be a finite number above 0, not ${weight}`);
  return weight;
}

import pg from 'pg';
import {
  checkTablePrefix,
  type ChunkRecord,
  type DocumentRecord,
  type KnowledgeIndex,
  type SearchFilter,
  type SourceSummary,
  type StoredChunk,
  type TermStatistic,
} from './knowledge-index.js';
import { bm25Query, type LabelWeights, labelWeights } from './postgres-bm25.js';
import { createPostgresSchema, type VectorStorage, wordQuery } from './postgres-schema.js';
import { nearestVectors, type VectorCache } from './vector-cache.js';
import { bytesToVector, vectorToBytes } from './vectors.js';

export interface PostgresKnowledgeIndexOptions {
  /** A pool to share with the rest of the server. Not ended by `close()`. */
  pool?: pg.Pool;
  /** Used when no pool is given, e.g. process.env.DATABASE_URL. */
  connectionString?: string;
  /** Prefix of the tables. Default 'knowledge'. */
  tablePrefix?: string;
  /** Text search configuration (stemming and stopwords). Default 'english'. */
  textSearchConfig?: string;
  /**
   * ts_rank weights for the D (body), C (unused), B (heading path) and A (title) labels, so that
   * title and headings count more than body text. Default [0.6, 0.6, 0.8, 1].
   */
  weights?: readonly [number, number, number, number];
  /**
   * BM25 weights of a word's occurrence in the title, the heading path and the body, as
   * `SqliteKnowledgeIndex`'s `columnWeights`. Default [4, 2, 1].
   */
  columnWeights?: readonly [number, number, number];
}

/**
 * The shared index: PostgreSQL full text (a weighted, generated tsvector column with a GIN index,
 * ranked by IDF-weighted ts_rank) and, when embeddings are configured, vectors in a pgvector `vector` column
 * when the extension is installed, else as Float32 `bytea` searched by brute force in memory (each
 * instance keeps a copy, reloaded when the index's version row says another instance wrote).
 * Queries are OR-ed `plainto_tsquery` calls, one bound parameter per word, so no query syntax from
 * a visitor's question is ever parsed.
 *
 * @example
 * const index = new PostgresKnowledgeIndex({ connectionString: process.env.DATABASE_URL });
 */
export class PostgresKnowledgeIndex implements KnowledgeIndex {
  private readonly pool: pg.Pool;
  private readonly ownsPool: boolean;
  private readonly prefix: string;
  private readonly config: string;
  private readonly weights: string;
  private readonly labelWeights: LabelWeights;
  private vectorStorage: VectorStorage = 'bytea';
  /** Whether the index reads words without accents (postgres-schema.ts); each query word is then folded too. */
  private foldsAccents = false;
  private vectorCache: VectorCache | undefined;
  private frequencyCache: { version: string; chunkCount: number; averageLength: number; frequencies: Map<string, number> } | undefined;
  private initialized: Promise<void> | undefined;

  constructor(options: PostgresKnowledgeIndexOptions = {}) {
    this.prefix = checkTablePrefix(options.tablePrefix ?? 'knowledge');
    this.config = checkTablePrefix(options.textSearchConfig ?? 'english');
    this.weights = `{${(options.weights ?? [0.6, 0.6, 0.8, 1]).join(',')}}`;
    this.labelWeights = labelWeights(options.columnWeights ?? [4, 2, 1]);
    this.ownsPool = !options.pool;
    this.pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString, max: 4 });
  }

  /** Whether vectors live in a pgvector column (known after `init`); otherwise Float32 bytea. */
  get usesPgvector(): boolean {
    return this.vectorStorage === 'pgvector';
  }

  init(): Promise<void> {
    this.initialized ??= createPostgresSchema(this.pool, this.prefix, this.config).then((schema) => {
      this.vectorStorage = schema.vectorStorage;
      this.foldsAccents = schema.foldsAccents;
    });
    return this.initialized;
  }

  private termQuery(word: string): string {
    return wordQuery(this.config, word, this.foldsAccents);
  }

  async documentHashes(source: string): Promise<Map<string, string>> {
    const result = await this.pool.query<{ url: string; hash: string }>(
      `SELECT url, hash FROM ${this.prefix}_documents WHERE source = $1`, [source],
    );
    return new Map(result.rows.map((row) => [row.url, row.hash]));
  }

  async putDocument(document: DocumentRecord, chunks: ChunkRecord[]): Promise<void> {
    const p = this.prefix;
    const pgvector = this.vectorStorage === 'pgvector';
    await this.transaction(async (client) => {
      await client.query(`INSERT INTO ${p}_sources (name) VALUES ($1) ON CONFLICT DO NOTHING`, [document.source]);
      await client.query(`DELETE FROM ${p}_chunks WHERE source = $1 AND url = $2`, [document.source, document.url]);
      await client.query(
        `INSERT INTO ${p}_documents (source, url, title, hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT (source, url) DO UPDATE SET title = excluded.title, hash = excluded.hash, updated_at = now()`,
        [document.source, document.url, document.title, document.hash],
      );
      if (chunks.length === 0) return;
      await client.query(
        `INSERT INTO ${p}_chunks (id, source, url, ordinal, title, heading_path, headings, body, embedding)
         SELECT id, $1, $2, ordinal, $3, heading_path, headings, body, embedding${pgvector ? '::vector' : ''}
         FROM unnest($4::text[], $5::int[], $6::jsonb[], $7::text[], $8::text[], $9::${pgvector ? 'text' : 'bytea'}[])
           AS t(id, ordinal, heading_path, headings, body, embedding)`,
        [
          document.source, document.url, document.title,
          chunks.map((chunk) => chunk.id),
          chunks.map((chunk) => chunk.ordinal),
          chunks.map((chunk) => JSON.stringify(chunk.headingPath)),
          chunks.map((chunk) => chunk.headingPath.join(' ')),
          chunks.map((chunk) => chunk.text),
          chunks.map((chunk) => (chunk.embedding ? (pgvector ? pgvectorLiteral(chunk.embedding) : Buffer.from(vectorToBytes(chunk.embedding))) : null)),
        ],
      );
    });
  }

  async removeDocuments(source: string, urls: readonly string[]): Promise<number> {
    if (urls.length === 0) return 0;
    let removed = 0;
    await this.transaction(async (client) => {
      await client.query(`DELETE FROM ${this.prefix}_chunks WHERE source = $1 AND url = ANY($2)`, [source, urls]);
      const result = await client.query(`DELETE FROM ${this.prefix}_documents WHERE source = $1 AND url = ANY($2)`, [source, urls]);
      removed = result.rowCount ?? 0;
    });
    return removed;
  }

  async keywordSearch(terms: readonly string[], filter: SearchFilter, weights?: ReadonlyMap<string, number>): Promise<Array<StoredChunk & { rank: number }>> {
    if (terms.length === 0) return [];
    // BM25 (postgres-bm25.ts). A term's `weights` entry scales its IDF, as on SQLite.
    const { chunkCount, averageLength, frequencies } = await this.documentFrequencies(terms);
    const idf = frequencies.map((frequency, index) => Math.log(1 + (chunkCount - frequency + 0.5) / (frequency + 0.5)) * (weights?.get(terms[index]!) ?? 1));
    const { text, values } = bm25Query({
      prefix: this.prefix, config: this.config, foldsAccents: this.foldsAccents, terms, idf, windowWeights: this.weights, label: this.labelWeights, averageLength, limit: filter.limit, sources: filter.sources,
    });
    const result = await this.pool.query(text, values);
    return result.rows.map((row) => ({ ...toStoredChunk(row), rank: Number(row.rank) }));
  }

  /**
   * Chunk count, average token count and document frequencies, cached per index version: every question
   * needs them twice (BM25 for ranking, then scores), and common words recur from one question to the
   * next. Each write bumps the version row, so one cheap read tells whether the counts still hold.
   */
  private async documentFrequencies(terms: readonly string[]): Promise<{ chunkCount: number; averageLength: number; frequencies: number[] }> {
    const p = this.prefix;
    const version = await this.version();
    if (this.frequencyCache?.version !== version || this.frequencyCache.frequencies.size > MAX_CACHED_FREQUENCIES) {
      const count = await this.pool.query<{ count: number; average: number | null }>(
        `SELECT count(*)::int AS count, avg((SELECT sum(cardinality(positions)) FROM unnest(search)))::float8 AS average FROM ${p}_chunks`,
      );
      this.frequencyCache = { version, chunkCount: count.rows[0]?.count ?? 0, averageLength: count.rows[0]?.average ?? 0, frequencies: new Map() };
    }
    const cache = this.frequencyCache;
    const missing = terms.filter((term) => !cache.frequencies.has(term));
    if (missing.length > 0) {
      const result = await this.pool.query<{ term: string; df: number }>(
        `SELECT q.term, (SELECT count(*)::int FROM ${p}_chunks c WHERE c.search @@ ${this.termQuery('q.term')}) AS df
         FROM unnest($1::text[]) AS q(term)`,
        [missing],
      );
      for (const row of result.rows) cache.frequencies.set(row.term, row.df);
    }
    return { chunkCount: cache.chunkCount, averageLength: cache.averageLength, frequencies: terms.map((term) => cache.frequencies.get(term) ?? 0) };
  }

  private async version(): Promise<string> {
    const current = await this.pool.query<{ version: string }>(`SELECT version::text FROM ${this.prefix}_version WHERE id = 1`);
    return current.rows[0]?.version ?? '0';
  }

  async vectorSearch(vector: Float32Array, filter: SearchFilter): Promise<Array<{ chunkId: string; similarity: number }>> {
    const p = this.prefix;
    if (this.vectorStorage === 'bytea') {
      const [cache, enabled] = await Promise.all([this.loadVectors(), this.pool.query<{ name: string }>(`SELECT name FROM ${p}_sources WHERE enabled`)]);
      const enabledSources = new Set(enabled.rows.map((row) => row.name));
      return nearestVectors(cache, vector, { enabledSources, limit: filter.limit, ...(filter.sources ? { sources: filter.sources } : {}) });
    }
    const result = await this.pool.query<{ id: string; similarity: number }>(
      `SELECT c.id, 1 - (c.embedding <=> $1::vector) AS similarity
       FROM ${p}_chunks c JOIN ${p}_sources s ON s.name = c.source AND s.enabled
       WHERE c.embedding IS NOT NULL AND vector_dims(c.embedding) = $4 AND ($2::text[] IS NULL OR c.source = ANY($2))
       ORDER BY c.embedding <=> $1::vector LIMIT $3`,
      [pgvectorLiteral(vector), filter.sources ?? null, filter.limit, vector.length],
    );
    return result.rows.map((row) => ({ chunkId: row.id, similarity: Number(row.similarity) }));
  }

  /**
   * Without pgvector every instance searches its own in-memory copy of the vectors. Each write
   * bumps the version row in the same transaction, so one cheap read tells whether this copy is stale.
   */
  private async loadVectors(): Promise<VectorCache> {
    const p = this.prefix;
    const version = await this.version();
    if (this.vectorCache?.version === version) return this.vectorCache;
    const rows = await this.pool.query<{ id: string; source: string; embedding: Buffer }>(
      `SELECT id, source, embedding FROM ${p}_chunks WHERE embedding IS NOT NULL`,
    );
    this.vectorCache = {
      version,
      ids: rows.rows.map((row) => row.id),
      sources: rows.rows.map((row) => row.source),
      vectors: rows.rows.map((row) => bytesToVector(row.embedding)),
    };
    return this.vectorCache;
  }

  async termStatistics(terms: readonly string[], candidateIds: readonly string[]): Promise<{ chunkCount: number; terms: TermStatistic[] }> {
    const p = this.prefix;
    const [{ chunkCount, frequencies }, statistics] = await Promise.all([
      this.documentFrequencies(terms),
      this.pool.query<{ term: string; ignored: boolean; matches: string[] }>(
        `SELECT q.term, numnode(${this.termQuery('q.term')}) = 0 AS ignored,
           ARRAY(SELECT c.id FROM ${p}_chunks c
                 WHERE c.id = ANY($2) AND c.search @@ ${this.termQuery('q.term')}) AS matches
         FROM unnest($1::text[]) AS q(term)`,
        [terms, candidateIds],
      ),
    ]);
    const byTerm = new Map(statistics.rows.map((row) => [row.term, row]));
    return {
      chunkCount,
      terms: terms.map((term, index) => {
        const row = byTerm.get(term);
        return {
          term,
          documentFrequency: frequencies[index]!,
          ignored: row?.ignored ?? false,
          matches: new Set(row?.matches ?? []),
        };
      }),
    };
  }

  async getChunks(ids: readonly string[]): Promise<StoredChunk[]> {
    if (ids.length === 0) return [];
    const result = await this.pool.query(
      `SELECT id, source, url, title, heading_path, body FROM ${this.prefix}_chunks WHERE id = ANY($1)`, [ids],
    );
    return result.rows.map(toStoredChunk);
  }

  async setSourceEnabled(source: string, enabled: boolean): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.prefix}_sources (name, enabled) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET enabled = excluded.enabled`,
      [source, enabled],
    );
  }

  async sources(): Promise<SourceSummary[]> {
    const p = this.prefix;
    const result = await this.pool.query<{ name: string; enabled: boolean; documents: number; chunks: number }>(
      `SELECT s.name, s.enabled,
         (SELECT count(*)::int FROM ${p}_documents d WHERE d.source = s.name) AS documents,
         (SELECT count(*)::int FROM ${p}_chunks c WHERE c.source = s.name) AS chunks
       FROM ${p}_sources s ORDER BY s.name`,
    );
    return result.rows;
  }

  async removeSource(source: string): Promise<void> {
    const p = this.prefix;
    await this.transaction(async (client) => {
      await client.query(`DELETE FROM ${p}_chunks WHERE source = $1`, [source]);
      await client.query(`DELETE FROM ${p}_documents WHERE source = $1`, [source]);
      await client.query(`DELETE FROM ${p}_sources WHERE name = $1`, [source]);
    });
  }

  /** Drops this index's tables: for tests and for `reset` commands. */
  async drop(): Promise<void> {
    const p = this.prefix;
    await this.pool.query(`DROP TABLE IF EXISTS ${p}_chunks, ${p}_documents, ${p}_sources, ${p}_version`);
    this.initialized = undefined;
    this.vectorCache = undefined;
    this.frequencyCache = undefined;
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }

  private async transaction(work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await work(client);
      await client.query(
        `INSERT INTO ${this.prefix}_version (id, version) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET version = ${this.prefix}_version.version + 1`,
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }
}

/** Terms whose counts are kept between writes; past this the cache starts again (it refills from questions). */
const MAX_CACHED_FREQUENCIES = 10_000;

/** pgvector's text form, '[0.1,0.2,…]'. */
function pgvectorLiteral(vector: Float32Array): string {
  return `[${Array.from(vector).join(',')}]`;
}

function toStoredChunk(row: Record<string, unknown>): StoredChunk {
  return {
    chunkId: String(row.id),
    source: String(row.source),
    url: String(row.url),
    title: String(row.title),
    headingPath: row.heading_path as string[],
    text: String(row.body),
  };
}

import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { ftsMatchExpression } from './fts-query.js';
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
import { nearestVectors, type VectorCache } from './vector-cache.js';
import { bytesToVector, vectorToBytes } from './vectors.js';

export interface SqliteKnowledgeIndexOptions {
  /** Database file, or ':memory:'. Ignored when `database` is given. Default ':memory:'. */
  path?: string;
  /** An open database to share (for instance with the conversation store). Not closed by `close()`. */
  database?: DatabaseSync;
  /** Prefix of the tables. Default 'knowledge'. */
  tablePrefix?: string;
  /**
   * BM25 weights of the title, heading-path and body columns: a word in a page title says more
   * about what a passage is about than the same word in passing. Default [4, 2, 1].
   */
  columnWeights?: readonly [number, number, number];
}

/**
 * The embedded index: SQLite through Node's built-in `node:sqlite`, full text in an FTS5 table
 * (Porter stemming over the unicode61 tokenizer, BM25 with column weights) and, when embeddings are
 * configured, Float32 vectors in a BLOB column compared by brute force (a few milliseconds at 10k chunks).
 *
 * @example
 * const index = new SqliteKnowledgeIndex({ path: 'sitechat.db' });
 */
export class SqliteKnowledgeIndex implements KnowledgeIndex {
  private readonly database: DatabaseSync;
  private readonly ownsDatabase: boolean;
  private readonly prefix: string;
  private readonly columnWeights: readonly [number, number, number];
  private readonly statements = new Map<string, StatementSync>();
  private vectorCache: VectorCache | undefined;
  private initialized = false;

  constructor(options: SqliteKnowledgeIndexOptions = {}) {
    this.prefix = checkTablePrefix(options.tablePrefix ?? 'knowledge');
    this.columnWeights = options.columnWeights ?? [4, 2, 1];
    this.ownsDatabase = !options.database;
    this.database = options.database ?? new DatabaseSync(options.path ?? ':memory:');
  }

  async init(): Promise<void> {
    if (this.initialized) return;
    const p = this.prefix;
    this.database.exec(`
      PRAGMA busy_timeout = 5000;
      CREATE TABLE IF NOT EXISTS ${p}_sources (name TEXT PRIMARY KEY, enabled INTEGER NOT NULL DEFAULT 1);
      CREATE TABLE IF NOT EXISTS ${p}_documents (
        source TEXT NOT NULL, url TEXT NOT NULL, title TEXT NOT NULL, hash TEXT NOT NULL,
        updated_at TEXT NOT NULL, PRIMARY KEY (source, url));
      CREATE TABLE IF NOT EXISTS ${p}_chunks (
        rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, source TEXT NOT NULL, url TEXT NOT NULL,
        ordinal INTEGER NOT NULL, heading_path TEXT NOT NULL, body TEXT NOT NULL, embedding BLOB);
      CREATE INDEX IF NOT EXISTS ${p}_chunks_document ON ${p}_chunks (source, url);
      CREATE VIRTUAL TABLE IF NOT EXISTS ${p}_fts USING fts5(
        title, headings, body, tokenize = 'porter unicode61 remove_diacritics 2');
    `);
    if (this.ownsDatabase) this.database.exec('PRAGMA journal_mode = WAL');
    this.initialized = true;
  }

  async documentHashes(source: string): Promise<Map<string, string>> {
    const rows = this.statement(`SELECT url, hash FROM ${this.prefix}_documents WHERE source = ?`).all(source);
    return new Map(rows.map((row) => [String(row.url), String(row.hash)]));
  }

  async putDocument(document: DocumentRecord, chunks: ChunkRecord[]): Promise<void> {
    const p = this.prefix;
    this.transaction(() => {
      this.statement(`INSERT OR IGNORE INTO ${p}_sources (name) VALUES (?)`).run(document.source);
      this.deleteChunks(document.source, document.url);
      this.statement(
        `INSERT INTO ${p}_documents (source, url, title, hash, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (source, url) DO UPDATE SET title = excluded.title, hash = excluded.hash, updated_at = excluded.updated_at`,
      ).run(document.source, document.url, document.title, document.hash, new Date().toISOString());
      const insertChunk = this.statement(
        `INSERT INTO ${p}_chunks (id, source, url, ordinal, heading_path, body, embedding) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      const insertText = this.statement(`INSERT INTO ${p}_fts (rowid, title, headings, body) VALUES (?, ?, ?, ?)`);
      for (const chunk of chunks) {
        const embedding = chunk.embedding ? vectorToBytes(chunk.embedding) : null;
        const { lastInsertRowid } = insertChunk.run(
          chunk.id, document.source, document.url, chunk.ordinal, JSON.stringify(chunk.headingPath), chunk.text, embedding,
        );
        insertText.run(lastInsertRowid, document.title, chunk.headingPath.join(' '), chunk.text);
      }
    });
  }

  async removeDocuments(source: string, urls: readonly string[]): Promise<number> {
    let removed = 0;
    this.transaction(() => {
      for (const url of urls) {
        this.deleteChunks(source, url);
        removed += Number(this.statement(`DELETE FROM ${this.prefix}_documents WHERE source = ? AND url = ?`).run(source, url).changes);
      }
    });
    return removed;
  }

  async keywordSearch(terms: readonly string[], filter: SearchFilter, weights?: ReadonlyMap<string, number>): Promise<Array<StoredChunk & { rank: number }>> {
    if (terms.length === 0) return [];
    const expression = ftsMatchExpression(terms);
    // BM25 over the FTS table alone, then joins for the best rows only: joining every match before
    // sorting costs more than the ranking itself when common words match most chunks. Disabled or
    // filtered-out sources can crowd the window, so a short answer from a full window is redone without one.
    const window = Math.max(filter.limit * 10, 200);
    const groups = weightGroups(terms, weights);
    let rows = this.rankedChunks(groups, filter, window);
    if (rows.length < filter.limit) {
      const matches = this.statement(`SELECT count(*) AS count FROM (SELECT rowid FROM ${this.prefix}_fts WHERE ${this.prefix}_fts MATCH ? LIMIT ?)`);
      if (Number(matches.get(expression, window)?.count) === window) rows = this.rankedChunks(groups, filter, undefined);
    }
    // SQLite's bm25() is negative, lower is better; flip it so that higher is better everywhere.
    return rows.map((row) => ({ ...toStoredChunk(row), rank: -Number(row.bm25_score) }));
  }

  /**
   * FTS5's bm25() of OR-ed terms is the sum of each term's part, so terms of one weight are ranked
   * together and the groups' scores added, each times its weight: the same ranking as one query when
   * every term weighs 1, which is one group and one query.
   */
  private rankedChunks(groups: WeightGroup[], filter: SearchFilter, window: number | undefined): Array<Record<string, SQLInputValue>> {
    const p = this.prefix;
    const [title, headings, body] = this.columnWeights;
    const limitWindow = window === undefined ? '' : 'LIMIT ?';
    const weighted = `SELECT rowid, bm25(${p}_fts, ${title}, ${headings}, ${body}) * ? AS bm25_score FROM ${p}_fts WHERE ${p}_fts MATCH ?`;
    const ranked = groups.length === 1
      ? `${weighted} ORDER BY bm25_score ${limitWindow}`
      : `SELECT rowid, sum(bm25_score) AS bm25_score FROM (${groups.map(() => weighted).join(' UNION ALL ')})
         GROUP BY rowid ORDER BY bm25_score ${limitWindow}`;
    return this.statement(
      `WITH ranked AS (${ranked})
       SELECT c.id, c.source, c.url, d.title, c.heading_path, c.body, ranked.bm25_score
       FROM ranked
       JOIN ${p}_chunks c ON c.rowid = ranked.rowid
       JOIN ${p}_documents d ON d.source = c.source AND d.url = c.url
       JOIN ${p}_sources s ON s.name = c.source AND s.enabled = 1
       WHERE ? IS NULL OR c.source IN (SELECT value FROM json_each(?))
       ORDER BY ranked.bm25_score LIMIT ?`,
    ).all(
      ...groups.flatMap((group) => [group.weight, group.expression]),
      ...(window === undefined ? [] : [window]),
      ...this.sourceFilter(filter),
      filter.limit,
    );
  }

  async vectorSearch(vector: Float32Array, filter: SearchFilter): Promise<Array<{ chunkId: string; similarity: number }>> {
    const enabledSources = new Set(this.statement(`SELECT name FROM ${this.prefix}_sources WHERE enabled = 1`).all().map((row) => String(row.name)));
    return nearestVectors(this.loadVectors(), vector, { enabledSources, limit: filter.limit, ...(filter.sources ? { sources: filter.sources } : {}) });
  }

  async termStatistics(terms: readonly string[], candidateIds: readonly string[]): Promise<{ chunkCount: number; terms: TermStatistic[] }> {
    const p = this.prefix;
    const chunkCount = Number(this.statement(`SELECT count(*) AS count FROM ${p}_chunks`).get()?.count ?? 0);
    const countStatement = this.statement(`SELECT count(*) AS count FROM ${p}_fts WHERE ${p}_fts MATCH ?`);
    const candidates = new Map(
      this.statement(`SELECT rowid, id FROM ${p}_chunks WHERE id IN (SELECT value FROM json_each(?))`)
        .all(JSON.stringify(candidateIds))
        .map((row) => [Number(row.rowid), String(row.id)]),
    );
    const rowids = JSON.stringify([...candidates.keys()]);
    // One look-up per term for all candidates: FTS5 walks the term's doclist once. (Checking each
    // candidate separately walked it once per candidate, most of a hybrid search at 10,000 chunks.)
    // `rowid IN (subquery)`, not `rowid = ?`: with SQLite 3.53.4 (Node 24.21) FTS5 ignores a bound
    // `rowid = ?` next to MATCH and returns other rows. Rows are still mapped through `candidates`,
    // so a row outside the set could never count as a match.
    const matchStatement = this.statement(`SELECT rowid FROM ${p}_fts WHERE ${p}_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))`);
    const statistics = terms.map((term) => {
      const expression = ftsMatchExpression([term]);
      const documentFrequency = Number(countStatement.get(expression)?.count ?? 0);
      const rows = documentFrequency === 0 ? [] : matchStatement.all(expression, rowids);
      const matches = new Set(rows.map((row) => candidates.get(Number(row.rowid))).filter((id) => id !== undefined));
      // The porter/unicode61 tokenizer has no stopword list: every term counts.
      return { term, documentFrequency, ignored: false, matches };
    });
    return { chunkCount, terms: statistics };
  }

  async getChunks(ids: readonly string[]): Promise<StoredChunk[]> {
    if (ids.length === 0) return [];
    const p = this.prefix;
    const rows = this.statement(
      `SELECT c.id, c.source, c.url, d.title, c.heading_path, c.body FROM ${p}_chunks c
       JOIN ${p}_documents d ON d.source = c.source AND d.url = c.url
       WHERE c.id IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(ids));
    return rows.map(toStoredChunk);
  }

  async setSourceEnabled(source: string, enabled: boolean): Promise<void> {
    this.statement(
      `INSERT INTO ${this.prefix}_sources (name, enabled) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET enabled = excluded.enabled`,
    ).run(source, enabled ? 1 : 0);
  }

  async sources(): Promise<SourceSummary[]> {
    const p = this.prefix;
    const rows = this.statement(
      `SELECT s.name, s.enabled,
         (SELECT count(*) FROM ${p}_documents d WHERE d.source = s.name) AS documents,
         (SELECT count(*) FROM ${p}_chunks c WHERE c.source = s.name) AS chunks
       FROM ${p}_sources s ORDER BY s.name`,
    ).all();
    return rows.map((row) => ({
      name: String(row.name),
      enabled: Number(row.enabled) === 1,
      documents: Number(row.documents),
      chunks: Number(row.chunks),
    }));
  }

  async removeSource(source: string): Promise<void> {
    const p = this.prefix;
    this.transaction(() => {
      this.statement(`DELETE FROM ${p}_fts WHERE rowid IN (SELECT rowid FROM ${p}_chunks WHERE source = ?)`).run(source);
      this.statement(`DELETE FROM ${p}_chunks WHERE source = ?`).run(source);
      this.statement(`DELETE FROM ${p}_documents WHERE source = ?`).run(source);
      this.statement(`DELETE FROM ${p}_sources WHERE name = ?`).run(source);
    });
  }

  async close(): Promise<void> {
    this.statements.clear();
    if (this.ownsDatabase && this.database.isOpen) this.database.close();
  }

  private deleteChunks(source: string, url: string): void {
    const p = this.prefix;
    this.statement(`DELETE FROM ${p}_fts WHERE rowid IN (SELECT rowid FROM ${p}_chunks WHERE source = ? AND url = ?)`).run(source, url);
    this.statement(`DELETE FROM ${p}_chunks WHERE source = ? AND url = ?`).run(source, url);
  }

  private sourceFilter(filter: SearchFilter): [SQLInputValue, SQLInputValue] {
    const list = filter.sources ? JSON.stringify(filter.sources) : null;
    return [list, list];
  }

  /**
   * Vectors are read once and kept in memory. `PRAGMA data_version` changes when another
   * connection (say, `sitechat ingest` in another process) commits, and our own writes clear the
   * cache in `transaction`, so the copy is never stale.
   */
  private loadVectors(): VectorCache {
    const version = String(this.statement('PRAGMA data_version').get()?.data_version ?? 0);
    if (this.vectorCache?.version === version) return this.vectorCache;
    const cache: VectorCache = { version, ids: [], sources: [], vectors: [] };
    const rows = this.statement(`SELECT id, source, embedding FROM ${this.prefix}_chunks WHERE embedding IS NOT NULL`).iterate();
    for (const row of rows) {
      cache.ids.push(String(row.id));
      cache.sources.push(String(row.source));
      cache.vectors.push(bytesToVector(row.embedding as Uint8Array));
    }
    this.vectorCache = cache;
    return cache;
  }

  private transaction(work: () => void): void {
    this.database.exec('BEGIN IMMEDIATE');
    try {
      work();
      this.database.exec('COMMIT');
    } catch (error) {
      this.database.exec('ROLLBACK');
      throw error;
    } finally {
      this.vectorCache = undefined;
    }
  }

  private statement(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.database.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

function toStoredChunk(row: Record<string, SQLInputValue>): StoredChunk {
  return {
    chunkId: String(row.id),
    source: String(row.source),
    url: String(row.url),
    title: String(row.title),
    headingPath: JSON.parse(String(row.heading_path)) as string[],
    text: String(row.body),
  };
}

interface WeightGroup {
  weight: number;
  /** FTS5 MATCH expression of the group's terms. */
  expression: string;
}

/** Terms grouped by their weight (1 when not in `weights`), each group as one MATCH expression. */
function weightGroups(terms: readonly string[], weights: ReadonlyMap<string, number> = new Map()): WeightGroup[] {
  const byWeight = new Map<number, string[]>();
  for (const term of terms) {
    const weight = weights.get(term) ?? 1;
    byWeight.set(weight, [...(byWeight.get(weight) ?? []), term]);
  }
  return [...byWeight].map(([weight, grouped]) => ({ weight, expression: ftsMatchExpression(grouped) }));
}

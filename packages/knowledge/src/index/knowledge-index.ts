/**
 * The storage contract behind a knowledge base. Two implementations ship: `SqliteKnowledgeIndex`
 * (embedded, zero config) and `PostgresKnowledgeIndex` (shared by many server instances).
 * Ranking fusion and scoring live above this interface (`search/`), so both engines answer the
 * same questions the same way and only the primitive look-ups differ.
 */

/** A document as the index remembers it, to tell on the next ingest whether it changed. */
export interface DocumentRecord {
  source: string;
  url: string;
  title: string;
  /** Hash of the extracted content (see `contentHash`). */
  hash: string;
}

/** A chunk as written: the text plus, when embeddings are configured, its unit-length vector. */
export interface ChunkRecord {
  id: string;
  ordinal: number;
  headingPath: string[];
  text: string;
  embedding?: Float32Array;
}

/** A chunk as read back, with its document's title and URL. */
export interface StoredChunk {
  chunkId: string;
  source: string;
  url: string;
  title: string;
  headingPath: string[];
  text: string;
}

export interface SearchFilter {
  /** Candidates to return. */
  limit: number;
  /** Only these sources (still only those enabled). Undefined means every enabled source. */
  sources?: readonly string[];
}

/** How often a query term occurs, and in which of the given candidates. */
export interface TermStatistic {
  term: string;
  /** Chunks in the whole index that contain the term (after the engine's stemming). */
  documentFrequency: number;
  /** True when the engine drops the term as a stopword: it then counts neither for nor against. */
  ignored: boolean;
  /** Those of the requested candidate chunk ids that contain the term. */
  matches: Set<string>;
}

export interface SourceSummary {
  name: string;
  enabled: boolean;
  documents: number;
  chunks: number;
}

export interface KnowledgeIndex {
  /** Creates tables and indexes if missing. Safe to call more than once. */
  init(): Promise<void>;
  /** URL -> content hash of every document of a source. */
  documentHashes(source: string): Promise<Map<string, string>>;
  /** Writes a document and replaces all of its chunks, atomically. */
  putDocument(document: DocumentRecord, chunks: ChunkRecord[]): Promise<void>;
  /** Deletes documents (and their chunks) of a source; returns how many existed. */
  removeDocuments(source: string, urls: readonly string[]): Promise<number>;
  /**
   * Full-text candidates, best first, for OR-ed terms (each term matching `^[\p{L}\p{N}]+$`). A term
   * in `weights` adds that share of its BM25 contribution (a synonym counting less than the visitor's
   * own word); any other term adds all of it.
   */
  keywordSearch(terms: readonly string[], filter: SearchFilter, weights?: ReadonlyMap<string, number>): Promise<Array<StoredChunk & { rank: number }>>;
  /** Nearest chunks by cosine similarity to a unit-length query vector, best first. */
  vectorSearch(vector: Float32Array, filter: SearchFilter): Promise<Array<{ chunkId: string; similarity: number }>>;
  /** Document frequencies of terms across the index, and which candidates contain each. */
  termStatistics(terms: readonly string[], candidateIds: readonly string[]): Promise<{ chunkCount: number; terms: TermStatistic[] }>;
  getChunks(ids: readonly string[]): Promise<StoredChunk[]>;
  /** Disabled sources keep their documents but are left out of every search. New sources start enabled. */
  setSourceEnabled(source: string, enabled: boolean): Promise<void>;
  sources(): Promise<SourceSummary[]>;
  /** Forgets a source and everything in it. */
  removeSource(source: string): Promise<void>;
  close(): Promise<void>;
}

/** Table names are interpolated into SQL, so they are held to a plain identifier. */
export function checkTablePrefix(prefix: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,40}$/.test(prefix)) throw new Error(`Invalid table prefix: ${JSON.stringify(prefix)}`);
  return prefix;
}

import type { ChunkingOptions } from './chunk/chunk-document.js';
import type { EmbedFunction } from './embeddings/embed-function.js';
import type { KnowledgeIndex, SourceSummary } from './index/knowledge-index.js';
import { ingest, type IngestOptions, type IngestReport } from './ingest/ingest.js';
import { searchKnowledge, type SearchOptions } from './search/search-knowledge.js';
import type { KnowledgeSource } from './sources/knowledge-source.js';
import type { Passage } from './types.js';

export interface KnowledgeBaseOptions {
  index: KnowledgeIndex;
  /** Turns on hybrid retrieval (BM25 + vectors). The same function must be used for ingest and search. */
  embeddings?: EmbedFunction;
  chunking?: ChunkingOptions;
  /** Defaults for every search (each call can override them). */
  search?: Pick<SearchOptions, 'limit' | 'minScore' | 'sources' | 'synonyms' | 'thesaurus'>;
}

export interface KnowledgeBase {
  readonly index: KnowledgeIndex;
  /** Brings the index in line with a source; see `ingest`. */
  ingest(source: KnowledgeSource, options?: Omit<IngestOptions, 'embeddings' | 'chunking'>): Promise<IngestReport>;
  /** Passages that answer the question, best first; empty when the content does not cover it. */
  search(question: string, options?: SearchOptions): Promise<Passage[]>;
  setSourceEnabled(source: string, enabled: boolean): Promise<void>;
  sources(): Promise<SourceSummary[]>;
  removeSource(source: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Ties an index, an optional embedding function and chunking settings together, so that ingest
 * and search always agree on them.
 *
 * @example
 * const knowledge = createKnowledgeBase({ index: new SqliteKnowledgeIndex({ path: 'sitechat.db' }) });
 * await knowledge.ingest(folderSource({ path: './help', baseUrl: 'https://example.com/help/' }));
 * const passages = await knowledge.search('Do you ship to Canada?');
 * const { system, sources } = buildGroundingPrompt(passages, { question: 'Do you ship to Canada?' });
 */
export function createKnowledgeBase(options: KnowledgeBaseOptions): KnowledgeBase {
  const { index, embeddings, chunking } = options;
  let ready: Promise<void> | undefined;
  const init = () => (ready ??= index.init());
  return {
    index,
    ingest: (source, ingestOptions = {}) => ingest(index, source, { ...ingestOptions, ...(embeddings ? { embeddings } : {}), ...(chunking ? { chunking } : {}) }),
    search: async (question, searchOptions = {}) => {
      await init();
      return searchKnowledge(index, question, { ...options.search, ...searchOptions, ...(embeddings ? { embeddings } : {}) });
    },
    setSourceEnabled: async (source, enabled) => {
      await init();
      await index.setSourceEnabled(source, enabled);
    },
    sources: async () => {
      await init();
      return index.sources();
    },
    removeSource: async (source) => {
      await init();
      await index.removeSource(source);
    },
    close: () => index.close(),
  };
}

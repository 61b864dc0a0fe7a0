export type { Block, DocumentChunk, ExtractedDocument, Passage } from './types.js';

export { extractHtml } from './extract/html-extract.js';
export { extractMarkdown } from './extract/markdown-extract.js';
export { extractText } from './extract/text-extract.js';
export { extractPdf } from './extract/pdf-extract.js';
export { extractDocument, formatFromContentType, formatFromPath, type DocumentFormat } from './extract/extract-document.js';
export { chunkDocument, DEFAULT_CHUNKING, type ChunkingOptions } from './chunk/chunk-document.js';

export type { KnowledgeSource, SourceContext, SourceItem } from './sources/knowledge-source.js';
export { folderSource, type FolderSourceOptions } from './sources/folder-source.js';
export { staticSource, type StaticDocument } from './sources/static-source.js';
export { sitemapSource, urlSource, type SitemapSourceOptions, type UrlSourceOptions } from './sources/web-sources.js';
export { DEFAULT_USER_AGENT, type CrawlOptions } from './crawl/crawler.js';
export { RobotsUnavailableError } from './crawl/robots.js';
export { SitemapUnavailableError } from './crawl/sitemap-reader.js';

export { ingest, type IngestCounts, type IngestOptions, type IngestProgress, type IngestReport } from './ingest/ingest.js';
export { fileIngestJournal, memoryIngestJournal, type IngestJournal, type IngestOutcome, type JournalRun } from './ingest/ingest-journal.js';

export type { ChunkRecord, DocumentRecord, KnowledgeIndex, SearchFilter, SourceSummary, StoredChunk, TermStatistic } from './index/knowledge-index.js';
export { SqliteKnowledgeIndex, type SqliteKnowledgeIndexOptions } from './index/sqlite-index.js';
export { PostgresKnowledgeIndex, type PostgresKnowledgeIndexOptions } from './index/postgres-index.js';
export { queryTerms } from './index/query-terms.js';

export type { EmbedFunction } from './embeddings/embed-function.js';
export { openAIEmbeddings, type EmbeddingsClient, type OpenAIEmbeddingsOptions } from './embeddings/openai-embeddings.js';

export { searchKnowledge, DEFAULT_LIMIT, DEFAULT_MIN_SCORE, DEFAULT_THESAURUS, type SearchOptions, type ThesaurusOptions } from './search/search-knowledge.js';
export { expandQuery, type ExpandedQuery, type QueryConcept, type SynonymGroups } from './search/synonyms.js';
export { createKnowledgeBase, type KnowledgeBase, type KnowledgeBaseOptions } from './knowledge-base.js';
export { evaluateRetrieval, type LabelledQuestion, type RetrievalEvaluation } from './evaluation/retrieval-evaluation.js';
export { buildGroundingPrompt, type GroundingOptions, type GroundingPrompt, type GroundingSource } from './grounding/grounding-prompt.js';

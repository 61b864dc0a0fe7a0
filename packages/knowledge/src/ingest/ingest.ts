import { chunkDocument, DEFAULT_CHUNKING, type ChunkingOptions } from '../chunk/chunk-document.js';
import type { EmbedFunction } from '../embeddings/embed-function.js';
import type { ChunkRecord, KnowledgeIndex } from '../index/knowledge-index.js';
import { normalizeVector } from '../index/vectors.js';
import type { KnowledgeSource } from '../sources/knowledge-source.js';
import type { ExtractedDocument } from '../types.js';
import { contentHash, documentKey } from './content-hash.js';
import { memoryIngestJournal, type IngestJournal, type IngestOutcome, type JournalRun } from './ingest-journal.js';

export interface IngestCounts {
  added: number;
  updated: number;
  unchanged: number;
  /** Documents that were in the index but are gone from the source (or now skipped). */
  removed: number;
  /** Could not be read this time; their previous version, if any, was kept. */
  unavailable: number;
  /** Not indexed on purpose: not found, disallowed by robots.txt, noindex, unsupported type. */
  skipped: number;
}

export interface IngestReport extends IngestCounts {
  source: string;
  /** Whether this run continued an interrupted one (counts include that run's work). */
  resumed: boolean;
  /** Chunks written by this run. */
  chunksWritten: number;
  durationMs: number;
}

export interface IngestProgress {
  source: string;
  url: string;
  outcome: IngestOutcome;
  /** Items processed so far, including those of a resumed run. */
  processed: number;
  /** Items expected, when the source knows (after listing a folder or reading a sitemap). */
  total: number | undefined;
  counts: IngestCounts;
}

export interface IngestOptions {
  embeddings?: EmbedFunction;
  chunking?: ChunkingOptions;
  /** Where progress is written so an interrupted run can resume. Default: in memory (no resume across processes). */
  journal?: IngestJournal;
  /** Called after each document, for a progress bar. */
  onProgress?: (progress: IngestProgress) => void;
  signal?: AbortSignal;
  /** Chunks embedded per call of the embedding function. Default 64. */
  embeddingBatchSize?: number;
}

interface Pending {
  document: ExtractedDocument;
  hash: string;
  outcome: 'added' | 'updated';
  chunks: ChunkRecord[];
}

/**
 * Brings the index in line with a source, touching only what changed: documents whose content hash
 * is unchanged are left alone, changed ones are re-chunked (and re-embedded), and documents the
 * source no longer has are removed once the run completes. An interrupted run (abort, crash) leaves
 * removals undone and, with a persistent `journal`, resumes where it stopped.
 *
 * @example
 * const report = await ingest(index, folderSource({ path: './help' }));
 * console.log(`${report.added} added, ${report.updated} updated, ${report.removed} removed`);
 */
export async function ingest(index: KnowledgeIndex, source: KnowledgeSource, options: IngestOptions = {}): Promise<IngestReport> {
  const started = performance.now();
  await index.init();
  const settings = JSON.stringify({ chunking: { ...DEFAULT_CHUNKING, ...options.chunking }, embeddings: options.embeddings ? (options.embeddings.model ?? 'custom') : null });
  const known = await index.documentHashes(source.name);
  const run = await openResumableRun(options.journal ?? memoryIngestJournal(), source.name, known);
  const counts: IngestCounts = { added: 0, updated: 0, unchanged: 0, removed: 0, unavailable: 0, skipped: 0 };
  const seen = new Set<string>();
  for (const [url, outcome] of run.previous) {
    counts[outcome]++;
    if (outcome !== 'skipped') seen.add(url);
  }
  let total: number | undefined;
  let chunksWritten = 0;
  let pending: Pending[] = [];
  const batchSize = options.embeddingBatchSize ?? 64;

  const recordOutcome = async (url: string, outcome: IngestOutcome) => {
    counts[outcome]++;
    await run.record(url, outcome);
    options.onProgress?.({ source: source.name, url, outcome, processed: seen.size + counts.skipped, total, counts: { ...counts } });
  };
  const flush = async () => {
    const batch = pending;
    pending = [];
    if (options.embeddings) await embedChunks(batch, options.embeddings, options.signal);
    for (const item of batch) {
      await index.putDocument({ source: source.name, url: item.document.url, title: item.document.title, hash: item.hash }, item.chunks);
      chunksWritten += item.chunks.length;
      await recordOutcome(item.document.url, item.outcome);
    }
  };

  const context = { skip: new Set(run.previous.keys()), signal: options.signal, reportTotal: (value: number) => void (total = value) };
  for await (const item of source.items(context)) {
    options.signal?.throwIfAborted();
    if (item.kind !== 'document') {
      if (item.kind === 'unavailable') seen.add(item.url);
      await recordOutcome(item.url, item.kind);
      continue;
    }
    const { document } = item;
    if (seen.has(document.url)) continue; // e.g. two sitemap entries redirecting to one page
    seen.add(document.url);
    const hash = contentHash(document, settings);
    const previousHash = known.get(document.url);
    if (previousHash === hash) {
      await recordOutcome(document.url, 'unchanged');
      continue;
    }
    const chunks = chunkDocument(document, options.chunking).map((chunk) => ({ ...chunk, id: `${documentKey(source.name, document.url)}-${chunk.ordinal}` }));
    pending.push({ document, hash, outcome: previousHash === undefined ? 'added' : 'updated', chunks });
    if (!options.embeddings || pending.reduce((sum, entry) => sum + entry.chunks.length, 0) >= batchSize) await flush();
  }
  await flush();

  const gone = [...known.keys()].filter((url) => !seen.has(url));
  counts.removed = await index.removeDocuments(source.name, gone);
  await run.finish();
  return { source: source.name, ...counts, resumed: run.previous.size > 0, chunksWritten, durationMs: Math.round(performance.now() - started) };
}

/**
 * Opens the source's journal, and starts it afresh unless this index holds every page the journal says
 * was written. A journal is named after its source only, so it can belong to another index: one deleted
 * since, or another run's index (two `sitechat ingest` runs from the same folder into different
 * databases). Resuming such a journal would skip pages this index never received, and still report them
 * as added.
 */
async function openResumableRun(journal: IngestJournal, source: string, known: ReadonlyMap<string, string>): Promise<JournalRun> {
  const run = await journal.open(source);
  const written = (outcome: IngestOutcome) => outcome === 'added' || outcome === 'updated' || outcome === 'unchanged';
  const belongsHere = [...run.previous].every(([url, outcome]) => !written(outcome) || known.has(url));
  if (belongsHere) return run;
  await run.finish();
  return journal.open(source);
}

/** Embeds title, heading path and text together, so a passage's vector knows what page it is from. */
async function embedChunks(batch: Pending[], embed: EmbedFunction, signal: AbortSignal | undefined): Promise<void> {
  const targets = batch.flatMap((item) => item.chunks.map((chunk) => ({ chunk, title: item.document.title })));
  if (targets.length === 0) return;
  const texts = targets.map(({ chunk, title }) => [title, chunk.headingPath.join(' › '), chunk.text].filter(Boolean).join('\n'));
  const vectors = await embed(texts, signal ? { signal } : undefined);
  targets.forEach(({ chunk }, index) => {
    const vector = vectors[index];
    if (!vector) throw new Error(`Embeddings: no vector for input ${index}`);
    chunk.embedding = normalizeVector(vector);
  });
}

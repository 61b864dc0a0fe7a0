/**
 * Node-only: what `sitechat ingest` and `sitechat sources` share: their surroundings, where the ingest
 * journal lives, and how a run is reported.
 */
import { resolve } from 'node:path';
import type { IngestReport } from '@sitechat/knowledge';
import type { ProgressOutput } from './progress-bar.js';

export interface IngestCommandContext {
  env: Record<string, string | undefined>;
  cwd: string;
  /** The command's own output: the index, one summary line per source, the sources table. */
  out: (line: string) => void;
  /** Errors and hints. */
  err: (line: string) => void;
  /** Where the progress bar is drawn. Default `process.stderr` (drawn only on a terminal). */
  progress?: ProgressOutput;
  /** Stops the run (tests). Default: Ctrl-C. */
  signal?: AbortSignal;
  /** The fetch crawls and embeddings use (tests). Default: the global fetch. */
  fetch?: typeof fetch;
}

/** `.sitechat/ingest-<source>.jsonl` under the working folder: an interrupted run resumes from it. */
export function journalPath(cwd: string, source: string): string {
  return resolve(cwd, '.sitechat', `ingest-${source.replace(/[^a-z0-9._-]/gi, '_')}.jsonl`);
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/**
 * One line per source, e.g.
 * `help (folder ./help): 52 pages: 3 added, 1 updated, 48 unchanged, 0 removed; 14 passages written in 1.2 s`.
 */
export function formatReport(report: IngestReport, description: string): string {
  const pages = report.added + report.updated + report.unchanged;
  const extra = [
    report.unavailable > 0 ? `${report.unavailable} unavailable (kept as they were)` : '',
    report.skipped > 0 ? `${report.skipped} skipped (robots.txt, noindex, not a page)` : '',
    report.resumed ? 'resumed an interrupted run' : '',
  ].filter(Boolean);
  return (
    `${report.source} (${description}): ${plural(pages, 'page')}: ${report.added} added, ${report.updated} updated, ` +
    `${report.unchanged} unchanged, ${report.removed} removed` +
    `${extra.length ? `; ${extra.join('; ')}` : ''}; ${plural(report.chunksWritten, 'passage')} written in ${(report.durationMs / 1000).toFixed(1)} s`
  );
}

/** The `knowledge:` line `sitechat start` prints, and a warning when answers have nothing to draw on. */
export async function knowledgeStatus(knowledge: { where: string; base: { sources(): Promise<Array<{ enabled: boolean; documents: number }>> } }): Promise<{ line: string; warning?: string }> {
  const sources = (await knowledge.base.sources()).filter((source) => source.enabled);
  const pages = sources.reduce((sum, source) => sum + source.documents, 0);
  const line = `  knowledge: ${knowledge.where}, ${plural(pages, 'page')} in ${plural(sources.length, 'enabled source')}`;
  if (pages > 0) return { line };
  return { line, warning: 'The knowledge index has no pages yet, so every answer will say it could not find the answer: run "sitechat ingest".' };
}

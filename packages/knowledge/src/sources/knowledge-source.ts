import type { ExtractedDocument } from '../types.js';

/** What a source yields for each URL it visits. */
export type SourceItem =
  | { kind: 'document'; document: ExtractedDocument }
  /** Could not be read this time (network error, 5xx, timeout): whatever the index holds for it is kept. */
  | { kind: 'unavailable'; url: string; reason: string }
  /** Deliberately not indexed (404, disallowed, noindex, unsupported type): removed from the index if it was there. */
  | { kind: 'skipped'; url: string; reason: string };

export interface SourceContext {
  /** URLs already processed by an interrupted run being resumed: do not yield them again. */
  skip: ReadonlySet<string>;
  signal?: AbortSignal;
  /** Tells the progress reporter how many items to expect, once the source knows. */
  reportTotal(total: number): void;
}

/**
 * Where documents come from: a folder, a list of URLs, a sitemap crawl, or anything else that can
 * list extracted documents. `name` identifies the source in the index, where it can be enabled,
 * disabled or removed as a whole.
 */
export interface KnowledgeSource {
  readonly name: string;
  items(context: SourceContext): AsyncIterable<SourceItem>;
}

/**
 * The shapes that travel between the stages of the pipeline:
 * source -> extract -> chunk -> index -> search -> grounding prompt.
 */

/** One structural piece of a document after extraction: a heading or a run of text. */
export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; text: string }
  | { kind: 'text'; text: string };

/** A document reduced to its main content: title plus headings and text in reading order. */
export interface ExtractedDocument {
  /** Where a visitor can read it: a page URL, or base URL + relative path, or a relative file path. */
  url: string;
  title: string;
  blocks: Block[];
}

/** A piece of a document sized for retrieval, with the headings it sits under. */
export interface DocumentChunk {
  /** 0-based position within the document. */
  ordinal: number;
  /** Headings (h1-h3 / `#`-`###`) the chunk sits under, outermost first, e.g. ['Shipping', 'International orders']. */
  headingPath: string[];
  text: string;
}

/** A passage returned by search: a chunk with where it came from and how well it matches. */
export interface Passage {
  /** Stable for a given source, URL and position: `<16 hex>-<ordinal>`. */
  chunkId: string;
  source: string;
  url: string;
  title: string;
  headingPath: string[];
  text: string;
  /**
   * 0..1 evidence that the passage answers the question (see README "How scoring works"):
   * the IDF-weighted share of the question's words found in the passage, or the cosine
   * similarity of question and passage embeddings when that is higher.
   */
  score: number;
}

/**
 * What the app needs from a knowledge base, as web-standard types: the app never loads
 * `@sitechat/knowledge` (it needs `node:sqlite`, `node:fs` and `pg`), so any runtime can run it. The Node
 * entry builds one from the configuration (`openKnowledge`, `knowledgeGrounding`); on other runtimes pass
 * your own.
 */

/** A cited page, in the shape of the protocol's `source-url` chunk (without `type`). */
export interface CitedSource {
  /** The citation number as a string: `[2]` in the answer refers to sourceId `'2'`. */
  sourceId: string;
  url: string;
  title: string;
}

export interface GroundingRequest {
  /** The visitor's question, as they wrote it (the grounding instructions restate it). */
  question: string;
  /** What to search for: the question, made standalone for follow-ups (`retrievalQuery`). */
  query: string;
  /** The page the visitor is on (`context.url` of the request, without query or fragment): its passages rank first in a near tie. */
  pageUrl?: string;
  /** Aborted when the visitor goes away. */
  signal?: AbortSignal;
}

/** What one answer is grounded in. */
export interface Grounding {
  /** Instructions and numbered passages, sent after the owner's system prompt. */
  system: string;
  /** The pages behind the citation numbers, in number order; empty when the content does not cover the question. */
  sources: CitedSource[];
}

/**
 * Grounds answers in the site's own content.
 * @example
 * // Node: from the configuration (what `startServer` does)
 * const opened = await openKnowledge(config, { cwd: process.cwd() });
 * createSitechat(config, { knowledge: opened?.grounding });
 */
export interface SitechatKnowledge {
  /**
   * The passages for one answer, as grounding instructions and citations. When nothing on the site is
   * relevant enough (`knowledge.minScore`), `sources` is empty and `system` tells the model to say that it
   * could not find the answer. Rejects only when `signal` aborts or the index is unusable.
   */
  ground(request: GroundingRequest): Promise<Grounding>;
}

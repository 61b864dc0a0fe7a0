import { extractDocument, type DocumentFormat } from '../extract/extract-document.js';
import type { KnowledgeSource, SourceItem } from './knowledge-source.js';

export interface StaticDocument {
  url: string;
  /** Raw content in `format`. */
  content: string | Uint8Array;
  format: DocumentFormat;
  /** Used when the content has no title of its own. */
  title?: string;
}

/**
 * Documents held in memory: text written into the server's configuration (an FAQ, opening hours)
 * or produced by code. Each run replaces the source's documents with exactly these.
 *
 * @example
 * staticSource({ name: 'faq', documents: [{ url: 'https://example.com/faq', format: 'markdown', content: '# FAQ…' }] })
 */
export function staticSource(options: { name: string; documents: readonly StaticDocument[] }): KnowledgeSource {
  return {
    name: options.name,
    async *items(context): AsyncGenerator<SourceItem> {
      context.reportTotal(options.documents.length);
      for (const { url, content, format, title } of options.documents) {
        if (context.skip.has(url)) continue;
        const data = typeof content === 'string' ? new TextEncoder().encode(content) : content;
        const fallbackTitle = title ?? url;
        yield { kind: 'document', document: await extractDocument(data, format, { url, fallbackTitle }) };
      }
    },
  };
}

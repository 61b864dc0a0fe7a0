import type { ExtractedDocument } from '../types.js';
import { extractHtml } from './html-extract.js';
import { extractMarkdown } from './markdown-extract.js';
import { extractPdf } from './pdf-extract.js';
import { extractText } from './text-extract.js';

/** The formats Sitechat can read. */
export type DocumentFormat = 'html' | 'markdown' | 'text' | 'pdf';

const EXTENSIONS: Record<string, DocumentFormat> = {
  '.html': 'html', '.htm': 'html', '.xhtml': 'html',
  '.md': 'markdown', '.markdown': 'markdown', '.mdx': 'markdown',
  '.txt': 'text', '.text': 'text',
  '.pdf': 'pdf',
};

/** The format of a file by its extension, or undefined when Sitechat does not read it. */
export function formatFromPath(path: string): DocumentFormat | undefined {
  const dot = path.lastIndexOf('.');
  return dot === -1 ? undefined : EXTENSIONS[path.slice(dot).toLowerCase()];
}

/** The format of an HTTP response by its Content-Type, falling back to the URL's extension. */
export function formatFromContentType(contentType: string | null, url: string): DocumentFormat | undefined {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === 'text/markdown' || type === 'text/x-markdown') return 'markdown';
  if (type === 'application/pdf') return 'pdf';
  if (type === 'text/plain') return formatFromPath(new URL(url).pathname) === 'markdown' ? 'markdown' : 'text';
  if (type === '' || type === 'application/octet-stream') return formatFromPath(new URL(url).pathname);
  return undefined;
}

/**
 * Extracts title, headings and text from raw bytes in a known format.
 *
 * @example
 * const document = await extractDocument(bytes, 'markdown', { url: 'https://help.example.com/returns' });
 */
export async function extractDocument(
  data: Uint8Array,
  format: DocumentFormat,
  options: { url: string; fallbackTitle?: string },
): Promise<ExtractedDocument> {
  if (format === 'pdf') return extractPdf(data, options);
  const text = new TextDecoder().decode(data);
  if (format === 'html') return extractHtml(text, options);
  if (format === 'markdown') return extractMarkdown(text, options);
  return extractText(text, options);
}

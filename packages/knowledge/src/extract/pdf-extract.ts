import type { ExtractedDocument } from '../types.js';
import { extractText as textFromPlain } from './text-extract.js';

/**
 * Text of a PDF through `unpdf` (Mozilla PDF.js in a serverless build: pure JS, no native
 * parts). Loaded on first use because PDF.js is large and most sites have no PDFs.
 * PDFs carry no reliable heading structure, so each page becomes paragraphs and the
 * title is the document's metadata title, else its first line, else `fallbackTitle`.
 */
export async function extractPdf(
  data: Uint8Array,
  options: { url: string; fallbackTitle?: string },
): Promise<ExtractedDocument> {
  const { getDocumentProxy, extractText, getMeta } = await import('unpdf');
  const pdf = await getDocumentProxy(new Uint8Array(data));
  try {
    const [{ text }, meta] = await Promise.all([extractText(pdf, { mergePages: false }), getMeta(pdf)]);
    const metaTitle = typeof meta.info?.Title === 'string' ? meta.info.Title.trim() : '';
    // PDF.js returns one line per text run; blank-line paragraphs let the text extractor split them.
    const plain = text.map((page) => page.replace(/\n(?=\S)/g, '\n\n')).join('\n\n');
    const document = textFromPlain(plain, options);
    return metaTitle ? { ...document, title: metaTitle } : document;
  } finally {
    await pdf.loadingTask.destroy();
  }
}

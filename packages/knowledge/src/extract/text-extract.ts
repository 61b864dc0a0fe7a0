import type { ExtractedDocument } from '../types.js';
import { collapseWhitespace } from './normalize-text.js';

/**
 * Plain text: paragraphs are separated by blank lines; the first line is the title when it is
 * short and stands alone (as in a README), otherwise `fallbackTitle` is.
 */
export function extractText(text: string, options: { url: string; fallbackTitle?: string }): ExtractedDocument {
  const paragraphs = text
    .split(/\r?\n\s*\r?\n/)
    .map(collapseWhitespace)
    .filter(Boolean);
  const first = paragraphs[0];
  const firstIsTitle = first !== undefined && first.length <= 120 && paragraphs.length > 1 && !/[.!?]$/.test(first);
  const title = firstIsTitle ? first : (options.fallbackTitle ?? options.url);
  const body = firstIsTitle ? paragraphs.slice(1) : paragraphs;
  return { url: options.url, title, blocks: body.map((paragraph) => ({ kind: 'text', text: paragraph })) };
}

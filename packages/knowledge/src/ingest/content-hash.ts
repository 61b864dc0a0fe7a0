import { createHash } from 'node:crypto';
import type { ExtractedDocument } from '../types.js';

/**
 * Hash of what a document says (title and extracted blocks, not raw bytes), so template changes
 * that touch no content — a new footer year, a rotated CSRF token — do not cause a re-index.
 * `settings` salts it with whatever else shapes the stored chunks (chunk sizes, embedding model).
 */
export function contentHash(document: ExtractedDocument, settings: string): string {
  return createHash('sha256').update(settings).update('\0').update(JSON.stringify([document.title, document.blocks])).digest('hex');
}

/** Stable prefix of a document's chunk ids: the same source and URL always give the same ids. */
export function documentKey(source: string, url: string): string {
  return createHash('sha256').update(`${source}\0${url}`).digest('hex').slice(0, 16);
}

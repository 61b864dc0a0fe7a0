import type { Block, DocumentChunk, ExtractedDocument } from '../types.js';
import { splitText, tailOf } from './split-text.js';

export interface ChunkingOptions {
  /** Aim for chunks of about this many characters (~4 characters per token in English). Default 1000. */
  targetSize?: number;
  /** Characters of the previous chunk repeated at the start of the next when a section is split. Default 150. */
  overlap?: number;
  /** Headings up to this level start a new section; deeper ones stay inside it as text. Default 3. */
  maxHeadingLevel?: number;
}

export const DEFAULT_CHUNKING = { targetSize: 1000, overlap: 150, maxHeadingLevel: 3 } as const;

interface Section {
  headingPath: string[];
  lines: string[];
}

/**
 * Cuts a document into chunks along its headings: every h1-h3 (or `#`-`###`) starts a section that
 * remembers its heading path, and a section longer than the target is split between sentences
 * with some overlap, so that a passage read on its own still says what it is about.
 *
 * @example
 * chunkDocument(document, { targetSize: 800 })
 * // [{ ordinal: 0, headingPath: ['Shipping', 'International orders'], text: '…' }, …]
 */
export function chunkDocument(document: ExtractedDocument, options: ChunkingOptions = {}): DocumentChunk[] {
  const targetSize = options.targetSize ?? DEFAULT_CHUNKING.targetSize;
  const overlap = Math.min(options.overlap ?? DEFAULT_CHUNKING.overlap, Math.floor(targetSize / 2));
  const maxHeadingLevel = options.maxHeadingLevel ?? DEFAULT_CHUNKING.maxHeadingLevel;
  const chunks: DocumentChunk[] = [];
  for (const section of sections(document.blocks, maxHeadingLevel)) {
    for (const text of packSection(section.lines, targetSize, overlap)) {
      chunks.push({ ordinal: chunks.length, headingPath: section.headingPath, text });
    }
  }
  return chunks;
}

function sections(blocks: Block[], maxHeadingLevel: number): Section[] {
  const result: Section[] = [];
  // One slot per heading level; a heading clears the deeper slots below it.
  const open: Array<string | undefined> = [];
  let current: Section = { headingPath: [], lines: [] };
  for (const block of blocks) {
    if (block.kind === 'heading' && block.level <= maxHeadingLevel) {
      if (current.lines.length) result.push(current);
      open.length = block.level - 1;
      open[block.level - 1] = block.text;
      current = { headingPath: open.filter((text): text is string => text !== undefined), lines: [] };
    } else {
      current.lines.push(block.text);
    }
  }
  if (current.lines.length) result.push(current);
  return result;
}

/** Packs a section's lines into chunks near `targetSize`; a section that fits (with 25 % slack) stays whole. */
function packSection(lines: string[], targetSize: number, overlap: number): string[] {
  const whole = lines.join('\n');
  if (whole.length <= targetSize * 1.25) return [whole];
  const pieces = lines.flatMap((line) => splitText(line, targetSize - overlap).map((text, index) => ({ text, joiner: index ? ' ' : '\n' })));
  const chunks: string[] = [];
  let current = '';
  for (const piece of pieces) {
    const next = current ? current + piece.joiner + piece.text : piece.text;
    if (current && next.length > targetSize) {
      chunks.push(current);
      // Pieces are at most targetSize - overlap long, so overlap + piece still fits the target.
      const carried = tailOf(current, overlap);
      current = carried ? `${carried}${piece.joiner}${piece.text}` : piece.text;
    } else {
      current = next;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

import type { Block } from '../types.js';
import { BLOCK_TAGS } from './boilerplate.js';
import { collapseWhitespace } from './normalize-text.js';

/** Walks the content area once, turning headings, paragraphs, list items and table rows into blocks. */
export function htmlToBlocks(root: Element): Block[] {
  const blocks: Block[] = [];
  let buffer = '';
  let prefix = '';
  const flush = () => {
    const text = collapseWhitespace(buffer);
    buffer = '';
    if (!text) return;
    blocks.push({ kind: 'text', text: prefix + text });
    prefix = '';
  };
  const walk = (node: Node) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) {
        buffer += child.textContent ?? '';
        continue;
      }
      if (child.nodeType !== 1) continue;
      const element = child as Element;
      const tag = element.localName;
      const level = /^h([1-6])$/.exec(tag)?.[1];
      if (level) {
        flush();
        const text = collapseWhitespace(element.textContent ?? '');
        if (text) blocks.push({ kind: 'heading', level: Number(level) as 1 | 2 | 3 | 4 | 5 | 6, text });
      } else if (tag === 'br') {
        buffer += ' ';
      } else if (tag === 'pre') {
        flush();
        const text = (element.textContent ?? '').trim();
        if (text) blocks.push({ kind: 'text', text });
      } else if (tag === 'tr') {
        flush();
        const cells = Array.from(element.children).map((cell) => collapseWhitespace(cell.textContent ?? ''));
        if (cells.some(Boolean)) blocks.push({ kind: 'text', text: cells.join(' | ') });
      } else if (tag === 'li') {
        flush();
        prefix = '- ';
        walk(element);
        flush();
      } else if (BLOCK_TAGS.has(tag)) {
        flush();
        walk(element);
        flush();
      } else {
        walk(element);
      }
    }
  };
  walk(root);
  flush();
  return blocks;
}

import { copyText } from '../copy-text.js';
import type { Block } from './blocks.js';
import { type Inline, type InlineContext, parseInline } from './inline.js';
import { safeImageUrl, safeLinkUrl } from './safe-url.js';

/**
 * Markdown blocks to DOM, with `createElement` and text nodes only: no HTML string is ever parsed, no `on*`
 * or `style` attribute is ever set, and every `href`/`src` comes from `safe-url.ts`.
 */
export interface MarkdownOptions {
  /** Relative links resolve against this (the page). */
  baseUrl: string;
  /** Origins whose images may load (`https://cdn.example.com`); any other image shows as a link. */
  imageOrigins: readonly string[];
  /** Labels: `copy` and `copied` for the code block button, `image` for an image that is not loaded. */
  labels: { copy: string; copied: string; image: string };
  /** Called for each finished code block with a language, to highlight it (lazily). */
  highlight?: (code: HTMLElement, text: string, language: string) => void;
}

type Parent = HTMLElement | DocumentFragment;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, parent: Parent | undefined, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  parent?.append(node);
  return node;
}

export function renderBlock(block: Block, context: InlineContext, options: MarkdownOptions, streaming = false, tight = false): Node {
  switch (block.type) {
    case 'paragraph': {
      const inline = (parent: Parent) => renderInline(parseInline(block.text, context, streaming), parent, options);
      if (tight) {
        const fragment = document.createDocumentFragment();
        inline(fragment);
        return fragment;
      }
      const paragraph = element('p', undefined);
      inline(paragraph);
      return paragraph;
    }
    case 'heading': {
      // Headings inside an answer are visual only: the answer is not the page's outline.
      const heading = element('div', undefined, `heading h${block.level}`);
      renderInline(parseInline(block.text, context, streaming), heading, options);
      return heading;
    }
    case 'code':
      return renderCode(block.text, block.lang, options, streaming && !block.closed);
    case 'hr':
      return element('hr', undefined);
    case 'quote': {
      const quote = element('blockquote', undefined);
      block.children.forEach((child, index) => quote.append(renderBlock(child, context, options, streaming && index === block.children.length - 1)));
      return quote;
    }
    case 'list': {
      const list = element(block.ordered ? 'ol' : 'ul', undefined);
      if (block.ordered && block.start !== 1) (list as HTMLOListElement).start = block.start;
      block.items.forEach((item, itemIndex) => {
        const listItem = element('li', list);
        const lastItem = itemIndex === block.items.length - 1;
        item.forEach((child, index) =>
          listItem.append(renderBlock(child, context, options, streaming && lastItem && index === item.length - 1, !block.loose)),
        );
      });
      return list;
    }
    case 'table': {
      // A wrapper scrolls a wide table sideways instead of widening the message.
      const wrapper = element('div', undefined, 'table');
      wrapper.tabIndex = 0;
      const table = element('table', wrapper);
      const row = (cells: string[], tag: 'th' | 'td', parent: HTMLElement, last: boolean) => {
        const tableRow = element('tr', parent);
        cells.forEach((cell, column) => {
          const align = block.align[column];
          renderInline(parseInline(cell, context, streaming && last), element(tag, tableRow, align ? `align-${align}` : undefined), options);
        });
      };
      row(block.head, 'th', element('thead', table), block.rows.length === 0);
      if (block.rows.length > 0) {
        const body = element('tbody', table);
        block.rows.forEach((cells, index) => row(cells, 'td', body, index === block.rows.length - 1));
      }
      return wrapper;
    }
  }
}

/** A fenced code block: language label, Copy button, the code. Highlighted once it is complete. */
export function renderCode(text: string, language: string, options: MarkdownOptions, open = false): HTMLElement {
  const block = element('div', undefined, 'code-block');
  block.setAttribute('part', 'code-block');
  const header = element('div', block, 'code-header');
  element('span', header, 'code-language').textContent = language;
  const button = element('button', header, 'copy-code');
  button.type = 'button';
  button.setAttribute('part', 'copy-code-button');
  button.textContent = options.labels.copy;
  const pre = element('pre', block);
  // A long line scrolls sideways: keyboard users reach that scroll by focusing the block.
  pre.tabIndex = 0;
  const code = element('code', pre);
  // Read at the click: a block that is still streaming grows after it was created.
  button.addEventListener('click', () => {
    void copyText(code.textContent ?? '').then(() => {
      button.textContent = options.labels.copied;
      setTimeout(() => (button.textContent = options.labels.copy), 1500);
    });
  });
  // The language is written by the model: it only ever becomes text and, sanitized, a class name.
  const safeLanguage = language.toLowerCase().replace(/[^a-z0-9+#-]/g, '');
  if (safeLanguage) code.className = `language-${safeLanguage}`;
  code.textContent = text;
  if (!open && safeLanguage && options.highlight) options.highlight(code, text, safeLanguage);
  return block;
}

export function renderInline(nodes: readonly Inline[], parent: Parent, options: MarkdownOptions, inLink = false): void {
  for (const node of nodes) {
    if (typeof node === 'string') {
      parent.append(node);
      continue;
    }
    switch (node.type) {
      case 'br':
        element('br', parent);
        break;
      case 'code':
        element('code', parent).textContent = node.text;
        break;
      case 'em':
      case 'strong':
      case 'del':
        renderInline(node.children, element(node.type, parent), options, inLink);
        break;
      case 'link': {
        const href = inLink ? undefined : safeLinkUrl(node.href, options.baseUrl);
        if (href === undefined) {
          // Not a safe link: its text, as text.
          renderInline(node.children, parent, options, inLink);
          break;
        }
        const anchor = link(href, parent);
        if (node.title) anchor.title = node.title;
        renderInline(node.children, anchor, options, true);
        break;
      }
      case 'image': {
        const src = safeImageUrl(node.src, options.baseUrl, options.imageOrigins);
        if (src !== undefined) {
          const image = element('img', parent);
          image.alt = node.alt;
          image.referrerPolicy = 'no-referrer';
          image.loading = 'lazy';
          image.src = src;
          if (node.title) image.title = node.title;
          break;
        }
        // Not loaded: a link the visitor may choose to follow (a click, not a silent request).
        const label = `${options.labels.image}${node.alt ? `: ${node.alt}` : ''}`;
        const href = inLink ? undefined : safeLinkUrl(node.src, options.baseUrl);
        if (href === undefined || !href.startsWith('http')) element('span', parent, 'image-placeholder').textContent = `[${label}]`;
        else link(href, parent, 'image-link').textContent = `[${label}]`;
        break;
      }
    }
  }
}

function link(href: string, parent: Parent, className?: string): HTMLAnchorElement {
  const anchor = element('a', parent, className);
  anchor.href = href;
  anchor.target = '_blank';
  anchor.rel = 'noopener noreferrer';
  return anchor;
}

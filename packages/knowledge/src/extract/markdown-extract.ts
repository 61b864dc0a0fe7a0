import { marked } from 'marked';
import { parseHTML } from 'linkedom';
import type { ExtractedDocument } from '../types.js';
import { ALWAYS_REMOVED } from './boilerplate.js';
import { htmlToBlocks } from './html-blocks.js';

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/**
 * Reduces a Markdown file to title, headings and text. The Markdown is rendered with `marked` and
 * read back through the HTML block walker, so Markdown and HTML pages chunk identically.
 * Everything in a Markdown file is treated as content (no chrome heuristics).
 *
 * The title is front matter `title:`, else the first heading, else `fallbackTitle`.
 */
export function extractMarkdown(markdown: string, options: { url: string; fallbackTitle?: string }): ExtractedDocument {
  const frontMatter = FRONT_MATTER.exec(markdown);
  const body = frontMatter ? markdown.slice(frontMatter[0].length) : markdown;
  const html = marked.parse(body, { async: false, gfm: true });
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  document.querySelectorAll(ALWAYS_REMOVED).forEach((element) => element.remove());
  const blocks = htmlToBlocks(document.body);
  const title =
    frontMatterTitle(frontMatter?.[1]) ??
    blocks.find((block) => block.kind === 'heading')?.text ??
    options.fallbackTitle ??
    options.url;
  return { url: options.url, title, blocks };
}

/**
 * Only `title` is read from front matter; a full YAML parser would be a dependency for one
 * scalar. Quoted and unquoted values are accepted.
 */
function frontMatterTitle(frontMatter: string | undefined): string | undefined {
  const match = frontMatter ? /^title:\s*(.+?)\s*$/m.exec(frontMatter) : null;
  if (!match?.[1]) return undefined;
  return match[1].replace(/^(["'])(.*)\1$/, '$2').trim() || undefined;
}

import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { Block, ExtractedDocument } from '../types.js';
import { ALWAYS_REMOVED, CHROME, CHROME_NAME } from './boilerplate.js';
import { htmlToBlocks } from './html-blocks.js';
import { collapseWhitespace } from './normalize-text.js';

/** Below this many characters Readability's guess is not trusted and the whole body is used. */
const READABILITY_MIN_CHARS = 200;

/**
 * Reduces an HTML page to its main content: the title, headings and text in reading order,
 * without navigation, header/footer, cookie banners, scripts or styles.
 *
 * The content area is the page's own landmark (`<main>`, `role="main"`, a single `<article>`) when
 * it has one, because site owners mark it reliably; pages without landmarks fall back to Mozilla
 * Readability (Firefox Reader View's heuristics), then to the body.
 *
 * @example
 * const document = extractHtml(await response.text(), { url: response.url });
 */
export function extractHtml(html: string, options: { url: string }): ExtractedDocument {
  const { document } = parseHTML(asDocument(html));
  document.querySelectorAll(ALWAYS_REMOVED).forEach((element) => element.remove());
  removeNamedChrome(document.documentElement);
  const title = pageTitle(document);
  const root = contentRoot(document);
  root.querySelectorAll(CHROME).forEach((element) => element.remove());
  // A header inside the content area is the article's own (title, byline); one outside is the site's.
  if (root.localName === 'body') root.querySelectorAll('header').forEach((element) => element.remove());
  const blocks = htmlToBlocks(root);
  return { url: options.url, title: title || firstHeading(blocks) || options.url, blocks };
}

/** linkedom only builds `document.body` for markup with an <html> element; fragments get one. */
function asDocument(html: string): string {
  if (/<html[\s>]/i.test(html)) return html;
  return /<body[\s>]/i.test(html) ? `<!doctype html><html>${html}</html>` : `<!doctype html><html><body>${html}</body></html>`;
}

function pageTitle(document: Document): string {
  const heading = document.querySelector('main h1, [role="main"] h1, article h1, h1');
  if (heading) return collapseWhitespace(heading.textContent ?? '');
  const ogTitle = document.querySelector('meta[property="og:title"]')?.getAttribute('content');
  return collapseWhitespace(ogTitle ?? document.querySelector('title')?.textContent ?? '');
}

function contentRoot(document: Document): Element {
  const landmark = document.querySelector('main, [role="main"]');
  if (landmark) return landmark;
  const articles = document.querySelectorAll('article');
  if (articles.length === 1 && articles[0]) return articles[0];
  const body = document.body ?? document.documentElement;
  const readable = readabilityContent(document);
  return readable ?? body;
}

function readabilityContent(document: Document): Element | undefined {
  // Readability rewrites the tree it is given, so it works on a copy.
  const copy = parseHTML(`<!doctype html><html><body>${document.body?.innerHTML ?? ''}</body></html>`).document;
  const article = new Readability(copy, { charThreshold: READABILITY_MIN_CHARS }).parse();
  if (!article?.content || (article.textContent ?? '').trim().length < READABILITY_MIN_CHARS) return undefined;
  const parsed = parseHTML(`<!doctype html><html><body>${article.content}</body></html>`).document;
  return parsed.body;
}

function removeNamedChrome(root: Element): void {
  for (const element of Array.from(root.querySelectorAll('[class], [id]'))) {
    const names = `${element.getAttribute('id') ?? ''} ${element.getAttribute('class') ?? ''}`;
    if (!CHROME_NAME.test(names)) continue;
    // Layout wrappers such as `with-sidebar` hold the content itself: keep anything that does.
    if (element.matches('body, main, [role="main"]') || element.querySelector('main, [role="main"], h1')) continue;
    element.remove();
  }
}

function firstHeading(blocks: Block[]): string | undefined {
  return blocks.find((block) => block.kind === 'heading')?.text;
}

/**
 * What counts as page chrome rather than content. Kept as data so the rules are easy to read
 * and to extend; `html-extract.ts` applies them.
 */

/** Never content, wherever they appear. */
export const ALWAYS_REMOVED = [
  'script', 'style', 'noscript', 'template', 'svg', 'canvas', 'iframe', 'object', 'embed',
  'link', 'meta', 'button', 'input', 'select', 'textarea', 'form', 'dialog',
  '[hidden]', '[aria-hidden="true"]', '[role="dialog"]', '[role="alertdialog"]',
].join(',');

/** Site chrome: navigation, page furniture and asides, also when nested in the content area. */
export const CHROME = [
  'nav', 'aside', 'footer',
  '[role="navigation"]', '[role="contentinfo"]', '[role="complementary"]', '[role="search"]',
].join(',');

/**
 * class/id words that mark banners and widgets. Matched as whole words of the attribute
 * (`cookie-banner`, `site_newsletter`), so `cookiejar-recipes` is not caught by `cookie`.
 */
export const CHROME_NAME = /(?:^|[\s_-])(cookies?|consent|gdpr|newsletter|breadcrumbs?|sidebar|skip-?link|share|social|related|advert|ads|promo-bar|toc)(?:$|[\s_-])/i;

/** Headings and block-level elements; anything else is inline and joins the surrounding text. */
export const BLOCK_TAGS = new Set([
  'address', 'article', 'blockquote', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'header', 'hr', 'li', 'main', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead',
  'tfoot', 'tr', 'ul', 'body', 'caption',
]);

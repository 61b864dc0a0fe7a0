/**
 * Which URLs from model output may reach the DOM. The check is made on the URL as the browser itself parses
 * it (`new URL`), after entity decoding, with control characters and whitespace removed: so `JaVa&#09;Script:`,
 * `\u0001javascript:`, ` data:` and every other spelling is judged by the scheme the browser would see, and the
 * attribute gets that parsed URL's `href`, never the raw text. A relative URL resolves against the page.
 */
const LINK_SCHEMES = new Set(['https:', 'http:', 'mailto:', 'tel:']);

// C0 and C1 controls, and every kind of whitespace (the URL parser strips or ignores some of them).
const INVISIBLE = /[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]+/g;

function parse(raw: string, base: string): URL | undefined {
  try {
    return new URL(raw.replace(INVISIBLE, ''), base);
  } catch {
    return undefined;
  }
}

/** The `href` for a link to `raw` (already entity-decoded), or `undefined` when its scheme is not allowed. */
export function safeLinkUrl(raw: string, base: string): string | undefined {
  const url = parse(raw, base);
  return url && LINK_SCHEMES.has(url.protocol) ? url.href : undefined;
}

/**
 * The `src` for an image at `raw`, or `undefined` unless it is http(s) from one of `origins` (exact origins,
 * such as `https://cdn.example.com`). Loading an image is a request to its server, and a URL the model wrote
 * can carry the conversation in its query string, so nothing loads unless the site owner allowed its origin.
 */
export function safeImageUrl(raw: string, base: string, origins: readonly string[]): string | undefined {
  const url = parse(raw, base);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return undefined;
  return origins.includes(url.origin) ? url.href : undefined;
}

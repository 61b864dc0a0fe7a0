/**
 * The canonical form of a crawlable URL (no fragment), or undefined when it is not on the given
 * host or not http(s). "Same host" means the same host name and port, as in `URL.host`.
 */
export function sameHostUrl(href: string, base: string | URL, host: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.host !== host) return undefined;
  url.hash = '';
  return url.href;
}

/** Links that lead to files the crawler would only download to throw away. */
const NOT_PAGES = /\.(?:jpe?g|png|gif|webp|avif|svg|ico|css|js|mjs|json|zip|gz|tar|mp3|mp4|webm|mov|woff2?|ttf|eot|dmg|exe)$/i;

export function looksLikePage(url: string): boolean {
  return !NOT_PAGES.test(new URL(url).pathname);
}

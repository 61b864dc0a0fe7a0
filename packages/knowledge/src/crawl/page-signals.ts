import { parseHTML } from 'linkedom';

/** True when the page asks not to be indexed, by header or `<meta name="robots">`/`<meta name="sitechatbot">`. */
export function forbidsIndexing(html: string | undefined, robotsTag: string | null): boolean {
  if (robotsTag && /\b(noindex|none)\b/i.test(robotsTag)) return true;
  if (html === undefined) return false;
  for (const meta of html.match(/<meta\b[^>]*>/gi) ?? []) {
    if (/\bname\s*=\s*["']?(robots|sitechatbot)\b/i.test(meta) && /\bcontent\s*=\s*["']?[^"'>]*\b(noindex|none)\b/i.test(meta)) return true;
  }
  return false;
}

/** The `href`s of a page's links, minus those marked `rel="nofollow"`. */
export function pageLinks(html: string): string[] {
  const { document } = parseHTML(html);
  return Array.from(document.querySelectorAll('a[href]'))
    .filter((anchor) => !/\bnofollow\b/i.test(anchor.getAttribute('rel') ?? ''))
    .map((anchor) => anchor.getAttribute('href') ?? '')
    .filter(Boolean);
}

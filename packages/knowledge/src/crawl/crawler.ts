import { extractDocument, formatFromContentType } from '../extract/extract-document.js';
import type { SourceContext, SourceItem } from '../sources/knowledge-source.js';
import { createHttpFetcher, type FetchedResource } from './http-fetcher.js';
import { forbidsIndexing, pageLinks } from './page-signals.js';
import { RateGate } from './rate-gate.js';
import { loadRobots, type RobotsRules } from './robots.js';
import { looksLikePage, sameHostUrl } from './site-url.js';
import { readSitemaps } from './sitemap-reader.js';

/** The product token robots.txt rules are matched against. */
export const DEFAULT_USER_AGENT = 'SitechatBot/0.1';

export interface CrawlOptions {
  /** The site's address (any page on it; only its host is crawled). */
  siteUrl: string;
  /** Pages to visit; when absent, the sitemap decides. */
  urls?: readonly string[];
  /** Sitemap or sitemap index; default: `Sitemap:` lines of robots.txt, else /sitemap.xml. */
  sitemapUrl?: string;
  /** Also follow same-host links found on pages. Default false; true when the site has no sitemap. */
  followLinks?: boolean;
  /** Requests in flight at once. Default 2. */
  concurrency?: number;
  /** Minimum time between the starts of two requests; robots.txt Crawl-delay wins when longer. Default 0. */
  delayMs?: number;
  /** Stop discovering after this many pages. Default 10 000. */
  maxPages?: number;
  /** Sent as User-Agent and matched against robots.txt. Default 'SitechatBot/0.1'. */
  userAgent?: string;
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

interface Visit {
  url: string;
  item: SourceItem | undefined;
  links: string[];
}

/**
 * Visits the pages of one site politely — robots.txt respected, a bounded number of requests in
 * flight, optional spacing between them — and yields each page as it completes. Pages on other
 * hosts are never requested, whether they come from a sitemap, a link or a redirect.
 */
export async function* crawl(options: CrawlOptions, context: SourceContext): AsyncGenerator<SourceItem> {
  const site = new URL(options.siteUrl);
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const maxPages = options.maxPages ?? 10_000;
  let robots: RobotsRules | undefined;
  const fetchResource = createHttpFetcher({
    userAgent,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    signal: context.signal,
    canFollow: (url) => sameHostUrl(url, url, site.host) !== undefined && (robots?.isAllowed(url) ?? true),
  });
  robots = await loadRobots(site.origin, userAgent, fetchResource);
  const gate = new RateGate(Math.max(options.delayMs ?? 0, robots.crawlDelayMs));

  let followLinks = options.followLinks ?? false;
  let seeds = options.urls;
  if (!seeds) {
    const sitemapUrls = options.sitemapUrl ? [options.sitemapUrl] : robots.sitemaps.length ? robots.sitemaps : [new URL('/sitemap.xml', site).href];
    seeds = await readSitemaps(sitemapUrls, { host: site.host, fetchResource, gate, signal: context.signal, maxUrls: maxPages });
    if (!seeds) {
      seeds = [site.href];
      followLinks = true;
    }
  }

  const queued = new Set<string>();
  const queue: string[] = [];
  const enqueue = (href: string, base: string | URL) => {
    const url = sameHostUrl(href, base, site.host);
    if (!url || queued.has(url) || queued.size >= maxPages || !looksLikePage(url)) return;
    queued.add(url);
    queue.push(url);
  };
  for (const seed of seeds) enqueue(seed, site);
  if (!followLinks) context.reportTotal(queue.length);

  const visitOptions = { host: site.host, robots, gate, fetchResource, followLinks, context };
  const inFlight = new Map<string, Promise<Visit>>();
  const yielded = new Set<string>();
  const concurrency = Math.max(1, options.concurrency ?? 2);
  while (queue.length || inFlight.size) {
    while (inFlight.size < concurrency && queue.length) {
      const url = queue.shift()!;
      // A resumed run has these already; without links to discover there is no reason to fetch them.
      if (context.skip.has(url) && !followLinks) continue;
      const visiting = visit(url, visitOptions);
      visiting.catch(() => {}); // an abort rejects every visit; the race below reports it once
      inFlight.set(url, visiting);
    }
    if (!inFlight.size) break;
    const done = await Promise.race(inFlight.values());
    inFlight.delete(done.url);
    for (const link of done.links) enqueue(link, done.url);
    if (!done.item || context.skip.has(itemUrl(done.item))) continue;
    if (yielded.has(itemUrl(done.item))) continue; // two URLs redirecting to one page
    yielded.add(itemUrl(done.item));
    yield done.item;
  }
}

function itemUrl(item: SourceItem): string {
  return item.kind === 'document' ? item.document.url : item.url;
}

async function visit(
  url: string,
  options: { host: string; robots: RobotsRules; gate: RateGate; fetchResource: (url: string) => Promise<FetchedResource>; followLinks: boolean; context: SourceContext },
): Promise<Visit> {
  const skipped = (reason: string): Visit => ({ url, item: { kind: 'skipped', url, reason }, links: [] });
  if (!options.robots.isAllowed(url)) return skipped('disallowed by robots.txt');
  await options.gate.wait(options.context.signal);
  let resource: FetchedResource;
  try {
    resource = await options.fetchResource(url);
  } catch (error) {
    options.context.signal?.throwIfAborted();
    return { url, item: { kind: 'unavailable', url, reason: error instanceof Error ? error.message : String(error) }, links: [] };
  }
  const finalUrl = sameHostUrl(resource.url, url, options.host);
  if (!finalUrl) return skipped('redirected to another host');
  if (finalUrl !== url && !options.robots.isAllowed(finalUrl)) return skipped('redirected to a page disallowed by robots.txt');
  const { status } = resource;
  if (status >= 300 && status < 400) return skipped(`HTTP ${status} (redirect not followed)`);
  if (status === 429 || status >= 500) return { url, item: { kind: 'unavailable', url, reason: `HTTP ${status}` }, links: [] };
  if (status >= 400) return skipped(`HTTP ${status}`);
  const format = formatFromContentType(resource.contentType, finalUrl);
  if (!format) return skipped(`unsupported content type ${resource.contentType ?? '(none)'}`);
  const html = format === 'html' ? new TextDecoder().decode(resource.body) : undefined;
  const links = options.followLinks && html !== undefined ? pageLinks(html) : [];
  if (forbidsIndexing(html, resource.robotsTag)) return { ...skipped('noindex'), links };
  const fallbackTitle = decodeURIComponent(new URL(finalUrl).pathname.split('/').filter(Boolean).pop() ?? new URL(finalUrl).host);
  const document = await extractDocument(resource.body, format, { url: finalUrl, fallbackTitle });
  return { url, item: { kind: 'document', document }, links };
}

import type { FetchedResource } from './http-fetcher.js';
import type { RateGate } from './rate-gate.js';
import { sameHostUrl } from './site-url.js';
import { parseSitemap, sitemapText } from './sitemap.js';

/** Sitemap indexes nest; sitemaps.org allows one level, real sites sometimes use two. */
const MAX_DEPTH = 3;

export class SitemapUnavailableError extends Error {}

/**
 * Page URLs listed by the given sitemaps, following sitemap indexes, keeping only URLs on `host`
 * (sitemaps and sitemap entries alike). Returns undefined when none of the sitemaps exists (so the
 * caller can fall back to following links); throws when one cannot be read right now (5xx,
 * network), because crawling a partial list would remove the unlisted pages from the index.
 */
export async function readSitemaps(
  sitemapUrls: readonly string[],
  options: { host: string; fetchResource: (url: string) => Promise<FetchedResource>; gate: RateGate; signal?: AbortSignal; maxUrls: number },
): Promise<string[] | undefined> {
  const pages = new Set<string>();
  const visited = new Set<string>();
  let found = false;
  const read = async (href: string, depth: number): Promise<void> => {
    const url = sameHostUrl(href, `http://${options.host}/`, options.host);
    if (!url || visited.has(url) || depth > MAX_DEPTH || pages.size >= options.maxUrls) return;
    visited.add(url);
    await options.gate.wait(options.signal);
    let resource: FetchedResource;
    try {
      resource = await options.fetchResource(url);
    } catch (error) {
      options.signal?.throwIfAborted();
      throw new SitemapUnavailableError(`Sitemap ${url} could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (resource.status === 429 || resource.status >= 500) throw new SitemapUnavailableError(`Sitemap ${url} answered ${resource.status}`);
    if (resource.status >= 400) return;
    const sitemap = parseSitemap(await sitemapText(resource.body));
    if (sitemap.kind === 'unknown') return;
    found = true;
    if (sitemap.kind === 'index') {
      for (const child of sitemap.sitemaps) await read(child, depth + 1);
      return;
    }
    for (const page of sitemap.urls) {
      if (pages.size >= options.maxUrls) break;
      const pageUrl = sameHostUrl(page, url, options.host);
      if (pageUrl) pages.add(pageUrl);
    }
  };
  for (const url of sitemapUrls) await read(url, 0);
  return found ? [...pages] : undefined;
}

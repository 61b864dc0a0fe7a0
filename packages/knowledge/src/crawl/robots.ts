import robotsParserModule from 'robots-parser';
import type { FetchedResource } from './http-fetcher.js';

// robots-parser is CommonJS (`module.exports = function`) but types itself as an ES default export;
// under NodeNext the default import is that function at run time, whatever the types say.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;
export interface RobotsRules {
  isAllowed(url: string): boolean;
  /** Crawl-delay for our user agent, in milliseconds (0 when none is set). */
  crawlDelayMs: number;
  /** `Sitemap:` lines. */
  sitemaps: string[];
}

export class RobotsUnavailableError extends Error {}

/**
 * Reads `/robots.txt` for our user agent with `robots-parser`, as RFC 9309 says: a 4xx means no
 * rules (crawl everything); a 5xx or network failure means the rules are unknown, which the RFC
 * treats as "disallow all", so the crawl stops with an error rather than quietly indexing nothing
 * and removing every page.
 */
export async function loadRobots(origin: string, userAgent: string, fetchResource: (url: string) => Promise<FetchedResource>): Promise<RobotsRules> {
  const robotsUrl = new URL('/robots.txt', origin).href;
  let resource: FetchedResource;
  try {
    resource = await fetchResource(robotsUrl);
  } catch (error) {
    throw new RobotsUnavailableError(`robots.txt could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (resource.status >= 500) throw new RobotsUnavailableError(`robots.txt answered ${resource.status}`);
  if (resource.status >= 400) return { isAllowed: () => true, crawlDelayMs: 0, sitemaps: [] };
  const robots = robotsParser(robotsUrl, new TextDecoder().decode(resource.body));
  return {
    // robots-parser answers undefined for URLs of another origin; those are never crawled anyway.
    isAllowed: (url) => robots.isAllowed(url, userAgent) ?? false,
    crawlDelayMs: (robots.getCrawlDelay(userAgent) ?? 0) * 1000,
    sitemaps: robots.getSitemaps(),
  };
}

import { crawl, type CrawlOptions } from '../crawl/crawler.js';
import type { KnowledgeSource } from './knowledge-source.js';

export type SitemapSourceOptions = Omit<CrawlOptions, 'siteUrl' | 'urls'> & {
  /** Source name in the index. Default: the site's host. */
  name?: string;
  /** The site's address, or the sitemap's (an URL ending in .xml or .xml.gz is taken as the sitemap). */
  url: string;
};

/**
 * The owner's own site, page by page from its sitemap (sitemap indexes too), or by following links
 * when it has none. Only the site's host is crawled; robots.txt rules for `SitechatBot` are obeyed.
 *
 * @example
 * await knowledge.ingest(sitemapSource({ url: 'https://example.com', delayMs: 250 }), {
 *   journal: fileIngestJournal('.sitechat/crawl-example.com.jsonl'),
 *   onProgress: ({ processed, total }) => bar.update(processed, total),
 * });
 */
export function sitemapSource(options: SitemapSourceOptions): KnowledgeSource {
  const isSitemap = /\.xml(\.gz)?$/i.test(new URL(options.url).pathname);
  const crawlOptions: CrawlOptions = { ...options, siteUrl: options.url, ...(isSitemap && !options.sitemapUrl ? { sitemapUrl: options.url } : {}) };
  return { name: options.name ?? new URL(options.url).host, items: (context) => crawl(crawlOptions, context) };
}

export type UrlSourceOptions = Omit<CrawlOptions, 'siteUrl' | 'urls' | 'sitemapUrl' | 'followLinks'> & {
  /** Source name in the index. Default 'pages'. */
  name?: string;
  /** Pages to index. All must be on one host (the first URL's); others are ignored. */
  urls: readonly string[];
};

/**
 * A fixed list of pages, fetched with the same politeness as a crawl (robots.txt, concurrency, delay).
 *
 * @example
 * urlSource({ name: 'pricing', urls: ['https://example.com/pricing', 'https://example.com/faq'] })
 */
export function urlSource(options: UrlSourceOptions): KnowledgeSource {
  const [first] = options.urls;
  if (!first) throw new Error('urlSource needs at least one URL');
  return { name: options.name ?? 'pages', items: (context) => crawl({ ...options, siteUrl: first, urls: options.urls }, context) };
}

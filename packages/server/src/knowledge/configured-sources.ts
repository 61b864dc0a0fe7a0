/**
 * Node-only: the `knowledge.sources` of the configuration as `@sitechat/knowledge` sources, for
 * `sitechat ingest`.
 */
import { isAbsolute, resolve } from 'node:path';
import { folderSource, type KnowledgeSource, sitemapSource, urlSource } from '@sitechat/knowledge';
import type { KnowledgeSourceConfig } from './knowledge-schema.js';

export interface SourceSettings {
  /** What a relative folder `path` is relative to. */
  cwd: string;
  /** For tests and other runtimes. Default: the global fetch. */
  fetch?: typeof fetch;
}

/** One configured source, ready to ingest. */
export function configuredSource(name: string, source: KnowledgeSourceConfig, settings: SourceSettings): KnowledgeSource {
  const fetchOption = settings.fetch === undefined ? {} : { fetch: settings.fetch };
  switch (source.type) {
    case 'folder':
      return folderSource({
        name,
        path: isAbsolute(source.path) ? source.path : resolve(settings.cwd, source.path),
        ...(source.baseUrl === undefined ? {} : { baseUrl: source.baseUrl }),
      });
    case 'sitemap':
      return sitemapSource({
        name,
        url: source.url,
        ...(source.followLinks === undefined ? {} : { followLinks: source.followLinks }),
        ...(source.concurrency === undefined ? {} : { concurrency: source.concurrency }),
        ...(source.delayMs === undefined ? {} : { delayMs: source.delayMs }),
        ...(source.maxPages === undefined ? {} : { maxPages: source.maxPages }),
        ...fetchOption,
      });
    case 'urls':
      return urlSource({ name, urls: source.urls, ...fetchOption });
  }
}

/** Where a source's pages come from, for messages: the folder, the site, or the first page and a count. */
export function describeSource(source: KnowledgeSourceConfig): string {
  switch (source.type) {
    case 'folder':
      return `folder ${source.path}${source.baseUrl === undefined ? '' : ` (${source.baseUrl})`}`;
    case 'sitemap':
      return `sitemap of ${source.url}`;
    case 'urls':
      return source.urls.length === 1 ? `page ${source.urls[0]}` : `${source.urls.length} pages on ${new URL(source.urls[0]!).host}`;
  }
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { page, sitemap, sitemapIndex, startTestSite, type TestSite } from '../__fixtures__/test-site.js';
import { SqliteKnowledgeIndex } from '../index/sqlite-index.js';
import { fileIngestJournal } from '../ingest/ingest-journal.js';
import { ingest } from '../ingest/ingest.js';
import { sitemapSource, urlSource } from '../sources/web-sources.js';
import { RobotsUnavailableError } from './robots.js';

describe('sitemap crawl', () => {
  let site: TestSite;
  let elsewhere: TestSite;
  let index: SqliteKnowledgeIndex;
  beforeEach(async () => {
    site = await startTestSite();
    elsewhere = await startTestSite({ '/leak': page('Leak', '<p>Should never be fetched.</p>') });
    index = new SqliteKnowledgeIndex();
  });
  afterEach(async () => {
    await Promise.all([site.close(), elsewhere.close(), index.close()]);
  });

  function shop(pages = 6) {
    const urls = Array.from({ length: pages }, (_, number) => `${site.origin}/p/${number}`);
    site.routes.set('/robots.txt', { type: 'text/plain', body: 'User-agent: SitechatBot\nDisallow: /private/\n\nUser-agent: *\nDisallow: /p/\n' });
    site.routes.set('/sitemap.xml', sitemapIndex([`${site.origin}/sitemap-pages.xml`, `${site.origin}/sitemap-more.xml.gz`, `${elsewhere.origin}/sitemap.xml`]));
    site.routes.set('/sitemap-pages.xml', sitemap([...urls.slice(0, 3), `${site.origin}/private/secret`, `${elsewhere.origin}/leak`]));
    site.routes.set('/sitemap-more.xml.gz', { type: 'application/gzip', body: gzipSync(String(sitemap(urls.slice(3)).body)) });
    site.routes.set('/private/secret', page('Secret', '<p>Internal pricing.</p>'));
    urls.forEach((_, number) => site.routes.set(`/p/${number}`, page(`Page ${number}`, `<p>Topic ${number} content.</p>`)));
    return urls;
  }

  it('reads sitemap indexes (gzipped too), obeys robots.txt for SitechatBot and never leaves the host', async () => {
    const urls = shop();
    const report = await ingest(index, sitemapSource({ name: 'site', url: site.origin }));
    expect(report).toMatchObject({ added: 6, skipped: 1, removed: 0 });
    expect([...(await index.documentHashes('site')).keys()].sort()).toEqual(urls);
    expect(site.hits).not.toContain('/private/secret');
    expect(elsewhere.hits).toEqual([]);
    expect([...site.userAgents]).toEqual(['SitechatBot/0.1']);
    const [chunk] = await index.keywordSearch(['topic'], { limit: 1 });
    expect(chunk).toMatchObject({ title: expect.stringMatching(/^Page \d$/), headingPath: [expect.stringMatching(/^Page \d$/)] });
    expect(chunk!.text).not.toContain('Test Shop');
  });

  it('keeps at most `concurrency` requests in flight and honours Crawl-delay', async () => {
    shop(6);
    for (let number = 0; number < 6; number++) site.routes.set(`/p/${number}`, { ...page(`Page ${number}`, '<p>x</p>'), delayMs: 40 });
    await ingest(index, sitemapSource({ url: `${site.origin}/sitemap.xml`, concurrency: 2 }));
    expect(site.maxInFlight).toBe(2);

    site.routes.set('/robots.txt', { type: 'text/plain', body: 'User-agent: *\nCrawl-delay: 0.1\n' });
    const started = Date.now();
    await ingest(index, urlSource({ urls: [`${site.origin}/p/0`, `${site.origin}/p/1`, `${site.origin}/p/2`], concurrency: 3 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(200); // three starts spaced by 100 ms
  });

  it('re-crawls incrementally: changed pages updated, 404s and newly disallowed pages removed, 5xx kept', async () => {
    const urls = shop();
    await ingest(index, sitemapSource({ name: 'site', url: site.origin }));
    site.routes.set('/p/0', page('Page 0', '<p>Rewritten content.</p>'));
    site.routes.delete('/p/1');
    site.routes.set('/p/2', { status: 503, body: 'busy' });
    site.routes.set('/robots.txt', { type: 'text/plain', body: 'User-agent: SitechatBot\nDisallow: /private/\nDisallow: /p/3\n' });
    const report = await ingest(index, sitemapSource({ name: 'site', url: site.origin }));
    expect(report).toMatchObject({ updated: 1, unchanged: 2, unavailable: 1, skipped: 3, removed: 2, added: 0 });
    expect([...(await index.documentHashes('site')).keys()].sort()).toEqual([urls[0], urls[2], urls[4], urls[5]]);
  });

  it('resumes an interrupted crawl from its journal without fetching finished pages again', async () => {
    const urls = shop(8);
    const folder = await mkdtemp(join(tmpdir(), 'sitechat-crawl-'));
    const journal = fileIngestJournal(join(folder, 'crawl.jsonl'));
    try {
      const controller = new AbortController();
      const interrupted = ingest(index, sitemapSource({ name: 'site', url: site.origin, concurrency: 1 }), {
        journal,
        signal: controller.signal,
        onProgress: ({ processed }) => processed === 3 && controller.abort(),
      });
      await expect(interrupted).rejects.toThrow();
      const fetchedBefore = site.hits.filter((path) => path.startsWith('/p/'));
      site.hits.length = 0;
      const report = await ingest(index, sitemapSource({ name: 'site', url: site.origin, concurrency: 1 }), { journal });
      const fetchedAfter = site.hits.filter((path) => path.startsWith('/p/'));
      expect(fetchedAfter).toHaveLength(5);
      expect(fetchedAfter.filter((path) => fetchedBefore.slice(0, 3).includes(path))).toEqual([]);
      expect(report).toMatchObject({ added: 8, resumed: true, removed: 0 });
      expect((await index.documentHashes('site')).size).toBe(urls.length);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('follows same-host links when the site has no sitemap, skipping noindex pages and other hosts', async () => {
    site.routes.set('/', page('Home', '<p>Welcome.</p>', ['/about', '/faq#top', `${elsewhere.origin}/leak`, 'mailto:a@b.c', '/logo.png']));
    site.routes.set('/about', page('About', '<p>Founded 2011.</p>', ['/', '/hidden']));
    site.routes.set('/faq', page('FAQ', '<p>Questions.</p>'));
    site.routes.set('/hidden', { body: '<html><head><meta name="robots" content="noindex, follow"></head><body><main><h1>Hidden</h1></main></body></html>' });
    const report = await ingest(index, sitemapSource({ name: 'site', url: `${site.origin}/` }));
    expect(report).toMatchObject({ added: 3, skipped: 1 });
    expect([...(await index.documentHashes('site')).keys()].sort()).toEqual([`${site.origin}/`, `${site.origin}/about`, `${site.origin}/faq`]);
    expect(elsewhere.hits).toEqual([]);
    expect(site.hits).not.toContain('/logo.png');
  });

  it('ignores redirects to other hosts and stops when robots.txt cannot be read', async () => {
    site.routes.set('/robots.txt', { type: 'text/plain', body: '' });
    site.routes.set('/moved', { status: 302, headers: { location: `${elsewhere.origin}/leak` }, body: '' });
    expect(await ingest(index, urlSource({ name: 'pages', urls: [`${site.origin}/moved`, `${elsewhere.origin}/leak`] }))).toMatchObject({ skipped: 1, added: 0 });
    expect(elsewhere.hits).toEqual([]); // the off-site redirect target is never requested
    site.routes.set('/old', { status: 301, headers: { location: '/new' }, body: '' });
    site.routes.set('/new', page('New', '<p>Moved here.</p>'));
    await ingest(index, urlSource({ name: 'moved', urls: [`${site.origin}/old`] }));
    expect([...(await index.documentHashes('moved')).keys()]).toEqual([`${site.origin}/new`]);
    site.routes.set('/robots.txt', { status: 500, body: 'down' });
    await expect(ingest(index, urlSource({ urls: [`${site.origin}/moved`] }))).rejects.toBeInstanceOf(RobotsUnavailableError);
  });
});

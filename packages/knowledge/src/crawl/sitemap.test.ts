import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseSitemap, sitemapText } from './sitemap.js';

describe('parseSitemap', () => {
  it('reads url sets, sitemap indexes and XML entities, and rejects anything else', () => {
    expect(parseSitemap('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc> https://a.example/?x=1&amp;y=2 </loc><lastmod>2024-01-01</lastmod></url></urlset>')).toEqual({
      kind: 'urlset',
      urls: ['https://a.example/?x=1&y=2'],
    });
    expect(parseSitemap('<sitemapindex><sitemap><loc>https://a.example/s1.xml</loc></sitemap></sitemapindex>')).toEqual({ kind: 'index', sitemaps: ['https://a.example/s1.xml'] });
    expect(parseSitemap('<html><body>Not found</body></html>')).toEqual({ kind: 'unknown' });
    expect(parseSitemap('<urlset><url><loc>')).toMatchObject({ kind: expect.any(String) });
  });

  it('inflates gzipped sitemaps', async () => {
    expect(await sitemapText(gzipSync('<urlset/>'))).toBe('<urlset/>');
    expect(await sitemapText(new TextEncoder().encode('<urlset/>'))).toBe('<urlset/>');
  });
});

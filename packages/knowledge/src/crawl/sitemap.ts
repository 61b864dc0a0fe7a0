import { XMLParser } from 'fast-xml-parser';

export type ParsedSitemap = { kind: 'urlset'; urls: string[] } | { kind: 'index'; sitemaps: string[] } | { kind: 'unknown' };

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  // Entities in a sitemap are only the five XML ones (&amp; in query strings); never expand others.
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => name === 'url' || name === 'sitemap',
});

/**
 * Reads a sitemap (`<urlset>`) or a sitemap index (`<sitemapindex>`) per sitemaps.org, with
 * `fast-xml-parser`. Anything else, including malformed XML, is `unknown`.
 */
export function parseSitemap(xml: string): ParsedSitemap {
  let document: Record<string, unknown>;
  try {
    document = parser.parse(xml) as Record<string, unknown>;
  } catch {
    return { kind: 'unknown' };
  }
  const urlset = document.urlset as { url?: Array<{ loc?: unknown }> } | undefined;
  if (urlset) return { kind: 'urlset', urls: locations(urlset.url) };
  const index = document.sitemapindex as { sitemap?: Array<{ loc?: unknown }> } | undefined;
  if (index) return { kind: 'index', sitemaps: locations(index.sitemap) };
  return { kind: 'unknown' };
}

function locations(entries: Array<{ loc?: unknown }> | undefined): string[] {
  return (entries ?? []).map((entry) => String(entry.loc ?? '').trim()).filter(Boolean);
}

/** Sitemaps may be served gzipped (`sitemap.xml.gz`) without a Content-Encoding header. */
export async function sitemapText(body: Uint8Array): Promise<string> {
  if (body[0] === 0x1f && body[1] === 0x8b) {
    const stream = new Blob([body as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text();
  }
  return new TextDecoder().decode(body);
}

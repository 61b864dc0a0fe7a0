/**
 * A small website on 127.0.0.1 for the ingest tests: robots.txt, a sitemap and a few pages with navigation
 * and a footer around their main content. Routes can be changed between runs; requests are recorded.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Route {
  status?: number;
  type?: string;
  body: string;
}

export interface LocalSite {
  origin: string;
  routes: Map<string, Route | ((request: IncomingMessage) => Route)>;
  /** Requested paths, in order. */
  hits: string[];
  close(): Promise<void>;
}

export function page(title: string, body: string): string {
  return `<!doctype html><html><head><title>${title} | Mill Lane Bakery</title></head><body>
<nav><a href="/">Home</a> <a href="/help/delivery">Delivery</a> <a href="/help/returns">Returns</a></nav>
<main><h1>${title}</h1>${body}</main>
<footer>© Mill Lane Bakery · Sign up for our newsletter</footer></body></html>`;
}

export function sitemap(origin: string, paths: readonly string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${paths.map((path) => `<url><loc>${origin}${path}</loc></url>`).join('')}</urlset>`;
}

/** The bakery's site: three pages in its sitemap, robots.txt pointing at the sitemap. */
export async function startLocalSite(): Promise<LocalSite> {
  const routes = new Map<string, Route | ((request: IncomingMessage) => Route)>();
  const hits: string[] = [];
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    hits.push(path);
    const entry = routes.get(path);
    const route = typeof entry === 'function' ? entry(request) : entry;
    if (route === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
      return;
    }
    response.writeHead(route.status ?? 200, { 'content-type': route.type ?? 'text/html; charset=utf-8' });
    response.end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const pages = ['/help/delivery', '/help/returns', '/help/opening-hours'];
  routes.set('/robots.txt', { type: 'text/plain', body: `User-agent: *\nDisallow: /admin/\nSitemap: ${origin}/sitemap.xml\n` });
  routes.set('/sitemap.xml', { type: 'application/xml', body: sitemap(origin, pages) });
  routes.set('/help/delivery', { body: page('Delivery', '<p>Delivery costs $4 and is free on orders over $30.</p>') });
  routes.set('/help/returns', { body: page('Returns', '<p>Send us a photo within 24 hours and we refund a stale loaf.</p>') });
  routes.set('/help/opening-hours', { body: page('Opening hours', '<p>Open Tuesday to Sunday, 7:00 to 15:00.</p>') });
  return {
    origin,
    routes,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

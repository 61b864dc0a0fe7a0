import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Route {
  status?: number;
  type?: string;
  body: string | Uint8Array;
  headers?: Record<string, string>;
  /** Milliseconds to wait before answering (to observe concurrency). */
  delayMs?: number;
}

/** A site on 127.0.0.1 for crawler tests: routes can be changed between runs, hits are counted. */
export interface TestSite {
  /** Origin, e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  readonly host: string;
  routes: Map<string, Route | ((request: IncomingMessage) => Route)>;
  /** Requested paths, in order. */
  readonly hits: string[];
  /** Highest number of requests in flight at once. */
  readonly maxInFlight: number;
  /** User-Agent headers seen. */
  readonly userAgents: Set<string>;
  close(): Promise<void>;
}

export async function startTestSite(routes: Record<string, Route> = {}): Promise<TestSite> {
  const state = { inFlight: 0, maxInFlight: 0 };
  const hits: string[] = [];
  const userAgents = new Set<string>();
  const table = new Map<string, Route | ((request: IncomingMessage) => Route)>(Object.entries(routes));
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    hits.push(path);
    userAgents.add(String(request.headers['user-agent']));
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    try {
      const entry = table.get(path);
      const route = typeof entry === 'function' ? entry(request) : entry;
      if (route?.delayMs) await new Promise((resolve) => setTimeout(resolve, route.delayMs));
      if (!route) {
        response.writeHead(404, { 'content-type': 'text/plain' });
        response.end('not found');
        return;
      }
      response.writeHead(route.status ?? 200, { 'content-type': route.type ?? 'text/html; charset=utf-8', ...route.headers });
      response.end(route.body);
    } finally {
      state.inFlight--;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    routes: table,
    hits,
    get maxInFlight() {
      return state.maxInFlight;
    },
    userAgents,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A small HTML page with site chrome around the content, as real sites have. */
export function page(title: string, content: string, links: string[] = []): Route {
  return {
    body: `<!doctype html><html><head><title>${title} | Test Shop</title></head><body>
      <header><nav><a href="/">Home</a></nav></header>
      <main><h1>${title}</h1>${content}${links.map((href) => `<p><a href="${href}">${href}</a></p>`).join('')}</main>
      <footer>© Test Shop</footer></body></html>`,
  };
}

export function sitemap(urls: string[]): Route {
  return {
    type: 'application/xml',
    body: `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.map((url) => `<url><loc>${url}</loc></url>`).join('')}</urlset>`,
  };
}

export function sitemapIndex(urls: string[]): Route {
  return {
    type: 'application/xml',
    body: `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.map((url) => `<sitemap><loc>${url}</loc></sitemap>`).join('')}</sitemapindex>`,
  };
}

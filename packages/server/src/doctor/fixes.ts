/**
 * Concrete fixes the doctor prints, by problem. The first lines name the proxy the response headers point
 * to (nginx, Cloudflare, ...) when they do; the rest cover the usual suspects.
 */

export type Suspect = 'nginx' | 'cloudflare' | 'apache' | 'caddy' | 'express' | 'unknown';

/** Guess which proxy or framework answered, from the response headers. */
export function suspects(headers: Readonly<Record<string, string>>): Suspect[] {
  const found: Suspect[] = [];
  const server = (headers['server'] ?? '').toLowerCase();
  if (server.includes('nginx') || server.includes('openresty')) found.push('nginx');
  if (server.includes('cloudflare') || headers['cf-ray'] !== undefined) found.push('cloudflare');
  if (server.includes('apache')) found.push('apache');
  if (server.includes('caddy') || (headers['via'] ?? '').toLowerCase().includes('caddy')) found.push('caddy');
  if ((headers['x-powered-by'] ?? '').toLowerCase().includes('express')) found.push('express');
  return found.length === 0 ? ['unknown'] : found;
}

const BUFFERING: Record<Suspect, string[]> = {
  nginx: [
    'nginx: in the location that proxies to Sitechat add `proxy_buffering off;` `proxy_cache off;` `proxy_http_version 1.1;` `proxy_set_header Connection "";` and `proxy_read_timeout 300s;` (full block: docs/deployment.md). Sitechat sends `X-Accel-Buffering: no`, which nginx obeys unless `proxy_ignore_headers X-Accel-Buffering` is set.',
  ],
  cloudflare: [
    'Cloudflare: streams normally pass unbuffered. Check that no Worker, Snippet or Transform Rule reads the whole response, and add a Cache Rule "Bypass cache" for /api/*.',
  ],
  apache: ['Apache httpd: `ProxyPass /api/ http://127.0.0.1:8787/api/ flushpackets=on`, and no mod_deflate for text/event-stream.'],
  caddy: ['Caddy: `reverse_proxy` streams text/event-stream by itself; on old versions add `flush_interval -1`.'],
  express: ['A Node proxy in front (http-proxy-middleware, express): pipe the response, do not read it whole, and keep body parsers and compression() off /api/chat.'],
  unknown: [
    'A proxy or CDN in front buffers the response. nginx: `proxy_buffering off;` in the location (see docs/deployment.md); Apache: `flushpackets=on`; a Node proxy: pipe the response instead of reading it whole.',
    'Some platforms cannot stream at all (API Gateway REST APIs, some serverless adapters): use a platform that streams (a VM or container behind nginx, Cloudflare Workers, Lambda function URLs with response streaming).',
  ],
};

const COMPRESSION: Record<Suspect, string[]> = {
  nginx: ['nginx: `gzip off;` (and `brotli off;` with that module) in the location for /api/, or take text/event-stream out of `gzip_types`.'],
  cloudflare: ['Cloudflare: add a Compression Rule that disables compression for /api/*.'],
  apache: ['Apache httpd: `SetEnvIfNoCase Request_URI ^/api/ no-gzip` (mod_deflate), or exclude text/event-stream from AddOutputFilterByType DEFLATE.'],
  caddy: ['Caddy: exclude the stream from `encode`: `@compressible not header Content-Type text/event-stream*` then `encode @compressible gzip`.'],
  express: ['A compression middleware (express `compression()`, fastify-compress) compresses the stream: skip `text/event-stream` in its filter. (Hono `compress()` skips it by default.)'],
  unknown: [
    'Something compresses the stream, which holds tokens back until a compression buffer fills. Turn compression off for /api/ (nginx `gzip off;`, a Compression Rule on Cloudflare) or make the compressing middleware skip `text/event-stream`.',
  ],
};

const CACHING = [
  'A cache in front stored or re-labelled the answer. Bypass caching for /api/* (nginx `proxy_cache off;`, a Cloudflare Cache Rule "Bypass cache"), and do not rewrite Cache-Control there (no `add_header Cache-Control` / `proxy_hide_header Cache-Control` for /api/).',
];

function pick(table: Record<Suspect, string[]>, headers: Readonly<Record<string, string>>): string[] {
  const named = suspects(headers);
  const lines = named.flatMap((suspect) => table[suspect]);
  // Naming one proxy may be wrong (two can sit in a row): keep the general advice after it.
  return named.includes('unknown') ? lines : [...lines, ...table.unknown.slice(0, 1)];
}

export const fixesForBuffering = (headers: Readonly<Record<string, string>>) => pick(BUFFERING, headers);
export const fixesForCompression = (headers: Readonly<Record<string, string>>) => pick(COMPRESSION, headers);
export const fixesForCaching = () => CACHING;

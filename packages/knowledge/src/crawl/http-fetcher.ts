/** What the crawler needs from a response, read in full (up to a size limit). */
export interface FetchedResource {
  status: number;
  /** Final URL after redirects. */
  url: string;
  contentType: string | null;
  robotsTag: string | null;
  body: Uint8Array;
}

export interface HttpFetcherOptions {
  fetch?: typeof globalThis.fetch;
  userAgent: string;
  /** Per request. Default 15 000 ms. */
  timeoutMs?: number;
  /** Responses larger than this are cut off and treated as unavailable. Default 10 MiB. */
  maxBytes?: number;
  signal?: AbortSignal;
  /**
   * Whether a redirect may be followed to this URL. Redirects are followed by hand (at most 5),
   * so a page that redirects off-site or into a disallowed path is never requested; the 3xx comes
   * back with `url` set to the refused target instead. Default: follow none.
   */
  canFollow?: (url: string) => boolean;
}

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export class ResponseTooLargeError extends Error {}

/** GET with our user agent, a timeout, the caller's abort signal and a size cap. */
export function createHttpFetcher(options: HttpFetcherOptions): (url: string) => Promise<FetchedResource> {
  const fetchImplementation = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  return async (url) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let current = url;
    for (let hop = 0; ; hop++) {
      const response = await fetchImplementation(current, {
        headers: { 'user-agent': options.userAgent, accept: ACCEPT },
        redirect: 'manual',
        signal,
      });
      const location = response.headers.get('location');
      if (REDIRECT_STATUSES.has(response.status) && location && hop < MAX_REDIRECTS) {
        await response.body?.cancel().catch(() => {});
        const target = new URL(location, current).href;
        if (options.canFollow?.(target)) {
          current = target;
          continue;
        }
        return { status: response.status, url: target, contentType: null, robotsTag: null, body: new Uint8Array() };
      }
      return {
        status: response.status,
        url: current,
        contentType: response.headers.get('content-type'),
        robotsTag: response.headers.get('x-robots-tag'),
        body: await readCapped(response, maxBytes),
      };
    }
  };
}

const ACCEPT = 'text/html,application/xhtml+xml,text/markdown,text/plain,application/pdf,application/xml;q=0.9,*/*;q=0.5';

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array();
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const part of response.body) {
    size += part.byteLength;
    if (size > maxBytes) {
      await response.body.cancel().catch(() => {});
      throw new ResponseTooLargeError(`Response larger than ${maxBytes} bytes`);
    }
    parts.push(part);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    body.set(part, offset);
    offset += part.byteLength;
  }
  return body;
}

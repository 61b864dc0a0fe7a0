import type { Context, MiddlewareHandler } from 'hono';
import { createIpMatcher, formatIp, type IpAddress, parseIp, rateLimitKey } from '../../security/ip-address.js';

export interface ClientIpOptions {
  /**
   * The address of the direct peer (the TCP connection), from the runtime. The app stays runtime-agnostic:
   * Node passes `@hono/node-server`'s `getConnInfo(c).remote.address`; other runtimes pass theirs.
   * Default: none, so the client's address is unknown and per-address limits do not apply.
   */
  peerAddress?: (c: Context) => string | undefined;
  /**
   * Proxies whose `X-Forwarded-For` / `Forwarded` headers are believed: CIDRs, single addresses, or
   * `loopback`, `private`, `linklocal`. Default `[]`: the headers are ignored, since anyone can send them.
   */
  trustedProxies?: readonly string[];
}

export interface ClientIpVariables {
  /** The visitor's address (canonical text), or `undefined` when the runtime does not say. */
  clientIp: string | undefined;
  /** The key per-address limits use: the address, or its /64 for IPv6. `undefined` when unknown. */
  clientIpKey: string | undefined;
}

/** The `for=` addresses of a `Forwarded` header (RFC 7239), left to right. */
function forwardedFor(header: string): string[] {
  const addresses: string[] = [];
  for (const element of header.split(',')) {
    for (const pair of element.split(';')) {
      const [name, ...value] = pair.split('=');
      if (name?.trim().toLowerCase() === 'for') addresses.push(value.join('=').trim().replace(/^"|"$/g, ''));
    }
  }
  return addresses;
}

/** A hop as a proxy writes it, perhaps with a port: `203.0.113.7:4711`, `[2001:db8::1]:4711`, `2001:db8::1`. */
function parseHop(hop: string): IpAddress | undefined {
  const value = hop.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) return parseIp(bracketed[1]);
  const withPort = /^([\d.]+):\d+$/.exec(value);
  return parseIp(withPort ? withPort[1] : value);
}

/**
 * The client's address, walking the proxy chain from the connection inwards: while the hop is a trusted
 * proxy, believe the hop it reports before it; the first untrusted hop (the right-most untrusted entry of
 * `X-Forwarded-For`, or of `Forwarded` when there is no `X-Forwarded-For`) is the client. A forged header
 * from an untrusted peer is never read: that peer is itself the client.
 */
export function resolveClientAddress(
  peer: string | undefined,
  headers: { get(name: string): string | null },
  isTrusted: (address: IpAddress) => boolean,
): IpAddress | undefined {
  let address = parseIp(peer);
  if (address === undefined || !isTrusted(address)) return address;
  const xForwardedFor = headers.get('x-forwarded-for');
  const forwarded = headers.get('forwarded');
  const hops = xForwardedFor !== null ? xForwardedFor.split(',') : forwarded !== null ? forwardedFor(forwarded) : [];
  for (let index = hops.length - 1; index >= 0; index--) {
    const hop = parseHop(hops[index]!);
    // A hop that is not an address (`unknown`, garbage): the last trusted proxy is as far as we can see.
    if (hop === undefined) return address;
    address = hop;
    if (!isTrusted(hop)) return hop;
  }
  return address;
}

/**
 * Works out who is connecting: `c.get('clientIp')` and `c.get('clientIpKey')` for per-address limits.
 * @example
 * app.use('/api/*', clientIp({ peerAddress: (c) => getConnInfo(c).remote.address, trustedProxies: ['10.0.0.0/8'] }));
 */
export function clientIp(options: ClientIpOptions = {}): MiddlewareHandler<{ Variables: ClientIpVariables }> {
  const peerAddress = options.peerAddress ?? (() => undefined);
  const isTrusted = createIpMatcher(options.trustedProxies ?? []);
  return async (c, next) => {
    let peer: string | undefined;
    try {
      peer = peerAddress(c);
    } catch {
      // A runtime without connection info (e.g. `app.request()` in tests): the address is unknown.
    }
    const address = resolveClientAddress(peer, c.req.raw.headers, isTrusted);
    c.set('clientIp', address === undefined ? undefined : formatIp(address));
    c.set('clientIpKey', address === undefined ? undefined : rateLimitKey(address));
    await next();
  };
}

/**
 * IP addresses and CIDR ranges in plain TypeScript (no `node:net`, so the app runs on any runtime): parsing,
 * matching `trustedProxies`, and the key an address is rate limited under.
 */

export interface IpAddress {
  version: 4 | 6;
  /** 4 or 16 bytes. An IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) is stored as IPv4. */
  bytes: Uint8Array;
}

function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (const [index, part] of parts.entries()) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255 || (part.length > 1 && part.startsWith('0'))) return undefined;
    bytes[index] = Number(part);
  }
  return bytes;
}

function parseIpv6(text: string): Uint8Array | undefined {
  let groups: string[] = [];
  let tail: Uint8Array | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    // An embedded IPv4 tail (`::ffff:192.0.2.1`) counts as two groups.
    tail = parseIpv4(text.slice(lastColon + 1));
    if (tail === undefined) return undefined;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const split = (half: string) => (half === '' ? [] : half.split(':'));
  if (halves.length === 2) {
    const head = split(halves[0]!);
    const rest = split(halves[1]!);
    if (head.length + rest.length > 7) return undefined;
    groups = [...head, ...Array<string>(8 - head.length - rest.length).fill('0'), ...rest];
  } else {
    groups = split(text);
  }
  if (groups.length !== 8) return undefined;
  const bytes = new Uint8Array(16);
  for (const [index, group] of groups.entries()) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return undefined;
    const value = Number.parseInt(group, 16);
    bytes[index * 2] = value >> 8;
    bytes[index * 2 + 1] = value & 0xff;
  }
  if (tail !== undefined) bytes.set(tail, 12);
  return bytes;
}

const IPV4_MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/**
 * Parse an address as a socket or a proxy reports it: IPv4, IPv6 (brackets and a zone id allowed), an
 * IPv4-mapped IPv6 address (returned as IPv4). `undefined` for anything else.
 * @example
 * parseIp('::ffff:203.0.113.7'); // { version: 4, bytes: [203, 0, 113, 7] }
 */
export function parseIp(text: string | undefined): IpAddress | undefined {
  if (text === undefined) return undefined;
  let value = text.trim();
  if (value.startsWith('[') && value.endsWith(']')) value = value.slice(1, -1);
  const zone = value.indexOf('%');
  if (zone !== -1) value = value.slice(0, zone);
  if (value.length === 0 || value.length > 64) return undefined;
  if (!value.includes(':')) {
    const bytes = parseIpv4(value);
    return bytes === undefined ? undefined : { version: 4, bytes };
  }
  const bytes = parseIpv6(value);
  if (bytes === undefined) return undefined;
  if (IPV4_MAPPED_PREFIX.every((byte, index) => bytes[index] === byte)) return { version: 4, bytes: bytes.slice(12) };
  return { version: 6, bytes };
}

/** The canonical text of an address: dotted IPv4, or eight lower-case hex groups for IPv6. */
export function formatIp(address: IpAddress): string {
  const bytes = address.bytes;
  if (address.version === 4) return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
  const groups: string[] = [];
  for (let index = 0; index < 16; index += 2) groups.push(((bytes[index]! << 8) | bytes[index + 1]!).toString(16));
  return groups.join(':');
}

/**
 * The key an address is rate limited under. An IPv6 visitor usually controls a whole /64 and can rotate
 * through it freely, so IPv6 addresses are limited per /64.
 */
export function rateLimitKey(address: IpAddress): string {
  if (address.version === 4) return formatIp(address);
  const prefix = new Uint8Array(16);
  prefix.set(address.bytes.slice(0, 8));
  return `${formatIp({ version: 6, bytes: prefix })}/64`;
}

interface Range {
  version: 4 | 6;
  bytes: Uint8Array;
  bits: number;
}

/** Named ranges accepted in `trustedProxies`, besides CIDRs and single addresses. */
export const NAMED_RANGES: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
};

function parseRange(text: string): Range | undefined {
  const [addressText, bitsText, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const address = parseIp(addressText);
  if (address === undefined) return undefined;
  const max = address.version === 4 ? 32 : 128;
  if (bitsText === undefined) return { ...address, bits: max };
  if (!/^\d{1,3}$/.test(bitsText)) return undefined;
  // An IPv4-mapped range such as ::ffff:10.0.0.0/104 is an IPv4 range.
  let bits = Number(bitsText);
  if (address.version === 4 && addressText!.includes(':')) bits -= 96;
  if (bits < 0 || bits > max) return undefined;
  return { ...address, bits };
}

/** Whether a `trustedProxies` entry is valid: a CIDR, a single address, or a name of `NAMED_RANGES`. */
export function isValidRange(text: string): boolean {
  return text in NAMED_RANGES || parseRange(text) !== undefined;
}

function contains(range: Range, address: IpAddress): boolean {
  if (range.version !== address.version) return false;
  const whole = Math.floor(range.bits / 8);
  for (let index = 0; index < whole; index++) if (range.bytes[index] !== address.bytes[index]) return false;
  const rest = range.bits % 8;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (range.bytes[whole]! & mask) === (address.bytes[whole]! & mask);
}

/**
 * A predicate for a list of ranges (CIDRs, single addresses, `loopback`, `private`, `linklocal`).
 * @throws Error for an entry that is none of these (the config schema checks entries first).
 * @example
 * const trusted = createIpMatcher(['10.0.0.0/8', 'loopback']);
 * trusted(parseIp('10.1.2.3')!); // true
 */
export function createIpMatcher(entries: readonly string[]): (address: IpAddress) => boolean {
  const ranges = entries.flatMap((entry) => {
    const texts = NAMED_RANGES[entry] ?? [entry];
    return texts.map((text) => {
      const range = parseRange(text);
      if (range === undefined) throw new Error(`not an IP address or CIDR range: ${entry}`);
      return range;
    });
  });
  return (address) => ranges.some((range) => contains(range, address));
}

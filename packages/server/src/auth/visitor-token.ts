/**
 * Signed visitor tokens: short-lived HS256 JWTs that the host site's backend mints for its visitors and the
 * chat server verifies. Web Crypto only, so both run on Node, Workers, Bun and Deno.
 *
 * A token is `base64url(header).base64url(claims).base64url(HMAC-SHA256)` with the header
 * `{"alg":"HS256","typ":"JWT"}` and the claims `{ sub: visitorId, aud: "sitechat", iat, exp }`. Any JWT
 * library can mint one; `aud` must be `sitechat` so that other tokens signed with the same secret do not pass.
 */

export const VISITOR_TOKEN_AUDIENCE = 'sitechat';
/** Shorter secrets are refused: an HS256 secret is only as strong as it is long. */
export const MIN_SECRET_LENGTH = 32;
const MAX_TOKEN_LENGTH = 4096;
const VISITOR_ID = /^[\x21-\x7e]{1,128}$/;

export interface CreateVisitorTokenOptions {
  /** Who the visitor is to you (an account id, or a random id kept in a cookie): printable ASCII, 1 to 128 characters. */
  visitorId: string;
  /** Seconds until the token expires. Default 3600 (one hour). */
  expiresIn?: number;
  /** The current time in ms (tests). Default `Date.now()`. */
  now?: number;
}

export interface VerifyVisitorTokenOptions {
  /** The current time in ms (tests). Default `Date.now()`. */
  now?: number;
  /** Seconds of clock difference tolerated between the minting backend and this server. Default 30. */
  clockToleranceSeconds?: number;
}

export type VerifiedVisitorToken = { valid: true; visitorId: string; expiresAt: number };
export type RejectedVisitorToken = { valid: false; reason: 'malformed' | 'algorithm' | 'signature' | 'expired' | 'claims' };

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (key === undefined) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keys.set(secret, key);
  }
  return key;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (character) => character.charCodeAt(0));
  } catch {
    return undefined;
  }
}

function decodeJson(text: string): Record<string, unknown> | undefined {
  const bytes = fromBase64Url(text);
  if (bytes === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function checkSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new TypeError(`The visitor token secret must be at least ${MIN_SECRET_LENGTH} characters long.`);
  }
}

/**
 * Mint a visitor token on the host site's backend (never in the browser: the secret must stay there).
 * @example
 * import { createVisitorToken } from '@sitechat/server';
 * const token = await createVisitorToken(process.env.SITECHAT_TOKEN_SECRET!, { visitorId: user.id, expiresIn: 900 });
 */
export async function createVisitorToken(secret: string, options: CreateVisitorTokenOptions): Promise<string> {
  checkSecret(secret);
  if (!VISITOR_ID.test(options.visitorId)) throw new TypeError('visitorId must be 1 to 128 printable ASCII characters.');
  const expiresIn = options.expiresIn ?? 3600;
  if (!Number.isInteger(expiresIn) || expiresIn <= 0) throw new TypeError('expiresIn must be a whole number of seconds above 0.');
  const issuedAt = Math.floor((options.now ?? Date.now()) / 1000);
  const header = toBase64Url(encoder.encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));
  const claims = { sub: options.visitorId, aud: VISITOR_TOKEN_AUDIENCE, iat: issuedAt, exp: issuedAt + expiresIn };
  const body = `${header}.${toBase64Url(encoder.encode(JSON.stringify(claims)))}`;
  const signature = await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(body));
  return `${body}.${toBase64Url(new Uint8Array(signature))}`;
}

/**
 * Check a visitor token: HS256 only (`alg: none` and every other algorithm are refused before the signature
 * is looked at), a valid signature (compared in constant time by Web Crypto), `exp` in the future,
 * `nbf` (if any) in the past, `aud` `sitechat`, and a `sub`. Never throws for a bad token.
 * @example
 * const result = await verifyVisitorToken(token, secret);
 * if (result.valid) console.log(result.visitorId);
 */
export async function verifyVisitorToken(
  token: string,
  secret: string,
  options: VerifyVisitorTokenOptions = {},
): Promise<VerifiedVisitorToken | RejectedVisitorToken> {
  checkSecret(secret);
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { valid: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3) return { valid: false, reason: 'malformed' };
  const [headerText, claimsText, signatureText] = parts as [string, string, string];
  const header = decodeJson(headerText);
  if (header === undefined) return { valid: false, reason: 'malformed' };
  if (header.alg !== 'HS256' || (header.typ !== undefined && header.typ !== 'JWT') || header.crit !== undefined) {
    return { valid: false, reason: 'algorithm' };
  }
  const signature = fromBase64Url(signatureText);
  if (signature === undefined || signature.length !== 32) return { valid: false, reason: 'signature' };
  const signed = await crypto.subtle.verify('HMAC', await hmacKey(secret), signature, encoder.encode(`${headerText}.${claimsText}`));
  if (!signed) return { valid: false, reason: 'signature' };

  const claims = decodeJson(claimsText);
  if (claims === undefined) return { valid: false, reason: 'malformed' };
  const now = (options.now ?? Date.now()) / 1000;
  const tolerance = options.clockToleranceSeconds ?? 30;
  const { sub, aud, exp, nbf } = claims;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (typeof sub !== 'string' || !VISITOR_ID.test(sub) || !audiences.includes(VISITOR_TOKEN_AUDIENCE)) {
    return { valid: false, reason: 'claims' };
  }
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return { valid: false, reason: 'claims' };
  if (exp + tolerance <= now) return { valid: false, reason: 'expired' };
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf - tolerance > now)) return { valid: false, reason: 'claims' };
  return { valid: true, visitorId: sub, expiresAt: exp * 1000 };
}

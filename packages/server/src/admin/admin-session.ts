/**
 * The owner's login to `/admin`: the admin token is compared in constant time, and a successful login gets a
 * session cookie that proves it without containing it: `v1.<issued-at ms>.<HMAC-SHA256(token, issued-at)>`.
 * Changing the token ends every session. Web Crypto only (any runtime).
 */

const encoder = new TextEncoder();
export const SESSION_COOKIE = 'sitechat_admin';
/** How long a login lasts. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** Compares two byte strings in time that depends only on their length. */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index += 1) difference |= a[index]! ^ b[index]!;
  return difference === 0;
}

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/**
 * Whether `candidate` is the admin token. Both are hashed first, so the comparison takes the same time
 * whatever the candidate's length and however much of it matches.
 */
export async function isAdminToken(candidate: string, token: string): Promise<boolean> {
  const [a, b] = await Promise.all([sha256(candidate), sha256(token)]);
  return timingSafeEqual(a, b);
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function signature(token: string, issuedAt: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(token), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return toBase64Url(new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(`sitechat-admin-session:${issuedAt}`))));
}

/** A session cookie value for a login at `now`. */
export async function createSession(token: string, now = Date.now()): Promise<string> {
  return `v1.${now}.${await signature(token, now)}`;
}

/** Whether a session cookie value is one this token issued in the last `SESSION_MAX_AGE_SECONDS`. */
export async function isValidSession(value: string | undefined, token: string, now = Date.now()): Promise<boolean> {
  const match = value === undefined ? null : /^v1\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (match === null) return false;
  const issuedAt = Number(match[1]);
  // A small allowance for clocks of several instances that disagree.
  if (issuedAt > now + 60_000 || now - issuedAt > SESSION_MAX_AGE_SECONDS * 1000) return false;
  const expected = await signature(token, issuedAt);
  return timingSafeEqual(encoder.encode(match[2]!), encoder.encode(expected));
}

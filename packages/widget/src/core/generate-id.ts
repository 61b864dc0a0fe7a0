const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * A random id of `length` characters (62^16 ≈ 2^95 possibilities by default). `crypto.randomUUID` would do,
 * but it exists only on secure (https) pages, and the widget also runs on plain-http sites.
 */
export function generateId(length = 16): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let id = '';
  // 248 = 4 * 62: bytes are mapped without bias by retrying the few above it.
  for (let index = 0; index < length; index++) {
    let byte = bytes[index]!;
    while (byte >= 248) byte = crypto.getRandomValues(new Uint8Array(1))[0]!;
    id += ALPHABET[byte % 62];
  }
  return id;
}

import { randomBytes } from 'node:crypto';

/**
 * A version 7 UUID: 48 bits of Unix milliseconds, then random bits. Time-ordered ids keep B-tree inserts
 * at the right edge of the index (fast, compact) and sort roughly by creation, which makes logs readable.
 */
export function uuidv7(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

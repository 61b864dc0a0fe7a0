/**
 * Checks on what callers pass in. The server validates requests at its boundary; these guard the invariants
 * the store owns (ids are non-empty strings, ratings are small integers, counters are non-negative), so a
 * bug upstream becomes a clear `StoreError` instead of a bad row.
 */
import { StoreError, StoreErrorCode } from '../errors.ts';
import type { Moderation, PageContext } from '../records.ts';

const maxIdLength = 200;

export function requireId(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxIdLength) {
    throw new StoreError(StoreErrorCode.InvalidInput, `${name} must be a non-empty string of at most ${maxIdLength} characters.`);
  }
  return value;
}

export function requireText(value: unknown, name: string, { allowEmpty }: { allowEmpty: boolean }): string {
  if (typeof value !== 'string' || (!allowEmpty && value.trim() === '')) {
    throw new StoreError(StoreErrorCode.InvalidInput, `${name} must be a${allowEmpty ? '' : ' non-empty'} string.`);
  }
  return value;
}

/** A count or duration: `null`/absent, or a non-negative integer. */
export function optionalCount(value: unknown, name: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new StoreError(StoreErrorCode.InvalidInput, `${name} must be a non-negative integer.`);
  }
  return value;
}

export function optionalString(value: unknown, name: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new StoreError(StoreErrorCode.InvalidInput, `${name} must be a string.`);
  return value;
}

export function optionalDate(value: unknown, name: string): Date | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new StoreError(StoreErrorCode.InvalidInput, `${name} must be a valid Date.`);
  }
  return value;
}

export function requireRating(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -5 || value > 5) {
    throw new StoreError(StoreErrorCode.InvalidFeedback, 'rating must be an integer from -5 to 5 (1 and -1 for thumbs).');
  }
  return value;
}

/** Keeps only the fields the store knows, so nothing a browser made up is persisted. */
export function cleanPage(page: PageContext | null | undefined): PageContext | null {
  if (page === undefined || page === null) return null;
  const clean: PageContext = {};
  const url = optionalString(page.url, 'page.url');
  const title = optionalString(page.title, 'page.title');
  if (url !== null) clean.url = url;
  if (title !== null) clean.title = title;
  return Object.keys(clean).length === 0 ? null : clean;
}

export function cleanModeration(moderation: Moderation): Moderation {
  const clean: Moderation = {};
  const reason = optionalString(moderation.reason, 'moderation.reason');
  const messageId = optionalString(moderation.messageId, 'moderation.messageId');
  if (reason !== null) clean.reason = reason;
  if (messageId !== null) clean.messageId = messageId;
  if (moderation.categories !== undefined) {
    if (!Array.isArray(moderation.categories) || !moderation.categories.every((c) => typeof c === 'string')) {
      throw new StoreError(StoreErrorCode.InvalidInput, 'moderation.categories must be an array of strings.');
    }
    clean.categories = [...moderation.categories];
  }
  return clean;
}

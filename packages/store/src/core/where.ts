/**
 * Owner-side filters as SQL conditions on `conversations c`. Dates bound `created_at` (immutable, so
 * pagination over it is stable while conversations keep receiving messages).
 */
import { StoreError, StoreErrorCode } from '../errors.ts';
import type { ConversationFilter, ConversationScope, TranscriptQuery } from '../types.ts';
import type { SqlValue } from './driver.ts';
import { optionalDate, requireId } from './validate.ts';

export interface Where {
  conditions: string[];
  params: SqlValue[];
}

export function scopeWhere(scope: ConversationScope = {}): Where {
  const where: Where = { conditions: [], params: [] };
  if (scope.site !== undefined) add(where, 'c.site = ?', requireId(scope.site, 'site'));
  const from = optionalDate(scope.from, 'from');
  const to = optionalDate(scope.to, 'to');
  if (from !== undefined) add(where, 'c.created_at >= ?', from);
  if (to !== undefined) add(where, 'c.created_at < ?', to);
  return where;
}

const hasFeedback = (condition: string) =>
  `EXISTS (SELECT 1 FROM feedback f WHERE f.conversation_id = c.id AND ${condition})`;

export function filterWhere(filter: ConversationFilter): Where {
  const where = scopeWhere(filter);
  if (filter.visitorId !== undefined) add(where, 'c.visitor_id = ?', requireId(filter.visitorId, 'visitorId'));
  if (filter.flagged !== undefined) add(where, 'c.flagged = ?', Boolean(filter.flagged));
  if (filter.rating === 'up') add(where, hasFeedback('f.rating > 0'));
  else if (filter.rating === 'down') add(where, hasFeedback('f.rating < 0'));
  else if (filter.rating !== undefined) {
    throw new StoreError(StoreErrorCode.InvalidInput, "rating must be 'up' or 'down'.");
  }
  if (filter.hasComment === true) add(where, hasFeedback('f.comment IS NOT NULL'));
  if (filter.hasComment === false) add(where, `NOT ${hasFeedback('f.comment IS NOT NULL')}`);
  return where;
}

export function transcriptWhere(query: TranscriptQuery): Where {
  const where = scopeWhere(query);
  if (query.minRating !== undefined) {
    if (!Number.isInteger(query.minRating)) {
      throw new StoreError(StoreErrorCode.InvalidInput, 'minRating must be an integer.');
    }
    add(where, hasFeedback('f.rating >= ?'), query.minRating);
  }
  if (query.flagged !== undefined) add(where, 'c.flagged = ?', Boolean(query.flagged));
  if (query.preferenceSignal === true) {
    add(
      where,
      `(EXISTS (SELECT 1 FROM comparisons k WHERE k.conversation_id = c.id)
        OR (${hasFeedback('f.rating > 0')} AND ${hasFeedback('f.rating < 0')}))`,
    );
  }
  return where;
}

function add(where: Where, condition: string, ...params: SqlValue[]): void {
  where.conditions.push(condition);
  where.params.push(...params);
}

export function whereSql(where: Where): string {
  return where.conditions.length === 0 ? '' : `WHERE ${where.conditions.join(' AND ')}`;
}

/** Cursors are opaque to callers: the (created_at, id) of the last row, base64url-encoded. */
export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([Date.parse(createdAt), id])).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [time, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof time === 'number' && typeof id === 'string') return { createdAt: new Date(time), id };
  } catch {
    // fall through to the error below
  }
  throw new StoreError(StoreErrorCode.InvalidInput, 'cursor is not a cursor this store returned.');
}

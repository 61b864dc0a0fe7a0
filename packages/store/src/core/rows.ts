/**
 * Row -> record mapping, written to accept what either engine returns: SQLite gives numbers for dates and
 * booleans and text for JSON; PostgreSQL gives `Date`, `boolean`, parsed JSON, and strings for 64-bit counts.
 */
import type { Comparison, Conversation, Feedback, Message, MessageStatus, Preference, Role } from '../records.ts';
import type { Row } from './driver.ts';

export function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return new Date(Number(value)).toISOString();
}

export function toIsoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : toIso(value);
}

export function toInt(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

export function toIntOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

export function toBool(value: unknown): boolean {
  return value === true || value === 1 || value === 1n || value === 't';
}

export function toJson<T>(value: unknown): T | null {
  if (value === null || value === undefined) return null;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** JSON columns are written as text; PostgreSQL casts it into `jsonb`. */
export function fromJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

export function conversationFromRow(row: Row): Conversation {
  return {
    id: String(row.id),
    site: String(row.site),
    visitorId: String(row.visitor_id),
    createdAt: toIso(row.created_at),
    lastActivityAt: toIso(row.last_activity_at),
    page: toJson(row.page),
    flagged: toBool(row.flagged),
    moderation: toJson(row.moderation),
    messageCount: toInt(row.message_count),
  };
}

export function messageFromRow(row: Row): Message {
  return {
    id: String(row.id),
    conversationId: String(row.conversation_id),
    seq: toInt(row.seq),
    parentId: textOrNull(row.parent_id),
    role: row.role as Role,
    text: String(row.text),
    status: row.status as MessageStatus,
    model: textOrNull(row.model),
    tokensIn: toIntOrNull(row.tokens_in),
    tokensOut: toIntOrNull(row.tokens_out),
    timeToFirstTokenMs: toIntOrNull(row.time_to_first_token_ms),
    finishReason: textOrNull(row.finish_reason),
    errorCode: textOrNull(row.error_code),
    metadata: toJson(row.metadata),
    createdAt: toIso(row.created_at),
    finishedAt: toIsoOrNull(row.finished_at),
  };
}

export function feedbackFromRow(row: Row): Feedback {
  return {
    id: String(row.id),
    messageId: String(row.message_id),
    conversationId: String(row.conversation_id),
    visitorId: String(row.visitor_id),
    rating: toInt(row.rating),
    comment: textOrNull(row.comment),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

export function comparisonFromRow(row: Row): Comparison {
  return {
    id: String(row.id),
    conversationId: String(row.conversation_id),
    userMessageId: String(row.user_message_id),
    answerAId: String(row.answer_a_id),
    answerBId: String(row.answer_b_id),
    preferred: row.preferred as Preference,
    createdAt: toIso(row.created_at),
  };
}

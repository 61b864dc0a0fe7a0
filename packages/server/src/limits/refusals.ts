/**
 * What the limits answer, in words a visitor can act on (the widget shows `message`), and the one place a
 * broken limit store becomes 503 `limits_unavailable`.
 */
import { ErrorCode } from '@sitechat/protocol';
import { SitechatError } from '../http/errors.js';
import type { Logger } from '../http/logger.js';
import type { Visitor } from '../auth/visitor-identity/visitor-identity.js';

export const LIMIT_MESSAGES = {
  rateLimited: 'You are sending messages too quickly. Please wait a moment and try again.',
  tooManyStreams: 'Please wait for the current answer to finish before asking another question.',
  conversationBudget: 'This conversation has reached its length limit. Please start a new conversation.',
  visitorBudget: 'You have reached the limit of questions for today. Please come back tomorrow.',
  siteBudget: 'The assistant has answered as many questions as it can today. Please come back tomorrow.',
  unavailable: 'The assistant is not available right now. Please try again in a moment.',
} as const;

/** `Retry-After` in whole seconds, at least 1 (0 would invite an immediate retry that fails again). */
export function retryAfterSeconds(ms: number): string {
  return String(Math.max(1, Math.ceil(ms / 1000)));
}

/** A 429 with a stable code, a plain-language message and, when waiting helps, `Retry-After`. */
export function tooMany(code: ErrorCode, message: string, retryAfterMs?: number): SitechatError {
  return new SitechatError(429, code, message, {
    retryable: retryAfterMs !== undefined,
    ...(retryAfterMs === undefined ? {} : { headers: { 'retry-after': retryAfterSeconds(retryAfterMs) } }),
  });
}

/** Run a store operation; a store that fails (Redis down) refuses the request rather than letting it through. */
export async function fromStore<T>(operation: Promise<T>, logger: Logger): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    logger.error('limit store unavailable; refusing requests until it is back', { name: (error as Error)?.name });
    throw new SitechatError(503, ErrorCode.LimitsUnavailable, LIMIT_MESSAGES.unavailable, { retryable: true });
  }
}

/**
 * The key a visitor's limits are kept under: the verified token's id, else the widget's id header (a
 * separate namespace, so a header can never pose as a token's visitor), else the address.
 */
export function visitorKey(visitor: Visitor | undefined, clientIpKey: string | undefined): string | undefined {
  if (visitor !== undefined) return `${visitor.verified ? 'token' : 'header'}:${visitor.id}`;
  return clientIpKey === undefined ? undefined : `ip:${clientIpKey}`;
}

/** Requests that cost nothing (reads, preflights) are not counted. */
export function isCounted(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}

import { ErrorCode } from '@sitechat/protocol';
import type { MiddlewareHandler } from 'hono';
import type { VisitorIdentityVariables } from '../../auth/visitor-identity/visitor-identity.js';
import { addChatHook, type ChatHooksVariables } from '../../chat/chat-hooks.js';
import { DEFAULTS } from '../../config/defaults.js';
import { type Logger, silentLogger } from '../../http/logger.js';
import type { ClientIpVariables } from '../../middleware/client-ip/client-ip.js';
import type { LimitStore } from '../limit-store.js';
import { MemoryLimitStore } from '../memory-store.js';
import { fromStore, LIMIT_MESSAGES, tooMany, visitorKey } from '../refusals.js';
import { estimateMessagesTokens } from '../token-estimate.js';

export interface TokenBudgetsOptions {
  /** Default: a new `MemoryLimitStore` (this process only). */
  store?: LimitStore;
  /** Over a conversation's whole life (kept 30 days). Default 200 000; 0: no budget. */
  perConversation?: number;
  /** Per visitor (or address, when the request names no visitor) per UTC day. Default 500 000; 0: no budget. */
  perVisitorPerDay?: number;
  /** The whole site per UTC day. Default 10 000 000; 0: no budget. */
  perSitePerDay?: number;
  /** Reserved per answer until the real count is known (`model.maxOutputTokens`). Default 1024. */
  maxOutputTokens?: number;
  /** Default `Date.now`. */
  now?: () => number;
  /** Default: nowhere. */
  logger?: Logger;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const CONVERSATION_TTL_MS = 30 * DAY_MS;

interface Budget {
  key: string;
  limit: number;
  ttlMs: number;
  message: string;
  /** `undefined` when waiting does not help (a conversation's budget never renews). */
  renewsInMs: number | undefined;
}

/**
 * Token budgets per conversation, per visitor per day and per site per day, counted from the model's usage
 * (or estimated locally when the server sends none, token-estimate.ts). Before the model is called, each
 * budget reserves the request's estimated input plus `maxOutputTokens`, atomically, so that concurrent
 * requests (in any process sharing the store) see each other; a budget already used up refuses with 429
 * `budget_exceeded` (`Retry-After`: the next UTC midnight; none for a conversation). When the answer ends,
 * however it ends, the reservation is replaced by the real count. The answer that crosses a budget is
 * finished; the next request is refused.
 * @example
 * app.post('/api/chat', jsonBody(), tokenBudgets({ store, perConversation: 200_000, perVisitorPerDay: 500_000 }), handler);
 */
export function tokenBudgets(
  options: TokenBudgetsOptions = {},
): MiddlewareHandler<{ Variables: ClientIpVariables & VisitorIdentityVariables & ChatHooksVariables }> {
  const store = options.store ?? new MemoryLimitStore();
  const perConversation = options.perConversation ?? DEFAULTS.limits.tokensPerConversation;
  const perVisitorPerDay = options.perVisitorPerDay ?? DEFAULTS.limits.tokensPerVisitorPerDay;
  const perSitePerDay = options.perSitePerDay ?? DEFAULTS.limits.tokensPerSitePerDay;
  const maxOutputTokens = options.maxOutputTokens ?? DEFAULTS.model.maxOutputTokens;
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger;

  return async (c, next) => {
    const visitor = visitorKey(c.get('visitor'), c.get('clientIpKey'));
    let reserved: { budgets: Budget[]; tokens: number } | undefined;

    addChatHook(c, {
      async before(context) {
        const time = now();
        const day = new Date(time).toISOString().slice(0, 10);
        const untilMidnight = DAY_MS - (time % DAY_MS);
        const budgets: Budget[] = [];
        if (perSitePerDay > 0) {
          budgets.push({ key: `budget:site:${day}`, limit: perSitePerDay, ttlMs: 2 * DAY_MS, message: LIMIT_MESSAGES.siteBudget, renewsInMs: untilMidnight });
        }
        if (perVisitorPerDay > 0 && visitor !== undefined) {
          budgets.push({ key: `budget:visitor:${visitor}:${day}`, limit: perVisitorPerDay, ttlMs: 2 * DAY_MS, message: LIMIT_MESSAGES.visitorBudget, renewsInMs: untilMidnight });
        }
        if (perConversation > 0 && context.chatId !== undefined) {
          // Under the visitor, so that nobody can spend another visitor's conversation by guessing its id.
          budgets.push({ key: `budget:chat:${visitor ?? 'anyone'}:${context.chatId}`, limit: perConversation, ttlMs: CONVERSATION_TTL_MS, message: LIMIT_MESSAGES.conversationBudget, renewsInMs: undefined });
        }
        const tokens = estimateMessagesTokens(context.messages) + maxOutputTokens;
        const taken: Budget[] = [];
        reserved = { budgets: taken, tokens };
        for (const budget of budgets) {
          const total = await fromStore(store.add(budget.key, tokens, budget.ttlMs, time), logger);
          taken.push(budget);
          if (total - tokens >= budget.limit) {
            if (budget.key.startsWith('budget:site:')) logger.warn('the site reached limits.tokensPerSitePerDay', { limit: budget.limit });
            throw tooMany(ErrorCode.BudgetExceeded, budget.message, budget.renewsInMs);
          }
        }
      },
      async after(outcome) {
        if (reserved === undefined) return;
        // A refused request gives its whole reservation back; an answer keeps what it really cost.
        const correction = outcome.usage.totalTokens - reserved.tokens;
        for (const budget of reserved.budgets) await store.add(budget.key, correction, budget.ttlMs, now());
      },
    });
    await next();
  };
}

import { ErrorCode } from '@sitechat/protocol';
import type { MiddlewareHandler } from 'hono';
import type { VisitorIdentityVariables } from '../auth/visitor-identity/visitor-identity.js';
import { addChatHook, type ChatHookContext, type ChatHooksVariables } from '../chat/chat-hooks.js';
import type { ChatTurn } from '../chat/request-schema.js';
import { DEFAULTS } from '../config/defaults.js';
import { PUBLIC_MESSAGES, SitechatError } from '../http/errors.js';
import { type Logger, silentLogger } from '../http/logger.js';
import { ProviderError } from '../providers/errors.js';
import type { Moderator } from '../providers/moderation.js';
import type { ModelEvent } from '../providers/types.js';

export type ModerationPolicy = 'off' | 'flag' | 'block';

/** A moderation verdict worth keeping: what the store wiring persists (`SitechatOptions.onModeration`). */
export interface ModerationEvent {
  direction: 'input' | 'output';
  /** `flagged`: answered anyway and recorded; `blocked`: the visitor got the refusal instead. */
  action: 'flagged' | 'blocked';
  categories: string[];
  /** The flagged text. Personal data: store it with the conversation, never log it. */
  text: string;
  chatId: string | undefined;
  visitorId: string | undefined;
  at: number;
}

export interface ModerationOptions {
  moderator: Moderator;
  /** The visitor's message, before the model is called. Default `off`. */
  input?: ModerationPolicy;
  /** The answer. Default `off`. `flag`: checked after it streamed; `block`: held back until checked. */
  output?: ModerationPolicy;
  /** Answer without moderation when the service fails (logged). Default `false`: 503 `moderation_unavailable`. */
  failOpen?: boolean;
  /** What the visitor reads instead of a blocked answer. Default: a polite refusal (defaults.ts). */
  refusalMessage?: string;
  onModeration?: (event: ModerationEvent) => void | Promise<void>;
  /** Default: nowhere. */
  logger?: Logger;
}

/** The turns without the flagged user turns and the answers that followed them. */
function withoutFlagged(turns: readonly ChatTurn[], flagged: ReadonlySet<number>): ChatTurn[] {
  const kept: ChatTurn[] = [];
  let dropping = false;
  for (const [index, turn] of turns.entries()) {
    if (turn.role === 'user') dropping = flagged.has(index);
    if (!dropping) kept.push(turn);
  }
  return kept;
}

/** What `holdBack` needs from the request it holds an answer back for. */
interface HeldAnswer {
  moderator: Moderator;
  /** The visitor's request: its signal stops the check when the visitor leaves. */
  request: Request;
  refusal: string;
  report: (context: ChatHookContext, event: Omit<ModerationEvent, 'chatId' | 'visitorId' | 'at'>) => void;
  /** Logs a failed check; `true` when the answer goes out unchecked (`failOpen`). */
  unavailable: (error: unknown) => boolean;
}

/**
 * The whole answer, checked before any of it is sent: then the answer, or the refusal in its place. Declared
 * here, not inside the middleware: an `async function*` declared per request gets a hidden class of its own in
 * V8's old generation, which keeps the request alive through young collections (docs/decisions/0014).
 */
async function* holdBack(events: AsyncIterable<ModelEvent>, context: ChatHookContext, held: HeldAnswer): AsyncGenerator<ModelEvent> {
  let text = '';
  let finish: Extract<ModelEvent, { type: 'finish' }> | undefined;
  for await (const event of events) {
    if (event.type === 'text-delta') text += event.text;
    else finish = event;
  }
  // Ended without a finish: the route reports the interruption; nothing was shown.
  if (finish === undefined) return;
  if (text !== '') {
    try {
      const [verdict] = await held.moderator.moderate([text], held.request.signal);
      if (verdict?.flagged) {
        held.report(context, { direction: 'output', action: 'blocked', categories: verdict.categories, text });
        yield { type: 'text-delta', text: held.refusal };
        yield { ...finish, finishReason: 'content-filter' };
        return;
      }
    } catch (error) {
      if (!held.unavailable(error)) throw new ProviderError(ErrorCode.ModerationUnavailable, { retryable: true });
    }
    yield { type: 'text-delta', text };
  }
  yield finish;
}

/**
 * OpenAI moderation of the visitor's message and of the answer.
 *
 * Input, `block`: every user turn of the request is checked in one call. A flagged last message is never
 * sent to the model: the visitor gets `refusalMessage` as a normal answer (finish reason `content-filter`).
 * Flagged earlier turns (the widget resends its history) are left out of what the model sees, so one
 * refused message does not poison the rest of the conversation. Input, `flag`: the last message is checked
 * and the model answers anyway. Output, `block`: the answer is held back (no streaming; heartbeats keep the
 * connection open), checked, then sent or replaced by the refusal. Output, `flag`: the answer streams as
 * usual and is checked once complete; it cannot be taken back, only recorded. Every verdict worth keeping
 * goes to `onModeration`.
 *
 * When the service fails: 503 `moderation_unavailable` (or, mid-stream for a held-back answer, an error
 * chunk with that code), unless `failOpen`.
 * @example
 * app.post('/api/chat', jsonBody(), moderation({ moderator, input: 'block', output: 'flag', onModeration }), handler);
 */
export function moderation(options: ModerationOptions): MiddlewareHandler<{ Variables: VisitorIdentityVariables & ChatHooksVariables }> {
  const { moderator } = options;
  const input = options.input ?? DEFAULTS.moderation.input;
  const output = options.output ?? DEFAULTS.moderation.output;
  const failOpen = options.failOpen ?? DEFAULTS.moderation.failOpen;
  const refusal = options.refusalMessage ?? DEFAULTS.moderation.refusalMessage;
  const logger = options.logger ?? silentLogger;

  return async (c, next) => {
    const visitorId = c.get('visitor')?.id;
    const report = (context: ChatHookContext, event: Omit<ModerationEvent, 'chatId' | 'visitorId' | 'at'>) => {
      logger.info('moderation', { direction: event.direction, action: event.action, categories: event.categories });
      Promise.resolve()
        .then(() => options.onModeration?.({ ...event, chatId: context.chatId, visitorId, at: Date.now() }))
        .catch((error: unknown) => logger.error('onModeration failed', { name: (error as Error)?.name }));
    };
    const unavailable = (error: unknown): boolean => {
      const upstreamStatus = error instanceof ProviderError ? error.upstreamStatus : undefined;
      logger.warn(failOpen ? 'moderation unavailable; answering without it (failOpen)' : 'moderation unavailable', { upstreamStatus });
      return failOpen;
    };

    addChatHook(c, {
      async before(context) {
        if (input === 'off') return;
        const users = [...context.turns.entries()].filter(([, turn]) => turn.role === 'user' && turn.text !== '');
        const checked = input === 'block' ? users : users.slice(-1);
        let verdicts;
        try {
          verdicts = await moderator.moderate(checked.map(([, turn]) => turn.text), c.req.raw.signal);
        } catch (error) {
          if (unavailable(error)) return;
          throw new SitechatError(503, ErrorCode.ModerationUnavailable, PUBLIC_MESSAGES[ErrorCode.ModerationUnavailable], { retryable: true });
        }
        const last = verdicts.at(-1);
        const [, lastTurn] = checked.at(-1) ?? [];
        if (last?.flagged && lastTurn !== undefined) {
          report(context, { direction: 'input', action: input === 'block' ? 'blocked' : 'flagged', categories: last.categories, text: lastTurn.text });
          if (input === 'block') return { answer: refusal, finishReason: 'content-filter' };
        }
        const flagged = new Set(checked.filter((_, index) => verdicts[index]?.flagged).map(([turnIndex]) => turnIndex));
        if (input === 'block' && flagged.size > 0) return { turns: withoutFlagged(context.turns, flagged) };
      },

      wrapEvents: output !== 'block' ? undefined : (events, context) => holdBack(events, context, { moderator, request: c.req.raw, refusal, report, unavailable }),

      async after(outcome, context) {
        if (output !== 'flag' || !outcome.modelCalled || outcome.finishReason === undefined || outcome.text === '') return;
        try {
          const [verdict] = await moderator.moderate([outcome.text]);
          if (verdict?.flagged) report(context, { direction: 'output', action: 'flagged', categories: verdict.categories, text: outcome.text });
        } catch (error) {
          unavailable(error);
        }
      },
    });

    await next();
  };
}

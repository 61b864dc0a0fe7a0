/**
 * How per-request concerns (token budgets, moderation) take part in an answer without the chat route
 * knowing them: a middleware adds a `ChatHook` to the request (`addChatHook(c, hook)`), and the route runs
 * every hook's `before` once the request is valid, wraps the model's events with every `wrapEvents`, and
 * runs every `after` exactly once, however the answer ends (finished, failed, refused, visitor gone).
 */
import type { FinishReason } from '@sitechat/protocol';
import type { Context } from 'hono';
import type { Logger } from '../http/logger.js';
import { estimateMessagesTokens, estimateTextTokens } from '../limits/token-estimate.js';
import { ProviderError, toProviderError } from '../providers/errors.js';
import { eachAlone, eachEvent } from '../providers/event-batches.js';
import type { ModelEvent, ModelEventBatch, ModelMessage } from '../providers/types.js';
import type { ChatTurn } from './request-schema.js';

export interface ChatHookContext {
  /** The conversation id the widget sent (untrusted, like everything in the body). */
  chatId: string | undefined;
  /** The model asked for, `undefined` for the configured one. */
  model: string | undefined;
  /** The visitor's turns; a `before` hook may replace them (e.g. to leave out a flagged turn). */
  turns: ChatTurn[];
  /** What the model is sent: the owner's instructions, then `turns`. Rebuilt when a hook replaces `turns`. */
  messages: ModelMessage[];
}

/** What a `before` hook may decide besides refusing (by throwing a `SitechatError`). */
export type BeforeModel =
  /** Answer with this text instead; the model is never called. */
  | { answer: string; finishReason: FinishReason }
  /** Send the model these turns instead. */
  | { turns: ChatTurn[] };

export interface AnswerUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  /** `true` when counted locally (token-estimate.ts) because the model server sent no usage. */
  estimated: boolean;
}

export interface AnswerOutcome {
  modelCalled: boolean;
  /** The text the visitor received. */
  text: string;
  /** `undefined` when the answer did not finish (a failure, or the visitor left). */
  finishReason: FinishReason | undefined;
  failure: ProviderError | undefined;
  usage: AnswerUsage;
}

export interface ChatHook {
  before?(context: ChatHookContext): Promise<BeforeModel | void> | BeforeModel | void;
  wrapEvents?(events: AsyncIterable<ModelEvent>, context: ChatHookContext): AsyncIterable<ModelEvent>;
  /** Never throws into the route: a failure here is logged. */
  after?(outcome: AnswerOutcome, context: ChatHookContext): Promise<void> | void;
}

export interface ChatHooksVariables {
  chatHooks: ChatHook[] | undefined;
}

/** Add a hook to this request (from a middleware that runs before the chat route). */
export function addChatHook(c: Context, hook: ChatHook): void {
  c.set('chatHooks', [...((c.get('chatHooks') as ChatHook[] | undefined) ?? []), hook]);
}

export interface PreparedAnswer {
  /** The answer in batches (providers/types.ts `ModelEventBatch`). */
  events: AsyncIterator<ModelEventBatch>;
  /** `false` when a hook answered instead of the model (a refusal): such an answer cites no sources. */
  modelCalled: boolean;
  /** Run the `after` hooks; only the first call counts. */
  end(failure?: ProviderError): void;
}

/** What the visitor was sent, as the answer streams past (`tapAnswer`), for the `after` hooks. */
interface SeenAnswer {
  text: string;
  finishReason: FinishReason | undefined;
  usage: Extract<ModelEvent, { type: 'finish' }>['usage'];
  failure: ProviderError | undefined;
}

/**
 * The answer's batches, unchanged, noting in `seen` what went past. A module-level generator on purpose: an
 * `async function*` declared inside a per-request function is a new function each time, and the first call of
 * each gives it its own hidden class in V8's old generation, which points back to the function and so to
 * everything its closure holds. Such a dead hidden class lives until the next full collection, and until then
 * every young-generation collection copies and promotes the whole request it held
 * (docs/decisions/0014-no-per-request-hidden-classes.md).
 */
async function* tapAnswer(source: AsyncIterable<ModelEventBatch>, seen: SeenAnswer): AsyncGenerator<ModelEventBatch> {
  try {
    for await (const batch of source) {
      for (const event of batch) {
        if (event.type === 'text-delta') seen.text += event.text;
        else {
          seen.finishReason = event.finishReason;
          seen.usage = event.usage;
        }
      }
      yield batch;
    }
  } catch (error) {
    seen.failure = toProviderError(error, { started: seen.text !== '' });
    throw error;
  }
}

async function* staticAnswer(text: string, finishReason: FinishReason): AsyncGenerator<ModelEventBatch> {
  yield [{ type: 'text-delta', text }, { type: 'finish', finishReason }];
}

/**
 * Run the `before` hooks and start the answer. When a hook refuses (throws), the hooks that already ran
 * get their `after` with an empty outcome (so that reservations are given back), and the error is rethrown.
 */
export async function prepareAnswer(options: {
  hooks: readonly ChatHook[];
  context: ChatHookContext;
  toMessages: (turns: readonly ChatTurn[]) => ModelMessage[];
  stream: (messages: ModelMessage[]) => AsyncIterable<ModelEventBatch>;
  logger: Logger;
}): Promise<PreparedAnswer> {
  const { hooks, context, logger } = options;
  const ran: ChatHook[] = [];
  const seen: SeenAnswer = { text: '', finishReason: undefined, usage: undefined, failure: undefined };
  let modelCalled = false;
  let ended = false;

  const end = (given?: ProviderError) => {
    if (ended) return;
    ended = true;
    seen.failure ??= given;
    const { text, finishReason, usage: upstreamUsage, failure } = seen;
    // Tokens are billed once the model produced something; a request refused before that costs nothing.
    const billed = modelCalled && (text !== '' || finishReason !== undefined);
    const inputTokens = upstreamUsage?.inputTokens ?? (billed ? estimateMessagesTokens(context.messages) : 0);
    const outputTokens = upstreamUsage?.outputTokens ?? (billed ? estimateTextTokens(text) : 0);
    const usage: AnswerUsage = {
      inputTokens,
      outputTokens,
      totalTokens: upstreamUsage?.totalTokens ?? inputTokens + outputTokens,
      estimated: upstreamUsage?.totalTokens === undefined && billed,
    };
    const outcome: AnswerOutcome = { modelCalled, text, finishReason, failure, usage };
    for (const hook of ran) {
      Promise.resolve()
        .then(() => hook.after?.(outcome, context))
        .catch((error: unknown) => logger.error('chat hook failed after the answer', { name: (error as Error)?.name }));
    }
  };

  let replacement: Extract<BeforeModel, { answer: string }> | undefined;
  try {
    for (const hook of hooks) {
      ran.push(hook);
      const decision = await hook.before?.(context);
      if (decision && 'turns' in decision) {
        context.turns = decision.turns;
        context.messages = options.toMessages(decision.turns);
      } else if (decision && 'answer' in decision) {
        replacement = decision;
        break;
      }
    }
  } catch (error) {
    end();
    throw error;
  }

  modelCalled = replacement === undefined;
  let source: AsyncIterable<ModelEventBatch> =
    replacement === undefined ? options.stream(context.messages) : staticAnswer(replacement.answer, replacement.finishReason);
  // Hooks see one event at a time; with none that wraps (the usual case), batches pass through whole.
  if (ran.some((hook) => hook.wrapEvents !== undefined)) {
    let events: AsyncIterable<ModelEvent> = eachEvent(source);
    for (const hook of ran) if (hook.wrapEvents) events = hook.wrapEvents(events, context);
    source = eachAlone(events);
  }

  return { events: tapAnswer(source, seen), end, modelCalled };
}

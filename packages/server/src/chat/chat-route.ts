import { ErrorCode, UI_MESSAGE_STREAM_HEADERS } from '@sitechat/protocol';
import type { Handler } from 'hono';
import { MODEL_NOT_CONFIGURED_MESSAGE } from '../config/model-help.js';
import type { SitechatConfig } from '../config/schema.js';
import { SitechatError } from '../http/errors.js';
import { errorAnswer } from '../http/on-error.js';
import type { Logger } from '../http/logger.js';
import type { StreamSlotVariables } from '../limits/concurrent-streams/concurrent-streams.js';
import type { JsonBodyVariables } from '../middleware/json-body.js';
import { captureAnswerText } from '../ops/request-stats/capture-text.js';
import { errorCodeOf, type RequestStatsVariables, serverTimingHeader } from '../ops/request-stats/request-stats.js';
import { toProviderError } from '../providers/errors.js';
import { readBatches } from '../providers/event-batches.js';
import type { ModelEventBatch, ModelMessage, ModelProvider } from '../providers/types.js';
import { chooseModel } from '../providers/model-choice.js';
import { groundAnswer } from '../knowledge/ground-answer.js';
import type { Grounding, SitechatKnowledge } from '../knowledge/sitechat-knowledge.js';
import { type ChatHistory, clientHistory } from './chat-history.js';
import { type ChatHooksVariables, type PreparedAnswer, prepareAnswer } from './chat-hooks.js';
import { parsePageContext } from './page-context.js';
import type { ChatTurn } from './request-schema.js';
import { afterRequestsSent, type AnswerHead, answerResponse, entryDefersHead } from './answer-sink.js';
import { createUIMessageAnswer } from './ui-stream.js';
import { upstreamHttpError } from './upstream-failure.js';

export interface ChatHandlerOptions {
  config: Pick<SitechatConfig, 'systemPrompt' | 'limits'> & { model: Pick<SitechatConfig['model'], 'name' | 'allowed'> };
  /** `undefined` when no model is configured. */
  provider: ModelProvider | undefined;
  logger: Logger;
  heartbeatIntervalMs: number;
  generateId: () => string;
  /** Where the conversation the model sees comes from. Default: the browser's copy (`clientHistory`). */
  history?: ChatHistory;
  /** Grounds each answer in the site's own content (knowledge/); without it the model answers from the prompt alone. */
  knowledge?: SitechatKnowledge;
}

/**
 * The owner's instructions first (then the grounding passages, in the same system message: some chat
 * templates accept only one), then the visitor's conversation as plain text turns.
 */
export function toModelMessages(systemPrompt: string, turns: readonly ChatTurn[], grounding?: string): ModelMessage[] {
  const system = [systemPrompt, grounding ?? ''].filter((part) => part !== '').join('\n\n');
  const messages: ModelMessage[] = system === '' ? [] : [{ role: 'system', content: system }];
  // Turns without text (an answer that failed before its first word) would only confuse the model.
  for (const turn of turns) if (turn.text !== '') messages.push({ role: turn.role, content: turn.text });
  return messages;
}

type FirstOutcome = 'ready' | 'slow';

/** Whether the answer can start; if not, the error to answer with (none: the visitor has gone). */
type Opening = { ok: true } | { ok: false; error?: unknown };

/** Wait for the model's first event, but no longer than `ms`: after that the stream starts with heartbeats. */
async function waitForFirst(first: Promise<IteratorResult<ModelEventBatch>>, ms: number): Promise<FirstOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slow = new Promise<FirstOutcome>((resolve) => (timer = setTimeout(() => resolve('slow'), ms)));
  try {
    return await Promise.race([first.then((): FirstOutcome => 'ready'), slow]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `POST /api/chat`: validate, prepend the owner's system prompt, stream the model's answer as a UI message
 * stream. The 200 is committed only when the model's first event arrives (or after one heartbeat interval
 * of waiting), so that a failure before that is a proper JSON error with its status (429 + Retry-After,
 * 502, 504). An entry that writes answers itself (`DEFERRED_HEAD`, the Node entry) gets the response at once
 * and decides the head when the answer can start, so that the middleware does not wait with it; the status,
 * headers and log line are the same. The visitor's disconnect or Stop aborts the upstream request.
 * @example
 * app.post('/api/chat', jsonBody(), chatHandler({ config, provider, logger, heartbeatIntervalMs: 15_000, generateId }));
 */
export function chatHandler(options: ChatHandlerOptions): Handler<{
  Variables: JsonBodyVariables & Partial<RequestStatsVariables> & Partial<ChatHooksVariables> & StreamSlotVariables;
}> {
  const { config, provider, logger, heartbeatIntervalMs } = options;
  const history = options.history ?? clientHistory(config.limits, options.generateId);
  return async (c) => {
    const request = history.parse(c.get('jsonBody'));
    // The page the visitor asked from (untrusted: it only ranks passages).
    const page = parsePageContext(c.get('jsonBody'));
    if (provider === undefined) {
      throw new SitechatError(503, ErrorCode.ModelNotConfigured, MODEL_NOT_CONFIGURED_MESSAGE, { retryable: false });
    }
    // `undefined` for the configured model; 400 model_not_allowed unless the owner listed it in `model.allowed`.
    const model = chooseModel(request.model, config.model);
    const answer = await history.open(c, request);

    const upstream = new AbortController();
    const visitor = c.req.raw.signal;
    const stop = () => upstream.abort();
    if (visitor.aborted) stop();
    visitor.addEventListener('abort', stop, { once: true });
    const release = () => visitor.removeEventListener('abort', stop);
    // The stored history's writes run beside the model request; if they fail, the model request stops.
    answer.ready?.catch(stop);

    // Timings, tokens and outcome for the request log, metrics and Server-Timing (ops/); absent in bare apps.
    const stats = c.get('requestStats');
    if (stats !== undefined) stats.model = model ?? provider.model;
    // The site's own passages for this question (knowledge/): instructions after the owner's, and citations.
    let grounding: Grounding | undefined;
    // Budgets, moderation and other per-request concerns (chat-hooks.ts); any of them may refuse.
    const toMessages = (turns: readonly ChatTurn[]) => toModelMessages(config.systemPrompt, turns, grounding?.system);
    let prepared: PreparedAnswer;
    try {
      grounding = await groundAnswer(options.knowledge, answer.turns, page, upstream.signal);
      prepared = await prepareAnswer({
        hooks: c.get('chatHooks') ?? [],
        context: { chatId: request.chatId, model, turns: answer.turns, messages: toMessages(answer.turns) },
        toMessages,
        stream: (messages) => readBatches(provider, { messages, signal: upstream.signal, ...(model === undefined ? {} : { model }) }),
        logger,
      });
    } catch (error) {
      release();
      // The visitor left while the passages were being looked up: nobody reads this answer.
      if (upstream.signal.aborted && !(error instanceof SitechatError)) {
        await answer.end?.({ status: 'stopped', text: '' });
        // A failed write stops the model request too, and is then the real reason.
        await answer.ready;
        if (stats !== undefined) stats.aborted = true;
        return new Response(null, { status: 499 });
      }
      await answer.end?.({ status: 'error', text: '', errorCode: error instanceof SitechatError ? error.code : ErrorCode.Internal });
      throw error;
    }
    const source = prepared.events;
    const events = stats?.captureText ? captureAnswerText(source, stats, answer.turns) : source;
    if (stats !== undefined) stats.modelCalledAt = performance.now();
    const first = events.next();
    if (stats !== undefined) first.then(() => (stats.firstTokenAt = performance.now()), () => {});
    // The model request leaves before the rest of this handler and the middleware's way back run (answer-sink.ts).
    await afterRequestsSent(c.env);
    // Settles once the answer may start (the model's first event, or a heartbeat interval without one, and the
    // stored history's writes), or with why it cannot, everything before the answer already cleaned up.
    const opening = (async (): Promise<Opening> => {
      try {
        await waitForFirst(first, heartbeatIntervalMs);
      } catch (error) {
        release();
        const failure = toProviderError(error, { signal: upstream.signal, started: false });
        prepared.end(failure);
        await answer.end?.(failure.code === 'abort' ? { status: 'stopped', text: '' } : { status: 'error', text: '', errorCode: failure.code });
        try {
          await answer.ready;
        } catch (writeError) {
          // A failed write is the real reason (it stopped the model): answer with it.
          return { ok: false, error: writeError };
        }
        // The visitor is gone; nobody reads this answer.
        if (failure.code === 'abort') {
          if (stats !== undefined) stats.aborted = true;
          return { ok: false };
        }
        logger.warn('model request failed', { code: failure.code, upstreamStatus: failure.upstreamStatus, model: provider.model });
        return { ok: false, error: upstreamHttpError(failure) };
      }
      try {
        await answer.ready;
      } catch (error) {
        release();
        stop();
        events.return?.().catch(() => {});
        prepared.end();
        return { ok: false, error };
      }
      return { ok: true };
    })();
    // The 200 is committed only once the answer can start: here, unless the entry decides the head itself.
    const deferred = entryDefersHead(c.env);
    if (!deferred) {
      const opened = await opening;
      if (!opened.ok) {
        if (!('error' in opened)) return new Response(null, { status: 499 });
        throw opened.error;
      }
    }

    // The request ends, and its stream slots are given back, when the stream closes, not when this handler returns.
    const ended = stats?.hold();
    const releaseSlots = c.get('claimStreamSlots')?.();
    let outcome: 'finished' | 'failed' | undefined;
    const streamed = createUIMessageAnswer({
      messageId: answer.messageId,
      messageMetadata: answer.messageMetadata,
      ...(grounding === undefined || !prepared.modelCalled ? {} : { sources: grounding.sources }),
      onEnd: answer.end,
      events,
      first,
      heartbeatIntervalMs,
      abort: stop,
      onClose: () => {
        release();
        prepared.end();
        if (stats !== undefined && outcome === undefined) stats.aborted = true;
        releaseSlots?.();
        ended?.();
      },
      // The request log line carries the outcome and the token counts (ops/access-log).
      onFinish: ({ finishReason, usage }) => {
        outcome = 'finished';
        if (stats === undefined) return;
        stats.finishReason = finishReason;
        if (usage?.inputTokens !== undefined) stats.inputTokens = usage.inputTokens;
        if (usage?.outputTokens !== undefined) stats.outputTokens = usage.outputTokens;
      },
      onFailure: (failure) => {
        outcome = 'failed';
        if (stats !== undefined) stats.errorCode = failure.code;
        logger.warn('answer interrupted', { code: failure.code, upstreamStatus: failure.upstreamStatus, model: provider.model });
      },
    });
    if (deferred) {
      // The entry asks for the head once the middleware has decorated this response (node-answer.ts).
      let opened = false;
      let cancelled = false;
      const head = async (): Promise<AnswerHead> => {
        // (`answer.end` must not reject; if it did, the error boundary's 500 is the answer.)
        const result = await opening.catch((error: unknown): Opening => ({ ok: false, error }));
        if (result.ok) {
          opened = true;
          // The visitor left just as the answer could start.
          if (cancelled) {
            streamed.cancel();
            return { start: false };
          }
          return stats === undefined ? { start: true } : { start: true, serverTiming: serverTimingHeader(stats, performance.now()) };
        }
        // The answer never starts: what its close would have done, and the status and code the error boundary's
        // answer carries (the middleware saw a 200 in the making).
        const response = 'error' in result ? errorAnswer(result.error, logger) : undefined;
        if (stats !== undefined) {
          stats.status = response?.status ?? 499;
          stats.errorCode = 'error' in result ? errorCodeOf(result.error, stats.status) : undefined;
        }
        releaseSlots?.();
        ended?.();
        return response === undefined ? { start: false } : { start: false, response };
      };
      const cancel = () => {
        // Before the head, stopping the model is enough: its abort then ends the request in head().
        if (opened) streamed.cancel();
        else {
          cancelled = true;
          stop();
        }
      };
      return answerResponse({ start: (sink) => streamed.start(sink), cancel, head }, { headers: UI_MESSAGE_STREAM_HEADERS });
    }
    // On Node the entry writes it straight to the connection (node-answer.ts); elsewhere it is a web stream.
    return answerResponse(streamed, { headers: UI_MESSAGE_STREAM_HEADERS });
  };
}

import { ErrorCode, UI_MESSAGE_STREAM_HEADERS } from '@sitechat/protocol';
import type { Handler } from 'hono';
import { MODEL_NOT_CONFIGURED_MESSAGE } from '../config/model-help.js';
import type { SitechatConfig } from '../config/schema.js';
import { SitechatError } from '../http/errors.js';
import type { Logger } from '../http/logger.js';
import type { JsonBodyVariables } from '../middleware/json-body.js';
import { toProviderError } from '../providers/errors.js';
import type { ModelEvent, ModelMessage, ModelProvider } from '../providers/types.js';
import { type ChatTurn, parseChatRequest } from './request-schema.js';
import { createUIMessageStream } from './ui-stream.js';
import { upstreamHttpError } from './upstream-failure.js';

export interface ChatHandlerOptions {
  config: Pick<SitechatConfig, 'systemPrompt' | 'limits'>;
  /** `undefined` when no model is configured. */
  provider: ModelProvider | undefined;
  logger: Logger;
  heartbeatIntervalMs: number;
  generateId: () => string;
}

/** The owner's instructions first, then the visitor's conversation as plain text turns. */
export function toModelMessages(systemPrompt: string, turns: readonly ChatTurn[]): ModelMessage[] {
  const messages: ModelMessage[] = systemPrompt === '' ? [] : [{ role: 'system', content: systemPrompt }];
  // Turns without text (an answer that failed before its first word) would only confuse the model.
  for (const turn of turns) if (turn.text !== '') messages.push({ role: turn.role, content: turn.text });
  return messages;
}

type FirstOutcome = 'ready' | 'slow';

/** Wait for the model's first event, but no longer than `ms`: after that the stream starts with heartbeats. */
async function waitForFirst(first: Promise<IteratorResult<ModelEvent>>, ms: number): Promise<FirstOutcome> {
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
 * 502, 504). The visitor's disconnect or Stop aborts the upstream request.
 * @example
 * app.post('/api/chat', jsonBody(), chatHandler({ config, provider, logger, heartbeatIntervalMs: 15_000, generateId }));
 */
export function chatHandler(options: ChatHandlerOptions): Handler<{ Variables: JsonBodyVariables }> {
  const { config, provider, logger, heartbeatIntervalMs } = options;
  return async (c) => {
    const request = parseChatRequest(c.get('jsonBody'), config.limits);
    if (provider === undefined) {
      throw new SitechatError(503, ErrorCode.ModelNotConfigured, MODEL_NOT_CONFIGURED_MESSAGE, { retryable: false });
    }

    const upstream = new AbortController();
    const visitor = c.req.raw.signal;
    const stop = () => upstream.abort();
    if (visitor.aborted) stop();
    visitor.addEventListener('abort', stop, { once: true });
    const release = () => visitor.removeEventListener('abort', stop);

    const startedAt = Date.now();
    const events = provider.stream({ messages: toModelMessages(config.systemPrompt, request.turns), signal: upstream.signal })[
      Symbol.asyncIterator
    ]();
    const first = events.next();
    try {
      await waitForFirst(first, heartbeatIntervalMs);
    } catch (error) {
      release();
      const failure = toProviderError(error, { signal: upstream.signal, started: false });
      // The visitor is gone; nobody reads this answer.
      if (failure.code === 'abort') return new Response(null, { status: 499 });
      logger.warn('model request failed', { code: failure.code, upstreamStatus: failure.upstreamStatus, model: provider.model });
      throw upstreamHttpError(failure);
    }

    const body = createUIMessageStream({
      messageId: options.generateId(),
      events,
      first,
      heartbeatIntervalMs,
      abort: stop,
      onClose: release,
      onFinish: ({ finishReason, usage }) =>
        logger.info('answer finished', { model: provider.model, finishReason, ms: Date.now() - startedAt, ...usage }),
      onFailure: (failure) =>
        logger.warn('answer interrupted', { code: failure.code, upstreamStatus: failure.upstreamStatus, model: provider.model }),
    });
    return new Response(body, { headers: UI_MESSAGE_STREAM_HEADERS });
  };
}

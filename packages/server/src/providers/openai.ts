import type { FinishReason } from '@sitechat/protocol';
import { ErrorCode } from '@sitechat/protocol';
import OpenAI from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { OPENAI_BASE_URL } from '../config/defaults.js';
import { ProviderError, toProviderError } from './errors.js';
import type { ModelEvent, ModelProvider, ModelStreamRequest, ModelUsage } from './types.js';

export interface OpenAIProviderOptions {
  /** Without a key (a local server) a placeholder is sent, because the client requires one. */
  apiKey?: string | undefined;
  /** Default: OpenAI's API. */
  baseURL?: string | undefined;
  model: string;
  /** Unset: the model's default. */
  temperature?: number | undefined;
  maxOutputTokens: number;
  /** Limit for the model to start answering, and for the silence between two pieces of an answer. */
  timeoutMs: number;
  maxRetries: number;
  /** A fetch implementation (tests, other runtimes). Default: the global fetch. */
  fetch?: typeof fetch;
}

/** Sent to keyless local servers (Ollama, llama.cpp, ...), which ignore it. */
export const NO_KEY_PLACEHOLDER = 'sitechat-no-key';

const FINISH_REASONS: Record<string, FinishReason> = {
  stop: 'stop',
  length: 'length',
  content_filter: 'content-filter',
  tool_calls: 'tool-calls',
  function_call: 'tool-calls',
};

/**
 * OpenAI's own API takes `max_completion_tokens` (and reasoning models refuse `max_tokens`); the
 * OpenAI-compatible servers (Ollama, llama.cpp, older vLLM) know only `max_tokens`.
 */
function isOpenAI(baseURL: string): boolean {
  return new URL(baseURL).hostname === 'api.openai.com';
}

/**
 * A provider for OpenAI's API or any OpenAI-compatible server, through the official `openai` client.
 * Everything it sends comes from the server's configuration; nothing comes from the visitor but the turns.
 * @example
 * const provider = createOpenAIProvider({ apiKey, model: 'gpt-4o-mini', maxOutputTokens: 1024, timeoutMs: 60_000, maxRetries: 0 });
 * for await (const event of provider.stream({ messages, signal })) console.log(event);
 */
export function createOpenAIProvider(options: OpenAIProviderOptions): ModelProvider {
  const baseURL = options.baseURL ?? OPENAI_BASE_URL;
  const client = new OpenAI({
    apiKey: options.apiKey ?? NO_KEY_PLACEHOLDER,
    baseURL,
    // Explicit nulls: the client would otherwise read OPENAI_ORG_ID and friends from the environment.
    organization: null,
    project: null,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
    // The SDK's own logging could print upstream error text; our logger records codes only.
    logLevel: 'off',
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const tokenLimit = isOpenAI(baseURL)
    ? { max_completion_tokens: options.maxOutputTokens }
    : { max_tokens: options.maxOutputTokens };

  async function* stream({ messages, signal }: ModelStreamRequest): AsyncGenerator<ModelEvent> {
    const body: ChatCompletionCreateParamsStreaming = {
      model: options.model,
      messages,
      stream: true,
      stream_options: { include_usage: true },
      ...tokenLimit,
      ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
    };
    // The client's timeout ends when the headers arrive; this one watches the silence after that.
    const idle = new AbortController();
    const requestSignal = AbortSignal.any([signal, idle.signal]);
    let completions: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>;
    try {
      completions = await client.chat.completions.create(body, { signal: requestSignal });
    } catch (error) {
      throw toProviderError(error, { signal, started: false });
    }
    let idleTimedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const watch = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        idleTimedOut = true;
        idle.abort();
      }, options.timeoutMs);
    };
    let finishReason: FinishReason | undefined;
    let usage: ModelUsage | undefined;
    try {
      watch();
      for await (const chunk of completions) {
        watch();
        if (chunk.usage) {
          usage = {
            inputTokens: chunk.usage.prompt_tokens,
            outputTokens: chunk.usage.completion_tokens,
            totalTokens: chunk.usage.total_tokens,
          };
        }
        // Azure sends a first chunk with empty `choices`; the usage chunk has none either.
        const choice = chunk.choices[0];
        if (!choice) continue;
        const text = choice.delta?.content || choice.delta?.refusal;
        if (text) yield { type: 'text-delta', text };
        if (choice.finish_reason) finishReason = FINISH_REASONS[choice.finish_reason] ?? 'other';
      }
    } catch (error) {
      if (idleTimedOut && !signal.aborted) throw new ProviderError(ErrorCode.UpstreamTimeout, { retryable: true });
      throw toProviderError(error, { signal, started: true });
    } finally {
      clearTimeout(timer);
    }
    // The SDK ends the iteration quietly when its request is aborted, so an early end is checked here.
    if (signal.aborted) throw new ProviderError('abort', { retryable: false });
    if (idleTimedOut) throw new ProviderError(ErrorCode.UpstreamTimeout, { retryable: true });
    if (finishReason === undefined) throw new ProviderError(ErrorCode.StreamInterrupted, { retryable: true });
    yield usage === undefined ? { type: 'finish', finishReason } : { type: 'finish', finishReason, usage };
  }

  return { name: 'openai', model: options.model, stream };
}

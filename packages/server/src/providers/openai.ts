import type { FinishReason } from '@sitechat/protocol';
import { ErrorCode } from '@sitechat/protocol';
import OpenAI, { APIError, AzureOpenAI } from 'openai';
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
  /**
   * Azure OpenAI, through the SDK's `AzureOpenAI` client (`api-key` header, `api-version` query). The
   * deployment defaults to `model`; a model from `model.allowed` names another deployment.
   */
  azure?: { endpoint: string; apiVersion: string; deployment?: string | undefined } | undefined;
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

function createClient(options: OpenAIProviderOptions, baseURL: string): OpenAI {
  const shared = {
    // Explicit nulls: the client would otherwise read OPENAI_ORG_ID and friends from the environment.
    organization: null,
    project: null,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
    // The SDK's own logging could print upstream error text; our logger records codes only.
    logLevel: 'off' as const,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  };
  if (options.azure === undefined) return new OpenAI({ ...shared, apiKey: options.apiKey ?? NO_KEY_PLACEHOLDER, baseURL });
  // A base URL rather than `endpoint`, so that the client reads no AZURE_OPENAI_* / OPENAI_BASE_URL variable.
  return new AzureOpenAI({ ...shared, apiKey: options.apiKey ?? NO_KEY_PLACEHOLDER, baseURL, apiVersion: options.azure.apiVersion });
}

/**
 * A provider for OpenAI's API, Azure OpenAI, or any OpenAI-compatible server, through the official `openai`
 * client. Everything it sends comes from the server's configuration; nothing comes from the visitor but the
 * turns (and a model name the route has checked against `model.allowed`).
 *
 * A server that rejects `stream_options` (some OpenAI-compatible servers answer 400) is asked once more
 * without it; after that success it is never sent `stream_options` again, and its answers carry no usage
 * (the chat route then counts tokens locally).
 * @example
 * const provider = createOpenAIProvider({ apiKey, model: 'gpt-4o-mini', maxOutputTokens: 1024, timeoutMs: 60_000, maxRetries: 0 });
 * for await (const event of provider.stream({ messages, signal })) console.log(event);
 */
export function createOpenAIProvider(options: OpenAIProviderOptions): ModelProvider {
  const baseURL = options.azure === undefined ? (options.baseURL ?? OPENAI_BASE_URL) : `${options.azure.endpoint.replace(/\/+$/, '')}/openai`;
  const client = createClient(options, baseURL);
  const tokenLimit = isOpenAI(baseURL)
    ? { max_completion_tokens: options.maxOutputTokens }
    : { max_tokens: options.maxOutputTokens };
  // OpenAI and Azure support stream_options; other servers are given one chance to refuse it.
  const mayRefuseStreamOptions = !isOpenAI(baseURL) && options.azure === undefined;
  let sendStreamOptions = true;

  async function* stream({ messages, signal, model }: ModelStreamRequest): AsyncGenerator<ModelEvent> {
    const body: ChatCompletionCreateParamsStreaming = {
      // For Azure the SDK turns the model into the deployment path (/openai/deployments/{model}/...).
      model: model ?? options.azure?.deployment ?? options.model,
      messages,
      stream: true,
      ...(sendStreamOptions ? { stream_options: { include_usage: true } } : {}),
      ...tokenLimit,
      ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
    };
    // The client's timeout ends when the headers arrive; this one watches the silence after that.
    const idle = new AbortController();
    const requestSignal = AbortSignal.any([signal, idle.signal]);
    let completions: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>;
    try {
      try {
        completions = await client.chat.completions.create(body, { signal: requestSignal });
      } catch (error) {
        if (!(mayRefuseStreamOptions && body.stream_options && error instanceof APIError && error.status === 400)) throw error;
        const { stream_options: _refused, ...without } = body;
        completions = await client.chat.completions.create(without, { signal: requestSignal });
        sendStreamOptions = false;
      }
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

  return { name: options.azure === undefined ? 'openai' : 'azure', model: options.model, stream };
}

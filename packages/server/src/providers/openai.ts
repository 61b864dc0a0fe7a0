import { ErrorCode, SSEDecoder } from '@sitechat/protocol';
import OpenAI, { APIError, AzureOpenAI } from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { OPENAI_BASE_URL } from '../config/defaults.js';
import { ChatCompletionEvents } from './chat-completion-events.js';
import { chatCompletionsRequest, type SendChatCompletion } from './chat-completions-request.js';
import { ProviderError, toProviderError } from './errors.js';
import { eachEvent } from './event-batches.js';
import { fetchTransport, type ModelAnswerBody, type ModelTransport, webAnswerBody } from './model-transport.js';
import type { ModelEvent, ModelEventBatch, ModelProvider, ModelStreamRequest } from './types.js';

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
  /** The `openai` client's own retries before the headers. 0 (what the server uses: retry.ts retries) sends the request with one `fetch`. */
  maxRetries: number;
  /** A fetch implementation (tests, other runtimes). Default: the global fetch. */
  fetch?: typeof fetch;
  /**
   * How the request travels, for a server other than Azure (model-transport.ts). Default: `fetch` (the option
   * above, or the global one). The Node entry point passes `nodeModelTransport()`.
   */
  transport?: ModelTransport;
  /**
   * Azure OpenAI, through the SDK's `AzureOpenAI` client (`api-key` header, `api-version` query). The
   * deployment defaults to `model`; a model from `model.allowed` names another deployment.
   */
  azure?: { endpoint: string; apiVersion: string; deployment?: string | undefined } | undefined;
}

/** Sent to keyless local servers (Ollama, llama.cpp, ...), which ignore it. */
export const NO_KEY_PLACEHOLDER = 'sitechat-no-key';

/**
 * OpenAI's own API takes `max_completion_tokens` (and reasoning models refuse `max_tokens`); the
 * OpenAI-compatible servers (Ollama, llama.cpp, older vLLM) know only `max_tokens`.
 */
function isOpenAI(baseURL: string): boolean {
  return new URL(baseURL).hostname === 'api.openai.com';
}

/**
 * How the request is sent. With no retries of the SDK's own (the server's providers retry in retry.ts), a
 * server other than Azure gets one `fetch` that fails with the SDK's error classes
 * (chat-completions-request.ts). Azure, and a caller that asks for the SDK's retries, go through the `openai`
 * client: Azure's deployment URL, `api-key` header and `api-version` are its work.
 */
function createSender(options: OpenAIProviderOptions, baseURL: string): SendChatCompletion {
  const apiKey = options.apiKey ?? NO_KEY_PLACEHOLDER;
  const customFetch = options.fetch === undefined ? {} : { fetch: options.fetch };
  if (options.azure === undefined && options.maxRetries === 0) {
    return chatCompletionsRequest({ baseURL, apiKey, timeoutMs: options.timeoutMs, transport: options.transport ?? fetchTransport(options.fetch) });
  }
  const shared = {
    // Explicit nulls: the client would otherwise read OPENAI_ORG_ID and friends from the environment.
    organization: null,
    project: null,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
    // The SDK's own logging could print upstream error text; our logger records codes only.
    logLevel: 'off' as const,
    ...customFetch,
    apiKey,
    baseURL,
  };
  // A base URL rather than `endpoint`, so that the client reads no AZURE_OPENAI_* / OPENAI_BASE_URL variable.
  const client = options.azure === undefined ? new OpenAI(shared) : new AzureOpenAI({ ...shared, apiVersion: options.azure.apiVersion });
  return async (body, signal) => webAnswerBody((await client.chat.completions.create(body, { signal }).asResponse()).body);
}

/**
 * A provider for OpenAI's API, Azure OpenAI, or any OpenAI-compatible server. The request goes out with one
 * `fetch`, or through the official `openai` client for Azure (createSender); either way its failures are the
 * client's error classes, and the timeout covers the wait for the headers. The answer's body is read here, a network read at a time, and each read's events are
 * parsed together (chat-completion-events.ts; docs/decisions/0008-upstream-stream-parsing.md). Everything
 * it sends comes from the server's configuration; nothing comes from the visitor but the turns (and a model
 * name the route has checked against `model.allowed`).
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
  const sendRequest = createSender(options, baseURL);
  const tokenLimit = isOpenAI(baseURL)
    ? { max_completion_tokens: options.maxOutputTokens }
    : { max_tokens: options.maxOutputTokens };
  // OpenAI and Azure support stream_options; other servers are given one chance to refuse it.
  const mayRefuseStreamOptions = !isOpenAI(baseURL) && options.azure === undefined;
  let sendStreamOptions = true;
  // OpenAI pads every chunk with a random `obfuscation` field unless asked not to: it costs bandwidth, and chunks
  // that differ in more than their text cannot be read without JSON.parse (delta-template.ts). The padding
  // guards against an observer of the encrypted link measuring token lengths; the link here is server to
  // server, not the visitor's (whose stream Sitechat re-encodes anyway).
  const streamOptions = isOpenAI(baseURL) ? { include_usage: true, include_obfuscation: false } : { include_usage: true };

  /** The answer's body, once its headers have arrived; an error status is thrown as the SDK's error. */
  async function send({ messages, model }: ModelStreamRequest, signal: AbortSignal): Promise<ModelAnswerBody> {
    const body: ChatCompletionCreateParamsStreaming = {
      // For Azure the SDK turns the model into the deployment path (/openai/deployments/{model}/...).
      model: model ?? options.azure?.deployment ?? options.model,
      messages,
      stream: true,
      ...(sendStreamOptions ? { stream_options: streamOptions } : {}),
      ...tokenLimit,
      ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
    };
    try {
      return await sendRequest(body, signal);
    } catch (error) {
      if (!(mayRefuseStreamOptions && body.stream_options && error instanceof APIError && error.status === 400)) throw error;
      const { stream_options: _refused, ...without } = body;
      const response = await sendRequest(without, signal);
      sendStreamOptions = false;
      return response;
    }
  }

  async function* streamBatches(request: ModelStreamRequest): AsyncGenerator<ModelEventBatch> {
    const { signal } = request;
    // Aborted by the visitor's signal or by the silence timer: ends the request and its body.
    const upstream = new AbortController();
    const forwardAbort = () => upstream.abort();
    signal.addEventListener('abort', forwardAbort, { once: true });
    if (signal.aborted) upstream.abort();
    try {
      let body: ModelAnswerBody;
      try {
        body = await send(request, upstream.signal);
      } catch (error) {
        throw toProviderError(error, { signal, started: false });
      }
      yield* readAnswer(body, upstream, signal);
    } finally {
      signal.removeEventListener('abort', forwardAbort);
    }
  }

  /**
   * Every read's events as one batch. The client's timeout ends when the headers arrive; this one watches
   * the silence after that, reset once per read (not per event).
   */
  async function* readAnswer(body: ModelAnswerBody, upstream: AbortController, signal: AbortSignal): AsyncGenerator<ModelEventBatch> {
    const decoder = new SSEDecoder();
    const answer = new ChatCompletionEvents();
    let idleTimedOut = false;
    const onSilence = () => {
      idleTimedOut = true;
      upstream.abort();
    };
    let timer = setTimeout(onSilence, options.timeoutMs);
    let ended = false;
    try {
      for (;;) {
        let bytes: Uint8Array | undefined;
        try {
          bytes = await body.read();
        } catch (error) {
          if (signal.aborted) throw new ProviderError('abort', { retryable: false });
          if (idleTimedOut) throw new ProviderError(ErrorCode.UpstreamTimeout, { retryable: true });
          throw toProviderError(error, { signal, started: true });
        }
        clearTimeout(timer);
        ended = bytes === undefined;
        const batch = bytes === undefined ? answer.read(decoder.end()) : answer.readText(decoder.decode(bytes), decoder);
        if (answer.failure) {
          if (batch.length > 0) yield batch;
          throw answer.failure;
        }
        if (answer.done || ended) {
          batch.push(answer.finish());
          yield batch;
          return;
        }
        timer = setTimeout(onSilence, options.timeoutMs);
        if (batch.length > 0) yield batch;
      }
    } finally {
      clearTimeout(timer);
      // Unless the body has ended: after `[DONE]` its rest is read; after a failure or an early stop, the
      // request is cancelled.
      if (!ended) {
        if (answer.done) void drain(body, onSilence);
        else body.cancel();
      }
    }
  }

  /**
   * Reads what follows `[DONE]` (normally only the body's end), so that the connection goes back to the pool;
   * cancelling instead, as the SDK does, would close it. Bounded by the silence timer.
   */
  async function drain(body: ModelAnswerBody, onSilence: () => void): Promise<void> {
    const timer = setTimeout(onSilence, options.timeoutMs);
    try {
      await body.release();
    } finally {
      clearTimeout(timer);
    }
  }

  const stream = (request: ModelStreamRequest): AsyncIterable<ModelEvent> => eachEvent(streamBatches(request));
  return { name: options.azure === undefined ? 'openai' : 'azure', model: options.model, stream, streamBatches };
}

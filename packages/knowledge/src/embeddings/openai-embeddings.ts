import type { EmbedFunction } from './embed-function.js';

/**
 * The part of an OpenAI client this adapter uses. The `openai` package's `OpenAI` instance fits
 * it, and so does any OpenAI-compatible client (Ollama, vLLM, LM Studio, Azure through `openai`),
 * without this package depending on the SDK.
 */
export interface EmbeddingsClient {
  embeddings: {
    create(
      body: { model: string; input: string[]; encoding_format?: 'float'; dimensions?: number },
      options?: { signal?: AbortSignal },
    ): PromiseLike<{ data: Array<{ embedding: number[]; index: number }> }>;
  };
}

export interface OpenAIEmbeddingsOptions {
  /** e.g. 'text-embedding-3-small'. */
  model: string;
  /** Shorter vectors, for models that support it (text-embedding-3-*). */
  dimensions?: number;
  /** Inputs per request. Default 64. */
  batchSize?: number;
}

/**
 * An `EmbedFunction` backed by `POST /v1/embeddings`.
 *
 * @example
 * import OpenAI from 'openai';
 * const embeddings = openAIEmbeddings(new OpenAI({ apiKey }), { model: 'text-embedding-3-small' });
 */
export function openAIEmbeddings(client: EmbeddingsClient, options: OpenAIEmbeddingsOptions): EmbedFunction {
  const batchSize = options.batchSize ?? 64;
  const embed = async (texts: string[], callOptions: { signal?: AbortSignal } = {}) => {
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += batchSize) {
      const input = texts.slice(start, start + batchSize);
      // 'float' explicitly: the SDK otherwise asks for base64, which not every compatible server speaks.
      const body = { model: options.model, input, encoding_format: 'float' as const, ...(options.dimensions ? { dimensions: options.dimensions } : {}) };
      const response = await client.embeddings.create(body, callOptions.signal ? { signal: callOptions.signal } : undefined);
      const ordered = [...response.data].sort((a, b) => a.index - b.index);
      if (ordered.length !== input.length) throw new Error(`Embeddings: asked for ${input.length} vectors, got ${ordered.length}`);
      vectors.push(...ordered.map((item) => item.embedding));
    }
    return vectors;
  };
  return Object.assign(embed, { model: `${options.model}${options.dimensions ? `@${options.dimensions}` : ''}` });
}

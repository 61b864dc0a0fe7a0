/**
 * A minimal client for an OpenAI-compatible `POST /embeddings`, in the shape `openAIEmbeddings` from
 * `@sitechat/knowledge` takes. Not the OpenAI SDK: only providers/ may know it (boundaries.test.ts), and this
 * is one JSON POST. Errors carry the status only, never the server's text or the key.
 */

/** The embeddings part of an OpenAI client, as `@sitechat/knowledge`'s `EmbeddingsClient` describes it. */
export interface EmbeddingsHttpClient {
  embeddings: {
    create(
      body: { model: string; input: string[]; encoding_format?: 'float'; dimensions?: number },
      options?: { signal?: AbortSignal },
    ): Promise<{ data: Array<{ embedding: number[]; index: number }> }>;
  };
}

export interface EmbeddingsClientOptions {
  /** e.g. `https://api.openai.com/v1` or `http://localhost:11434/v1`. */
  baseURL: string;
  apiKey?: string;
  /** Per request. Default 30 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** An embeddings request failed; `status` is the HTTP status, absent when the server could not be reached. */
export class EmbeddingsError extends Error {
  override readonly name = 'EmbeddingsError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * @example
 * const embeddings = openAIEmbeddings(embeddingsClient({ baseURL, apiKey }), { model: 'text-embedding-3-small' });
 */
export function embeddingsClient(options: EmbeddingsClientOptions): EmbeddingsHttpClient {
  const endpoint = `${options.baseURL.replace(/\/+$/, '')}/embeddings`;
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    embeddings: {
      async create(body, callOptions = {}) {
        const signals = [AbortSignal.timeout(timeoutMs), ...(callOptions.signal ? [callOptions.signal] : [])];
        let response: Response;
        try {
          response = await fetchImpl(endpoint, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
            body: JSON.stringify(body),
            signal: AbortSignal.any(signals),
          });
        } catch (error) {
          callOptions.signal?.throwIfAborted();
          throw new EmbeddingsError(`Embeddings: the server could not be reached (${(error as Error).name})`);
        }
        if (!response.ok) {
          await response.body?.cancel();
          throw new EmbeddingsError(`Embeddings: the server answered ${response.status}`, response.status);
        }
        const json = (await response.json()) as { data?: unknown };
        if (!Array.isArray(json.data)) throw new EmbeddingsError('Embeddings: the answer has no data');
        return json as { data: Array<{ embedding: number[]; index: number }> };
      },
    },
  };
}

/**
 * The provider contract, written to match the server's `ModelProvider` (packages/server/src/providers/
 * types.ts) structurally, so the server can use a local provider without this package importing the
 * server (dependencies point one way). The local provider only ever finishes with `stop` or `length`.
 */

export interface ModelMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ModelUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
}

export type LocalFinishReason = 'stop' | 'length' | 'error' | 'other';

export type ModelEvent =
  | { type: 'text-delta'; text: string }
  | { type: 'finish'; finishReason: LocalFinishReason; usage?: ModelUsage };

export interface ModelStreamRequest {
  messages: ModelMessage[];
  /** Aborting it stops generation within a token or two and frees the model for the next visitor. */
  signal: AbortSignal;
  /** Overrides the provider's `maxOutputTokens` for this answer. */
  maxTokens?: number;
  /** Overrides the provider's `temperature` for this answer. */
  temperature?: number;
}

export interface ModelProvider {
  readonly name: string;
  readonly model: string;
  stream(request: ModelStreamRequest): AsyncIterable<ModelEvent>;
}

/** Where the model file comes from: a file on disk, or a reference downloaded once into the cache. */
export type LocalModelSource =
  | { path: string }
  | {
      /** `hf:<owner>/<repo>/<file>.gguf` (optionally `hf:<owner>/<repo>@<revision>/<file>.gguf`) or an https URL. */
      url: string;
      /** Expected SHA-256 of the file (hex); a download that does not match is deleted and refused. */
      sha256?: string;
      /** Expected size in bytes; a server offering another size is refused before downloading. */
      sizeBytes?: number;
    };

/** Reported while a model file downloads; `receivedBytes` counts the resumed part too. */
export interface DownloadProgress {
  receivedBytes: number;
  /** Unknown when the server sends no length. */
  totalBytes: number | undefined;
  /** Bytes already on disk from an earlier, interrupted download. */
  resumedFromBytes: number;
}

/** What the loaded model turned out to be, for logs and the CLI's startup line. */
export interface LocalModelInfo {
  /** The GGUF file in use. */
  path: string;
  /** `general.name` from the GGUF metadata, else the file name. */
  name: string;
  /** The chat wrapper node-llama-cpp resolved: `JinjaTemplate` (the model's own), `ChatML`, `Qwen`, ... */
  chatWrapper: string;
  /** Whether the GGUF carries a chat template (`tokenizer.chat_template`). */
  hasChatTemplate: boolean;
  /** Tokens each context sequence holds (prompt plus answer). */
  contextSize: number;
  /** Context sequences, that is answers generated at once. */
  concurrency: number;
  /** `cuda`, `vulkan`, `metal`, or `false` for the CPU. */
  gpu: string | false;
  /** CPU threads evaluating the model. */
  threads: number;
  /** Milliseconds the load took (download excluded). */
  loadMs: number;
}

/** The rendered prompt of one request, for debugging a model's chat template. */
export interface RenderedPrompt {
  text: string;
  tokens: number;
}

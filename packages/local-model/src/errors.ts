/**
 * Expected failures of the local model, each with a stable code and a `retryable` flag so the server can
 * map them in one place (busy -> 503 with Retry-After, unavailable -> a startup error that says how to
 * configure a model). Codes never change meaning; messages may be reworded.
 */
export const LocalModelErrorCode = {
  /** Every context sequence is generating and the wait queue is full. Retry shortly. */
  Busy: 'model_busy',
  /** No model can be had: node-llama-cpp is missing, or the model file cannot be found or downloaded. */
  Unavailable: 'model_unavailable',
  /** The download failed part-way (connection cut, server error); running again resumes it. */
  DownloadFailed: 'model_download_failed',
  /** The downloaded file is not the expected one (sha256 or size); it was deleted. */
  ChecksumMismatch: 'model_checksum_mismatch',
  /** llama.cpp could not load the file (not a GGUF, unsupported architecture, not enough memory). */
  LoadFailed: 'model_load_failed',
  /** Generation failed in llama.cpp (out of memory, a broken model). */
  GenerationFailed: 'model_generation_failed',
  /** The provider was used after `close()`. */
  Closed: 'model_closed',
} as const;

export type LocalModelErrorCode = (typeof LocalModelErrorCode)[keyof typeof LocalModelErrorCode];

export class LocalModelError extends Error {
  override readonly name: string = 'LocalModelError';
  readonly code: LocalModelErrorCode;
  readonly retryable: boolean;

  constructor(code: LocalModelErrorCode, message: string, options?: ErrorOptions & { retryable?: boolean }) {
    super(message, options);
    this.code = code;
    this.retryable = options?.retryable ?? (code === LocalModelErrorCode.Busy || code === LocalModelErrorCode.DownloadFailed);
  }
}

/** More visitors asked at once than the model serves plus the queue holds. */
export class LocalModelBusyError extends LocalModelError {
  override readonly name = 'LocalModelBusyError';
  /** Requests generating when this one was refused. */
  readonly active: number;
  /** Requests waiting when this one was refused (the queue was full). */
  readonly queued: number;

  constructor(active: number, queued: number) {
    super(
      LocalModelErrorCode.Busy,
      `The local model is busy: ${active} answer(s) generating and ${queued} waiting, the most it queues. Try again shortly, ` +
        'or raise the concurrency / queue size if the machine has room.',
      { retryable: true },
    );
    this.active = active;
    this.queued = queued;
  }
}

/**
 * The three ways to give Sitechat a model, for errors that end with "so configure one". Kept in one place so
 * that every message lists the same options.
 */
export const CONFIGURE_A_MODEL =
  'Configure a model in one of three ways:\n' +
  '  1. OPENAI_API_KEY=sk-...                      use OpenAI\n' +
  '  2. OPENAI_BASE_URL=http://127.0.0.1:11434/v1  any OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio)\n' +
  '  3. SITECHAT_MODEL_PATH=/path/to/model.gguf    a local GGUF file run inside the server';

export function isLocalModelError(error: unknown, code?: LocalModelErrorCode): error is LocalModelError {
  return error instanceof LocalModelError && (code === undefined || error.code === code);
}

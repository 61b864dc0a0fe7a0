/**
 * The `localModel` section of the configuration: a GGUF model the server runs itself (docs/local-model.md).
 * Web-standard like the rest of the schema; only the Node entry point acts on it (providers/local-start.ts).
 * Every field has an environment variable (config/load.ts), named after @sitechat/local-model's own.
 */
import { z } from 'zod';

/** The local model's defaults, spelled out in one place (the same as @sitechat/local-model's). */
export const LOCAL_MODEL_DEFAULTS = {
  /** Answers generated at once. On a CPU more mostly share the same cores; a GPU may take 2-4. */
  concurrency: 1,
  /** Requests that wait for the model; one more is answered 503 `model_busy` with `Retry-After`. */
  maxQueue: 16,
  /** Tokens per conversation (prompt and answer), lowered to what the model was trained on. */
  contextSize: 4096,
  /** CUDA, Vulkan or Metal where the machine has one, else the CPU. */
  gpu: 'auto',
  /** How long the download of a model may wait for the server to answer before giving up. */
  downloadConnectTimeoutMs: 15_000,
} as const;

const objectError = { error: 'must be an object' };
const nonEmpty = (what = 'text') => z.string({ error: `must be ${what}` }).min(1, { error: 'must not be empty' });

function wholeNumber(min: number) {
  const error = `must be a whole number of at least ${min}`;
  return z.int({ error }).min(min, { error }).max(Number.MAX_SAFE_INTEGER, { error });
}

/** `hf:<owner>/<repo>/<file>.gguf` (optionally `@<revision>`), or an http(s) URL (a mirror on the local network). */
export function isModelReference(value: string): boolean {
  if (/^hf:[\w.-]+\/[\w.-]+(?:@[\w./-]+?)?\/.+$/.test(value.trim())) return true;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

const gpuError = { error: 'must be "auto", "cuda", "vulkan", "metal" or false' };

export const localModelSchema = z.strictObject(
  {
    /** A GGUF file on disk; wins over `url`. Env: SITECHAT_MODEL_PATH. */
    path: nonEmpty('a file path').optional(),
    /** A file downloaded once into `cacheDir`: `hf:<owner>/<repo>/<file>.gguf` or an https URL. Env: SITECHAT_MODEL_URL. */
    url: nonEmpty('a model reference')
      .refine(isModelReference, { error: 'must be hf:<owner>/<repo>/<file>.gguf or an https:// URL' })
      .optional(),
    /** The expected SHA-256 of that download (recommended). Env: SITECHAT_MODEL_SHA256. */
    sha256: z
      .string({ error: 'must be text' })
      .regex(/^[0-9a-fA-F]{64}$/, { error: 'must be 64 hexadecimal characters (a SHA-256 digest)' })
      .optional(),
    /** Where downloads are kept. Default `$XDG_CACHE_HOME/sitechat/models`, else `~/.cache/sitechat/models`. Env: SITECHAT_MODEL_CACHE_DIR. */
    cacheDir: nonEmpty('a folder path').optional(),
    /** Env: SITECHAT_MODEL_CONCURRENCY. */
    concurrency: wholeNumber(1).default(LOCAL_MODEL_DEFAULTS.concurrency),
    /** Env: SITECHAT_MODEL_QUEUE. */
    maxQueue: wholeNumber(0).default(LOCAL_MODEL_DEFAULTS.maxQueue),
    /** Env: SITECHAT_MODEL_CONTEXT. */
    contextSize: wholeNumber(256).default(LOCAL_MODEL_DEFAULTS.contextSize),
    /** CPU threads. Default: the cores useful for math, less one left to the rest of the server. Env: SITECHAT_MODEL_THREADS. */
    threads: wholeNumber(1).optional(),
    /** `false` (or "cpu") keeps the model on the CPU. Env: SITECHAT_MODEL_GPU. */
    gpu: z
      .union([z.literal(false), z.enum(['auto', 'cuda', 'vulkan', 'metal', 'cpu', 'false'])], gpuError)
      .transform((value) => (value === 'cpu' || value === 'false' ? false : value))
      .default(LOCAL_MODEL_DEFAULTS.gpu),
    /** Milliseconds a download waits for the server's answer (a hanging network must not hold start-up). */
    downloadConnectTimeoutMs: wholeNumber(1).default(LOCAL_MODEL_DEFAULTS.downloadConnectTimeoutMs),
  },
  objectError,
);

export type LocalModelConfig = z.output<typeof localModelSchema>;

/** Which model provider answers: unset picks one from what is configured (docs/local-model.md#how-sitechat-picks-a-model). */
export const modelProviderSchema = z.enum(['openai', 'local'], { error: 'must be "openai" or "local"' });

export type ModelProviderKind = z.output<typeof modelProviderSchema>;

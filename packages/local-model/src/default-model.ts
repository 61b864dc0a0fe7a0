/**
 * The model Sitechat runs when the owner configured none (no OpenAI key, no base URL, no model path):
 * Qwen2.5-0.5B-Instruct, 4-bit (Q4_K_M). Why this one: it is the smallest widely used instruct model that
 * still follows a system prompt and answers in the visitor's language (29 languages), it runs at
 * conversational speed on two CPU cores in well under 1 GB of memory, and its licence (Apache-2.0)
 * lets any business use it. Its GGUF carries Qwen's ChatML template, which node-llama-cpp applies.
 * The quantisation is bartowski's (llama.cpp's own tools). The URL names a commit of that repository, not
 * `main`, so the address always means the same bytes; size and SHA-256 are checked as well, so a file that
 * is not those bytes (a proxy, a corrupt download) is refused rather than run. Where the commit came from:
 * docs/local-model.md, "The default model".
 */
export const DEFAULT_LOCAL_MODEL = {
  /** What to write in SITECHAT_MODEL_URL to choose it explicitly. */
  ref: 'hf:bartowski/Qwen2.5-0.5B-Instruct-GGUF@41ba88dbac95fed2528c92514c131d73eb5a174b/Qwen2.5-0.5B-Instruct-Q4_K_M.gguf',
  url: 'https://huggingface.co/bartowski/Qwen2.5-0.5B-Instruct-GGUF/resolve/41ba88dbac95fed2528c92514c131d73eb5a174b/Qwen2.5-0.5B-Instruct-Q4_K_M.gguf',
  sha256: '6eb923e7d26e9cea28811e1a8e852009b21242fb157b26149d3b188f3a8c8653',
  sizeBytes: 397_808_192,
  name: 'Qwen2.5-0.5B-Instruct (Q4_K_M)',
  licence: 'Apache-2.0',
  licenceUrl: 'https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct/blob/main/LICENSE',
  /** The model's own context window; Sitechat uses up to `contextSize` of it (default 4096). */
  trainedContextTokens: 32_768,
} as const;

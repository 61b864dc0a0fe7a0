/**
 * The requests the benches send: to Sitechat's chat API, and in the OpenAI wire format (to the fake model
 * directly, the bare pipe and Portkey). The marker is the text that shows a stream's first token.
 */
import type { Target } from './load.ts';

export const OPENAI_MARKER = '"content":"w';
export const UI_MARKER = '"type":"text-delta"';

/** A chat request to the Sitechat server at `origin` (`http://127.0.0.1:8787`). */
export function chatTarget(origin: string, text: string): Target {
  return {
    url: `${origin}/api/chat`,
    body: JSON.stringify({ id: 'bench', trigger: 'submit-message', messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text }] }] }),
    headers: { 'content-type': 'application/json' },
    marker: UI_MARKER,
  };
}

/** A streamed chat completion from the OpenAI-compatible API at `base` (`http://127.0.0.1:9999/v1`), as Sitechat sends it. */
export function openaiTarget(base: string, text: string, headers: Record<string, string> = {}): Target {
  return {
    url: `${base}/chat/completions`,
    body: JSON.stringify({
      model: 'fake-model',
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 1024,
      messages: [{ role: 'system', content: 'You are a benchmark.' }, { role: 'user', content: text }],
    }),
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench', ...headers },
    marker: OPENAI_MARKER,
  };
}

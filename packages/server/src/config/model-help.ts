/**
 * What to tell the owner (in the widget, through `model_not_configured`, and in the CLI) when no model is
 * configured. The server never makes up answers without one.
 */
export const MODEL_NOT_CONFIGURED_MESSAGE = [
  'No AI model is configured for this Sitechat server yet, so it cannot answer.',
  'To configure one, do one of these and restart the server:',
  '(1) set OPENAI_API_KEY to an OpenAI API key;',
  '(2) set OPENAI_BASE_URL to any OpenAI-compatible server, such as Ollama (http://localhost:11434/v1),',
  'vLLM, llama.cpp or LM Studio (SITECHAT_MODEL picks the model name);',
  '(3) or add a "model" section with "apiKey" and/or "baseURL" to sitechat.config.json (or sitechat.config.ts).',
].join(' ');

/**
 * The three ways to give Sitechat a model, for every message that ends with "so configure one" (the
 * `model_not_configured` answer, the CLI, the local model's start-up failures): kept in one place so that
 * each lists the same options.
 */
export const HOW_TO_CONFIGURE_A_MODEL = [
  'To configure one, do one of these and restart the server:',
  '(1) set OPENAI_API_KEY to an OpenAI API key;',
  '(2) set OPENAI_BASE_URL to any OpenAI-compatible server, such as Ollama (http://localhost:11434/v1),',
  'vLLM, llama.cpp or LM Studio (SITECHAT_MODEL picks the model name);',
  '(3) or set SITECHAT_MODEL_PATH to a GGUF model file, which the server then runs itself (with the node-llama-cpp',
  'package installed; docs/local-model.md).',
  'The same settings can go in sitechat.config.json (or sitechat.config.ts) instead.',
].join(' ');

/**
 * What to tell the owner (in the widget, through `model_not_configured`, and in the CLI) when no model is
 * configured. The server never makes up answers without one.
 */
export const MODEL_NOT_CONFIGURED_MESSAGE = `No AI model is configured for this Sitechat server yet, so it cannot answer. ${HOW_TO_CONFIGURE_A_MODEL}`;

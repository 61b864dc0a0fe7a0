/**
 * What the visitor (through the widget) is told when the server's own local model cannot answer. The owner's
 * detailed reason (a path, a URL, a network error) goes to the CLI and the log only; these are plain words
 * that end with the three ways to configure a model, because the person reading them is usually the owner
 * trying the widget for the first time.
 */
import { HOW_TO_CONFIGURE_A_MODEL } from '../config/model-help.js';

/** Seconds a visitor refused with `model_busy` is asked to wait: one short answer on a small CPU model. */
export const LOCAL_MODEL_BUSY_RETRY_AFTER_SECONDS = 2;

/** The local model is configured but cannot be used: a missing or broken file, node-llama-cpp not installed. */
export const LOCAL_MODEL_UNAVAILABLE_MESSAGE =
  'This Sitechat server is set up to run an AI model itself, but that model could not be started (the server ' +
  `log says why), so it cannot answer yet. ${HOW_TO_CONFIGURE_A_MODEL}`;

/**
 * The model had to be downloaded and the network was not there. `defaultModel`: no model was configured at
 * all, and this was Sitechat's default one.
 */
export function localModelOfflineMessage(options: { defaultModel: boolean; name: string; sizeBytes?: number }): string {
  const size = options.sizeBytes === undefined ? '' : `, a ${Math.round(options.sizeBytes / 1_000_000)} MB download`;
  const what = options.defaultModel
    ? `No AI model is configured for this Sitechat server, and it could not download its default local model, ${options.name}${size}`
    : `This Sitechat server could not download its local model, ${options.name}${size}`;
  return `${what}: this machine seems to have no internet access. So it cannot answer yet. ${HOW_TO_CONFIGURE_A_MODEL}`;
}

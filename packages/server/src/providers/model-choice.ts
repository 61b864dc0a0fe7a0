import { ErrorCode } from '@sitechat/protocol';
import { SitechatError } from '../http/errors.js';

export const MODEL_NOT_ALLOWED_MESSAGE = 'This assistant does not offer the requested model.';

/**
 * The model a request may use: the configured one when the request names none (or names it), a name from
 * the owner's `model.allowed` list, and nothing else. The request's value is never echoed back.
 * @returns `undefined` for the configured model, otherwise the allowed name.
 * @throws SitechatError 400 `model_not_allowed`.
 * @example
 * chooseModel('gpt-4o', { name: 'gpt-4o-mini', allowed: ['gpt-4o'] }); // 'gpt-4o'
 */
export function chooseModel(requested: string | undefined, model: { name: string; allowed: readonly string[] }): string | undefined {
  if (requested === undefined || requested === model.name) return undefined;
  if (model.allowed.includes(requested)) return requested;
  throw new SitechatError(400, ErrorCode.ModelNotAllowed, MODEL_NOT_ALLOWED_MESSAGE, { retryable: false });
}

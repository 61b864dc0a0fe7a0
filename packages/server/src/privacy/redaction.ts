import type { PrivacyConfig } from '../config/schema.js';

export type Redactor = (text: string) => string;

const unchanged: Redactor = (text) => text;

/**
 * What is masked before a message is stored (`privacy.redact`), as a function. Resolves to the identity when
 * nothing is to be masked.
 *
 * The masking code lives in `@sitechat/store` (one implementation for storing and exporting). It is loaded on
 * demand rather than imported because the store's entry point also loads its SQLite engine (`node:sqlite`),
 * which this web-standard app must not require at start: it is only loaded when a store is in use, and then
 * the store package has been loaded already.
 * @example
 * const redact = await loadRedactor(config.privacy.redact);
 * redact('mail me at ana@example.com'); // 'mail me at [email]' when e-mail redaction is on
 */
export async function loadRedactor(kinds: PrivacyConfig['redact']): Promise<Redactor> {
  if (!kinds.email && !kinds.phone && !kinds.card) return unchanged;
  const { redact } = await import('@sitechat/store');
  const options = { email: kinds.email, phone: kinds.phone, card: kinds.card };
  return (text) => redact(text, options);
}

/**
 * Masks personal data in text before it leaves the store (fine-tuning exports, and wherever the server
 * wants to log or show text): e-mail addresses -> `[email]`, phone numbers -> `[phone]`, payment card
 * numbers -> `[card]`.
 *
 * Precision matters as much as recall: training data full of `[phone]` where a price, a date or an order
 * number stood teaches the model nonsense. So each detector accepts only shapes that are clearly what it
 * looks for, and numbers glued to other digits, words, `#` or decimal separators are left alone:
 * - cards: 13-19 digits, optionally grouped by single spaces or dashes, starting 2-6 (the ranges card
 *   networks issue) and passing the Luhn checksum;
 * - phones: international (`+` and 8-15 digits), North American `(555) 123-4567` / `555-123-4567` (same
 *   separator twice), national numbers with a trunk `0` (`020 7946 0958`, `07700 900123`, `06 12 34 56 78`).
 *   A bare run of digits without `+` or a leading `0` (`5551234567`) is not redacted: it is as likely an
 *   order or tracking number.
 */

export interface RedactOptions {
  /** Default `true`. */
  email?: boolean;
  /** Default `true`. */
  phone?: boolean;
  /** Default `true`. */
  card?: boolean;
}

// A match must be a whole number: not inside a word, an e-mail, a decimal, a path, a longer run of digit
// groups, or an "#order" reference. With these, a greedy pattern cannot stop part-way through a number.
const before = String.raw`(?<![\p{L}\p{N}_@+#/.,-])(?<!\p{N}[ .-])`;
const after = String.raw`(?![\p{L}\p{N}_@]|[ .,/:-]?\p{N})`;

const emailPattern = new RegExp(
  String.raw`(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,}(?![\p{L}\p{N}_-]|\.[\p{L}\p{N}])`,
  'gu',
);

const cardPattern = new RegExp(String.raw`${before}[2-6]\d(?:[ -]?\d){11,17}${after}`, 'gu');

const phonePatterns = [
  // International: +CC, optional (area), then groups.
  String.raw`\+\d{1,3}(?:[ .-]?\(\d{1,4}\))?(?:[ .-]?\d{1,5}){1,6}`,
  // North American: (555) 123-4567, 555-123-4567, 555.123.4567, 555 123 4567.
  String.raw`\(\d{3}\) ?\d{3}[-. ]\d{4}`,
  String.raw`\d{3}([-. ])\d{3}\1\d{4}`,
  // French style pairs: 06 12 34 56 78, 06.12.34.56.78.
  String.raw`0[1-9](?:[ .]\d{2}){4}`,
  // National with trunk 0: 020 7946 0958, 07700 900123, 030-1234567, 0612345678.
  String.raw`0[1-9]\d{0,3}(?:[ -]?\d{2,4}){1,3}`,
];
const phonePattern = new RegExp(
  phonePatterns.map((pattern) => String.raw`${before}(?:${pattern})${after}`).join('|'),
  'gu',
);

function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}

/** The Luhn checksum every payment card number satisfies (and a random number only one time in ten). */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length > 0 && sum % 10 === 0;
}

function isCard(candidate: string): boolean {
  const digits = digitsOf(candidate);
  // One kind of separator at most, and never doubled: "4111 1111-1111 1111" is not how cards are written.
  if (/ /.test(candidate) && /-/.test(candidate)) return false;
  return digits.length >= 13 && digits.length <= 19 && passesLuhn(digits);
}

function isPhone(candidate: string): boolean {
  const digits = digitsOf(candidate).length;
  if (candidate.startsWith('+')) return digits >= 8 && digits <= 15;
  if (candidate.startsWith('0')) return digits >= 10 && digits <= 11;
  return digits === 10;
}

/**
 * Returns `text` with e-mail addresses, phone numbers and card numbers replaced by `[email]`, `[phone]`
 * and `[card]`.
 * @example
 * redact('Mail jo@example.com or call +44 20 7946 0958'); // 'Mail [email] or call [phone]'
 */
export function redact(text: string, options: RedactOptions = {}): string {
  let result = text;
  // E-mail first: addresses can hold digits that the number detectors must not see.
  if (options.email !== false) result = result.replace(emailPattern, '[email]');
  if (options.card !== false) result = result.replace(cardPattern, (match) => (isCard(match) ? '[card]' : match));
  if (options.phone !== false) result = result.replace(phonePattern, (match) => (isPhone(match) ? '[phone]' : match));
  return result;
}

import type { ChatTurn } from '../chat/request-schema.js';

/** Words that point back at an earlier turn ("is it waterproof?", "and those?"). English only; short questions are caught in any language. */
const POINTS_BACK = /\b(it|its|it's|that|this|these|those|they|them|their|there|one|ones|same|also|too|else|instead|either|both)\b/i;
/** Questions that continue the previous one ("and to Canada?", "what about the Duo?"). */
const CONTINUES = /^\s*(and|or|but|also|so|then|what about|how about|same for|even)\b/i;
/** At most this many words make a question short enough to be read with the previous one. */
const SHORT = 3;
/** A longer question that points back is read with the previous one up to this many words. */
const POINTING_BACK_MAX = 10;
/** The previous question is cut to this many characters: it only lends context. */
const PREVIOUS_MAX = 500;

const wordCount = (text: string) => text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;

/**
 * What to search the knowledge base for: the visitor's last question, made standalone when it is a follow-up.
 * A follow-up ("and to Canada?", "how much is it?") says little on its own, so it is searched together with
 * the visitor's previous question: when it is at most 3 words, starts like a continuation ("and", "what
 * about"), or is at most 10 words and points back ("it", "that", "those"). Only the visitor's own turns are
 * used, never the assistant's answers (long, and not a question). A model call would rewrite follow-ups
 * better, at the price of a second request before every answer; this costs nothing.
 * @example
 * retrievalQuery([{ role: 'user', text: 'Do you ship to the UK?' }, { role: 'assistant', text: '...' }, { role: 'user', text: 'And to Canada?' }]);
 * // 'Do you ship to the UK?\nAnd to Canada?'
 */
export function retrievalQuery(turns: readonly ChatTurn[]): string {
  const questions = turns.filter((turn) => turn.role === 'user' && turn.text.trim() !== '');
  const question = questions.at(-1)?.text.trim() ?? '';
  const previous = questions.at(-2)?.text.trim();
  if (previous === undefined) return question;
  const words = wordCount(question);
  const followUp = words <= SHORT || CONTINUES.test(question) || (words <= POINTING_BACK_MAX && POINTS_BACK.test(question));
  return followUp ? `${previous.slice(0, PREVIOUS_MAX)}\n${question}` : question;
}

import { eng } from 'stopword';

/**
 * Words that say nothing about what a visitor is asking: the `stopword` package's English list
 * plus chat filler and the stubs left when contractions are split at the apostrophe.
 */
const STOPWORDS = new Set([
  ...eng,
  'does', 'doing', 'done', 'will', 'shall', 'just', 'please', 'hi', 'hello', 'hey', 'thanks', 'thank',
  'tell', 'know', 'anyone', 'someone', 'something', 'anything', 'yours', 'ours', 'us', 'whom', 'whose',
  'why', 'when', 'don', 'doesn', 'didn', 'isn', 'aren', 'wasn', 'weren', 'won', 'wouldn', 'shouldn',
  'couldn', 'haven', 'hasn', 'ain', 'll', 've', 're', 's', 't', 'd', 'm', 'o',
]);

/** A question's words beyond this count are ignored: they bound the cost of a pasted essay. */
export const MAX_QUERY_TERMS = 32;

/**
 * The searchable words of a visitor's question: lower-cased runs of letters and digits, without
 * stopwords, each once, in order. Every term matches `^[\p{L}\p{N}]+$`, so no character of FTS5 or
 * tsquery syntax (quotes, `*`, `-`, `:`, parentheses, `NEAR`'s parentheses) ever reaches the engine,
 * and engines still receive each term as a quoted literal.
 *
 * @example
 * queryTerms('How long does "international" shipping take -NEAR*?') // ['long', 'international', 'shipping', 'near']
 */
export function queryTerms(question: string): string[] {
  const terms: string[] = [];
  for (const word of questionWords(question)) {
    if (STOPWORDS.has(word) || terms.includes(word)) continue;
    terms.push(word);
    if (terms.length === MAX_QUERY_TERMS) break;
  }
  return terms;
}

/** Every word of a question as search reads it: lower-cased runs of letters and digits, stopwords included. */
export function questionWords(question: string): string[] {
  return question.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

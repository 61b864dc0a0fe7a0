const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * Splits text into pieces no longer than `maxLength`, breaking between sentences where it can
 * and between words where a single sentence is too long (a word longer than `maxLength` is cut).
 */
export function splitText(text: string, maxLength: number): string[] {
  if (text.length <= maxLength) return [text];
  const pieces: string[] = [];
  for (const { segment } of sentences.segment(text)) {
    const sentence = segment.trim();
    if (!sentence) continue;
    if (sentence.length <= maxLength) pieces.push(sentence);
    else pieces.push(...splitWords(sentence, maxLength));
  }
  return pieces;
}

function splitWords(sentence: string, maxLength: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const word of sentence.split(/\s+/)) {
    for (let start = 0; start < word.length; start += maxLength) {
      const part = word.slice(start, start + maxLength);
      if (current && current.length + 1 + part.length > maxLength) {
        pieces.push(current);
        current = part;
      } else {
        current = current ? `${current} ${part}` : part;
      }
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

/**
 * The end of `text`, at most `length` characters, starting at a sentence boundary when one falls
 * inside that window and otherwise at a word boundary: the overlap carried into the next chunk.
 */
export function tailOf(text: string, length: number): string {
  if (length <= 0) return '';
  if (text.length <= length) return text;
  const window = text.slice(text.length - length);
  const sentenceStart = /[.!?]\s+(?=\S)/.exec(window);
  if (sentenceStart) return window.slice(sentenceStart.index + sentenceStart[0].length);
  const wordStart = window.indexOf(' ');
  return wordStart === -1 ? window : window.slice(wordStart + 1);
}

/**
 * WordNet's "morphy" suffix rules (noun, verb and adjective), in WordNet's own order: an inflected
 * form becomes a lemma candidate by replacing its ending, and a candidate counts only when the lexicon knows it.
 */
const DETACHMENTS: ReadonlyArray<readonly [ending: string, replacement: string]> = [
  ['s', ''], ['ses', 's'], ['xes', 'x'], ['zes', 'z'], ['ches', 'ch'], ['shes', 'sh'], ['men', 'man'], ['ies', 'y'],
  ['es', 'e'], ['es', ''], ['ed', 'e'], ['ed', ''], ['ing', 'e'], ['ing', ''],
  ['er', ''], ['est', ''], ['er', 'e'], ['est', 'e'],
];

/**
 * The dictionary forms of a word, as WordNet's morphy finds them: the word itself when `isKnown`, its
 * irregular lemmas (children -> child, went -> go, better -> good), and every suffix rule's result that
 * `isKnown` accepts (parcels -> parcel, older -> old, charged -> charge). Empty when none is known.
 *
 * @example
 * lemmatize('children', (word) => ['child'].includes(word), new Map([['children', ['child']]])) // ['child']
 */
export function lemmatize(word: string, isKnown: (lemma: string) => boolean, irregularForms: ReadonlyMap<string, readonly string[]>): string[] {
  const lemmas = new Set<string>();
  if (isKnown(word)) lemmas.add(word);
  for (const lemma of irregularForms.get(word) ?? []) lemmas.add(lemma);
  for (const [ending, replacement] of DETACHMENTS) {
    if (word.length <= ending.length + 1 || !word.endsWith(ending)) continue;
    const candidate = word.slice(0, -ending.length) + replacement;
    if (isKnown(candidate)) lemmas.add(candidate);
  }
  return [...lemmas];
}

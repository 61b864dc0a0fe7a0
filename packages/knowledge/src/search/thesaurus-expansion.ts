import type { Thesaurus } from '../lexicon/thesaurus.js';

/** How a question is widened with the general thesaurus (`SearchOptions.thesaurus`). */
export interface ThesaurusExpansion {
  thesaurus: Thesaurus;
  /** Senses of each word searched for, most frequent first. */
  senses: number;
  /** What a synonym's match weighs in ranking, against 1 for the visitor's own word. */
  weight: number;
}

/** Words of a question the thesaurus relates to others: a word or a collocation ("send back"). */
export interface ThesaurusMatch {
  /** The question's words it stands for. */
  words: string[];
  /** Irregular lemmas (children -> child): the visitor's own word in another form, searched at full weight. */
  lemmas: string[];
  /** Synonyms of its first senses, searched at the expansion's weight. */
  synonyms: string[];
}

/**
 * Every word and collocation of a question the thesaurus knows, read in any inflected form
 * ("parcels", "sending back"), with its irregular lemmas and synonyms. Stopwords are read too, as
 * parts of collocations; the caller decides which words are worth searching.
 */
export function thesaurusMatches(words: readonly string[], { thesaurus, senses }: ThesaurusExpansion): ThesaurusMatch[] {
  const matches: ThesaurusMatch[] = [];
  for (let start = 0; start < words.length; start++) {
    const word = words[start]!;
    const lemmas = thesaurus.lemmas(word);
    matches.push({ words: [word], lemmas: [...thesaurus.irregularLemmas(word)], synonyms: lemmas.flatMap((lemma) => thesaurus.synonyms(lemma, senses)) });
    for (let length = 2; length <= thesaurus.longestEntry && start + length <= words.length; length++) {
      const rest = words.slice(start + 1, start + length);
      const entries = new Set([word, ...lemmas].map((first) => [first, ...rest].join(' ')));
      const synonyms = [...entries].flatMap((entry) => thesaurus.synonyms(entry, senses));
      if (synonyms.length > 0) matches.push({ words: [word, ...rest], lemmas: [], synonyms });
    }
  }
  return matches.filter((match) => match.lemmas.length > 0 || match.synonyms.length > 0);
}

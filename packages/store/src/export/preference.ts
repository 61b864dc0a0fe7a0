/**
 * Preference (DPO) export: pairs of answers to the same user message where the visitor said which is
 * better, either by an explicit A/B comparison or by regenerating and rating one answer up and the other
 * down. The prompt is the conversation up to that user message, on its own branch, as the model saw it.
 *
 * An edited question and its original are never paired, even with one answer rated up and the other
 * down: their prompts differ, and a preference pair says which of two answers to the same prompt is
 * better. The visitor changed the question, not the verdict on an answer.
 */
import { historyOf, isUsableAnswer } from '../core/branch.ts';
import type { Answer, Transcript, Turn } from '../records.ts';
import type { ConversationStore } from '../types.ts';
import { validatePreferenceExample, type PreferenceExample, type PreferenceMessage } from './format.ts';
import {
  exportLines,
  writeLines,
  type Candidate,
  type ExportContext,
  type ExportLines,
  type ExportOptions,
  type ExportSummary,
  type LineOutput,
} from './run-export.ts';

function pairKey(first: string, second: string): string {
  return first < second ? `${first} ${second}` : `${second} ${first}`;
}

function latest(answers: Answer[], test: (answer: Answer) => boolean): Answer | undefined {
  return answers.filter((answer) => isUsableAnswer(answer) && test(answer)).at(-1);
}

function example(
  prompt: PreferenceMessage[],
  preferred: Answer,
  nonPreferred: Answer,
  context: ExportContext,
): Candidate<PreferenceExample> {
  if (!isUsableAnswer(preferred) || !isUsableAnswer(nonPreferred)) return { skipped: 'unfinished_answer' };
  const preferredText = context.text(preferred.text);
  const nonPreferredText = context.text(nonPreferred.text);
  if (preferredText === nonPreferredText) return { skipped: 'identical_outputs' };
  return {
    example: {
      input: { messages: prompt },
      preferred_output: [{ role: 'assistant', content: preferredText }],
      non_preferred_output: [{ role: 'assistant', content: nonPreferredText }],
    },
  };
}

/**
 * Turn by turn, in the order the questions were asked (every branch): the turn's comparisons first (in the
 * order they were made), then its rated pair.
 */
export function* preferenceExamples(transcript: Transcript, context: ExportContext): Generator<Candidate<PreferenceExample>> {
  const system: PreferenceMessage[] = context.systemPrompt === undefined ? [] : [{ role: 'system', content: context.systemPrompt }];
  for (const turn of transcript.turns) {
    const branch = historyOf(transcript.turns, turn.user.id)!;
    const prompt = [...system, ...branch.map(({ role, text }) => ({ role, content: context.text(text) }))];
    yield* turnExamples(transcript, turn, prompt, context);
  }
}

function* turnExamples(
  transcript: Transcript,
  turn: Turn,
  prompt: PreferenceMessage[],
  context: ExportContext,
): Generator<Candidate<PreferenceExample>> {
  const byId = new Map(turn.answers.map((answer) => [answer.id, answer]));
  const compared = new Set<string>();
  for (const comparison of transcript.comparisons) {
    if (comparison.userMessageId !== turn.user.id) continue;
    const a = byId.get(comparison.answerAId);
    const b = byId.get(comparison.answerBId);
    if (a === undefined || b === undefined) continue; // cannot happen: validated when recorded
    if (comparison.preferred === 'tie') {
      yield { skipped: 'tie' };
      continue;
    }
    compared.add(pairKey(a.id, b.id));
    yield comparison.preferred === 'a' ? example(prompt, a, b, context) : example(prompt, b, a, context);
  }
  const up = latest(turn.answers, (answer) => (answer.feedback?.rating ?? 0) > 0);
  const down = latest(turn.answers, (answer) => (answer.feedback?.rating ?? 0) < 0);
  if (up === undefined || down === undefined) return;
  if (compared.has(pairKey(up.id, down.id))) {
    yield { skipped: 'duplicate_of_comparison' };
    return;
  }
  yield example(prompt, up, down, context);
}

/**
 * The preference export as JSONL lines, produced as they are read.
 * @example
 * for await (const line of preferenceLines(store)) process.stdout.write(line);
 */
export function preferenceLines(store: ConversationStore, options: ExportOptions = {}): ExportLines {
  return exportLines(store, { preferenceSignal: true }, options, preferenceExamples, validatePreferenceExample);
}

/**
 * Writes the preference export to `output` and returns what was written and skipped.
 * @example
 * const summary = await exportPreference(store, { output: createWriteStream('dpo.jsonl') });
 */
export async function exportPreference(
  store: ConversationStore,
  options: ExportOptions & { output: LineOutput },
): Promise<ExportSummary> {
  const lines = preferenceLines(store, options);
  await writeLines(lines, options.output);
  return lines.summary;
}

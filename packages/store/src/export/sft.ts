/**
 * Supervised fine-tuning export: conversations with well-rated answers, in the chat format. Rated answers
 * carry `weight: 1` (train on these); the other answers stay as context with `weight: 0`.
 */
import { isUsableAnswer } from '../core/branch.ts';
import type { Answer, Transcript } from '../records.ts';
import type { ConversationStore } from '../types.ts';
import { validateSftExample, type SftExample, type SftMessage } from './format.ts';
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

export interface SftExportOptions extends ExportOptions {
  /** An answer is trained on when its rating is at least this. Default 1 (a thumbs up). */
  minRating?: number;
}

function isTrainable(answer: Answer, minRating: number): boolean {
  return answer.feedback !== null && answer.feedback.rating >= minRating && isUsableAnswer(answer);
}

/**
 * One example per conversation. For each user turn it takes the latest trainable answer, or else the
 * active one (what the conversation went on from), and it ends at the last trainable answer: turns after
 * it would only be context for nothing.
 */
export function* sftExamples(
  transcript: Transcript,
  context: ExportContext,
  minRating: number,
): Generator<Candidate<SftExample>> {
  const messages: SftMessage[] = [];
  if (context.systemPrompt !== undefined) messages.push({ role: 'system', content: context.systemPrompt });
  let end = 0;
  for (const turn of transcript.turns) {
    messages.push({ role: 'user', content: context.text(turn.user.text) });
    const trained = turn.answers.filter((answer) => isTrainable(answer, minRating)).at(-1);
    const answer = trained ?? turn.answers.find((candidate) => candidate.id === turn.activeAnswerId);
    if (answer === undefined) continue;
    messages.push({ role: 'assistant', content: context.text(answer.text), weight: trained === undefined ? 0 : 1 });
    if (trained !== undefined) end = messages.length;
  }
  if (end === 0) {
    yield { skipped: 'no_rated_answer' };
    return;
  }
  yield { example: { messages: messages.slice(0, end) } };
}

/**
 * The SFT export as JSONL lines, produced as they are read.
 * @example
 * const lines = sftLines(store, { systemPrompt });
 * for await (const line of lines) process.stdout.write(line);
 * console.error(lines.summary);
 */
export function sftLines(store: ConversationStore, options: SftExportOptions = {}): ExportLines {
  const minRating = options.minRating ?? 1;
  return exportLines(
    store,
    { minRating },
    options,
    (transcript, context) => sftExamples(transcript, context, minRating),
    validateSftExample,
  );
}

/**
 * Writes the SFT export to `output` and returns what was written and skipped.
 * @example
 * const summary = await exportSft(store, { output: createWriteStream('sft.jsonl'), onProgress: bar.update });
 */
export async function exportSft(
  store: ConversationStore,
  options: SftExportOptions & { output: LineOutput },
): Promise<ExportSummary> {
  const lines = sftLines(store, options);
  await writeLines(lines, options.output);
  return lines.summary;
}

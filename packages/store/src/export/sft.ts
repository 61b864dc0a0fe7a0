/**
 * Supervised fine-tuning export: conversations with well-rated answers, in the chat format. Rated answers
 * carry `weight: 1` (train on these); the other answers stay as context with `weight: 0`.
 *
 * Every branch is exported, not only the active one: a visitor who edits a question has usually rated
 * nothing on the abandoned branch, but when they did, that rating is a real judgement of an answer in the
 * context the model really had, and the branch stays a coherent conversation. A rated answer that several
 * branches share (a turn before the edit) is trained once, in the first branch; later ones carry it as context.
 */
import { allBranches, isUsableAnswer } from '../core/branch.ts';
import type { Answer, Transcript, Turn } from '../records.ts';
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
 * One example per branch with an answer to train on. For each user turn it takes the latest trainable
 * answer, or else the active one (what the conversation went on from), and it ends at the last answer
 * trained on: turns after it would only be context for nothing. `trained` holds the answers earlier
 * branches already train on; this branch adds its own.
 */
function branchExample(branch: readonly Turn[], context: ExportContext, minRating: number, trained: Set<string>): SftExample | undefined {
  const messages: SftMessage[] = [];
  if (context.systemPrompt !== undefined) messages.push({ role: 'system', content: context.systemPrompt });
  let end = 0;
  for (const turn of branch) {
    messages.push({ role: 'user', content: context.text(turn.user.text) });
    const rated = turn.answers.filter((answer) => isTrainable(answer, minRating)).at(-1);
    const answer = rated ?? turn.answers.find((candidate) => candidate.id === turn.activeAnswerId);
    if (answer === undefined) continue;
    const weight = rated !== undefined && !trained.has(rated.id) ? 1 : 0;
    messages.push({ role: 'assistant', content: context.text(answer.text), weight });
    if (weight === 1) {
      trained.add(answer.id);
      end = messages.length;
    }
  }
  return end === 0 ? undefined : { messages: messages.slice(0, end) };
}

/** The examples of one conversation, one per branch that trains on something (branches in the order asked). */
export function* sftExamples(
  transcript: Transcript,
  context: ExportContext,
  minRating: number,
): Generator<Candidate<SftExample>> {
  const trained = new Set<string>();
  for (const branch of allBranches(transcript.turns)) {
    const example = branchExample(branch, context, minRating, trained);
    if (example !== undefined) yield { example };
  }
  if (trained.size === 0) yield { skipped: 'no_rated_answer' };
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

/**
 * Node-only: `sitechat export sft|preference`, fine-tuning data from the conversation store as JSONL
 * (formats: docs/fine-tuning.md).
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { exportPreference, exportSft, type ExportSummary, type SftExportOptions } from '@sitechat/store';
import { describeSkipped, type ExportKind, parseDateBound } from '../admin/export-options.js';
import { openStoreFromConfig, type StoreCommandContext } from './command-context.js';
import { parseCommandLine, usageError } from './command-line.js';
import { progressBar } from './progress-bar.js';

export const EXPORT_USAGE = `Usage: sitechat export sft|preference [options]

Writes fine-tuning data from the conversation store as JSONL (docs/fine-tuning.md):
  sft          conversations with answers rated up: {"messages":[...]} with "weight" 1 on the rated answers
  preference   comparisons and regenerate-then-rate pairs: {"input","preferred_output","non_preferred_output"}
Every line is checked against the published format before it is written.

Options:
  --out <file>               write here (default: standard output)
  --from <date>              conversations started on or after (2025-03-01 or an ISO time)
  --to <date>                conversations started before; a day includes the whole day
  --min-rating <n>           sft: train on answers rated at least n (-5 to 5; default 1, a thumbs up)
  --include-system-prompt    start each example with the configured system prompt
  --no-redact                keep e-mail addresses, phone numbers and card numbers (masked by default)
  --include-flagged          include conversations flagged by moderation (left out by default)
  --config <file>            config file (default: sitechat.config.* in the current folder)
  -h, --help                 show this help

The store is the one the server uses: DATABASE_URL, or the SQLite file of the configuration.`;

const syntax = {
  options: {
    out: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    'min-rating': { type: 'string' },
    'include-system-prompt': { type: 'boolean' },
    'no-redact': { type: 'boolean' },
    'include-flagged': { type: 'boolean' },
    config: { type: 'string' },
  },
  usage: EXPORT_USAGE,
  allowPositionals: true,
} as const;

const fail = (context: StoreCommandContext, message: string): number => usageError(context, syntax, message);

/** Runs `sitechat export`; resolves to the exit code. */
export async function exportCommand(argv: readonly string[], context: StoreCommandContext): Promise<number> {
  const parsed = parseCommandLine(argv, context, syntax);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const kind = positionals[0];
  if ((kind !== 'sft' && kind !== 'preference') || positionals.length > 1) {
    return fail(context, kind === undefined ? 'Which export? sft or preference.' : `Unknown export: ${positionals.join(' ')}`);
  }
  const from = values.from === undefined ? undefined : parseDateBound(values.from, 'from');
  if (values.from !== undefined && from === undefined) return fail(context, `--from: not a date (got "${values.from}"); use 2025-03-01 or an ISO time`);
  const to = values.to === undefined ? undefined : parseDateBound(values.to, 'to');
  if (values.to !== undefined && to === undefined) return fail(context, `--to: not a date (got "${values.to}"); use 2025-03-31 or an ISO time`);
  const minRatingText = values['min-rating'];
  const minRating = minRatingText === undefined ? undefined : Number(minRatingText);
  if (minRatingText !== undefined && (!/^-?\d$/.test(minRatingText) || minRating! < -5 || minRating! > 5)) {
    return fail(context, `--min-rating: must be a whole number from -5 to 5 (got "${minRatingText}")`);
  }
  if (minRating !== undefined && kind !== 'sft') return fail(context, '--min-rating applies to the sft export only');

  const opened = await openStoreFromConfig(context, values.config);
  if (typeof opened === 'number') return opened;
  const { config, store } = opened;

  const bar = progressBar(context.progress ?? process.stderr, { label: `Exporting ${kind}`, unit: 'conversations' });
  const options: SftExportOptions = {
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    ...(minRating === undefined ? {} : { minRating }),
    ...(values['include-system-prompt'] ? { systemPrompt: config.systemPrompt } : {}),
    redact: values['no-redact'] !== true,
    includeFlagged: values['include-flagged'] === true,
    onProgress: bar.update,
  };
  const file = values.out === undefined ? undefined : resolve(context.cwd, values.out);
  // A file appears under its name only once complete: an interrupted export leaves no half file behind.
  const partial = file === undefined ? undefined : `${file}.partial`;
  let summary: ExportSummary;
  try {
    const output = partial === undefined ? (context.stdout ?? process.stdout) : createWriteStream(partial);
    const run = kind === 'sft' ? exportSft : exportPreference;
    summary = await run(store, { ...options, output: output as Parameters<typeof exportSft>[1]['output'] });
    if (partial !== undefined) {
      (output as NodeJS.WritableStream).end();
      await finished(output as NodeJS.WritableStream);
      await rename(partial, file!);
    }
  } catch (error) {
    bar.done();
    if (partial !== undefined) await rm(partial, { force: true });
    context.err(`The export failed: ${(error as { code?: unknown }).code ?? (error as Error).message}.`);
    return 1;
  } finally {
    await store.close();
  }
  bar.done();
  const examples = summary.written === 1 ? 'example' : 'examples';
  context.err(`Wrote ${summary.written} ${kind} ${examples}${file === undefined ? '' : ` to ${file}`}. ${describeSkipped(summary.skipped)}`);
  return 0;
}

export type { ExportKind };

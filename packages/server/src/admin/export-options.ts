/**
 * What the owner can ask of an export, shared by `sitechat export` and the admin page's downloads: date
 * bounds as people write them, and the reasons an export gives for what it left out, in words.
 */

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `2025-03-01` (a day, UTC) or a full ISO 8601 time. A day given as an upper bound includes that whole
 * day: `--to 2025-03-31` means "up to the end of March 31". Returns `undefined` for anything else.
 */
export function parseDateBound(value: string, bound: 'from' | 'to'): Date | undefined {
  const text = value.trim();
  if (DATE_ONLY.test(text)) {
    const day = Date.parse(`${text}T00:00:00.000Z`);
    if (Number.isNaN(day) || new Date(day).toISOString().slice(0, 10) !== text) return undefined;
    return new Date(bound === 'to' ? day + DAY_MS : day);
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return undefined;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : new Date(time);
}

/** Why an export left a candidate out, for the owner. */
export const SKIP_REASONS: Record<string, string> = {
  no_rated_answer: 'no answer rated high enough that finished with text',
  tie: 'the visitor judged both answers equal',
  unfinished_answer: 'one of the answers failed or is empty',
  identical_outputs: 'both answers have the same text',
  duplicate_of_comparison: 'the ratings repeat a comparison already exported',
  invalid_format: 'the example did not pass the format check',
};

/** `Skipped 3: 2 no_rated_answer (no answer rated ...), 1 tie (...)`, or `Skipped nothing.` */
export function describeSkipped(skipped: Record<string, number>): string {
  const entries = Object.entries(skipped).filter(([, count]) => count > 0);
  if (entries.length === 0) return 'Skipped nothing.';
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  const parts = entries.map(([reason, count]) => `${count} ${reason}${SKIP_REASONS[reason] ? ` (${SKIP_REASONS[reason]})` : ''}`);
  return `Skipped ${total}: ${parts.join(', ')}.`;
}

export type ExportKind = 'sft' | 'preference';

/** `sitechat-sft-2025-03-01.jsonl`: the download's file name. */
export function exportFileName(kind: ExportKind, now: Date): string {
  return `sitechat-${kind}-${now.toISOString().slice(0, 10)}.jsonl`;
}

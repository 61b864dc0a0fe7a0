/** Node-only: `sitechat stats`, the admin page's totals in the terminal. */
import type { Stats } from '@sitechat/store';
import { parseDateBound } from '../admin/export-options.js';
import { openStoreFromConfig, type StoreCommandContext } from './command-context.js';
import { parseCommandLine, usageError } from './command-line.js';

export const STATS_USAGE = `Usage: sitechat stats [options]

Prints totals from the conversation store: conversations, answers, thumbs up and down, tokens.

Options:
  --from <date>      conversations started on or after (2025-03-01 or an ISO time)
  --to <date>        conversations started before; a day includes the whole day
  --json             print the totals as JSON
  --config <file>    config file (default: sitechat.config.* in the current folder)
  -h, --help         show this help`;

const number = new Intl.NumberFormat('en-US');

/** The totals as aligned lines, e.g. `Thumbs up      120   (80% of ratings)`. */
export function formatStats(stats: Stats, where: string): string[] {
  const rows: [string, string][] = [
    ['Conversations', number.format(stats.conversations)],
    ['Answers', number.format(stats.answers)],
    ['Thumbs up', number.format(stats.thumbsUp)],
    ['Thumbs down', number.format(stats.thumbsDown)],
    ['Up ratio', stats.upRatio === null ? 'no ratings yet' : `${Math.round(stats.upRatio * 100)}%`],
    ['Tokens in', number.format(stats.tokensIn)],
    ['Tokens out', number.format(stats.tokensOut)],
  ];
  const width = Math.max(...rows.map(([, value]) => value.length));
  return [...rows.map(([label, value]) => `${label.padEnd(14)}${value.padStart(width)}`), '', `Store: ${where}`];
}

/** Runs `sitechat stats`; resolves to the exit code. */
export async function statsCommand(argv: readonly string[], context: StoreCommandContext): Promise<number> {
  const syntax = {
    options: { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' }, config: { type: 'string' } },
    usage: STATS_USAGE,
  } as const;
  const parsed = parseCommandLine(argv, context, syntax);
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const from = values.from === undefined ? undefined : parseDateBound(values.from, 'from');
  const to = values.to === undefined ? undefined : parseDateBound(values.to, 'to');
  if ((values.from !== undefined && from === undefined) || (values.to !== undefined && to === undefined)) {
    return usageError(context, syntax, '--from/--to: not a date; use 2025-03-01 or an ISO time');
  }
  const opened = await openStoreFromConfig(context, values.config);
  if (typeof opened === 'number') return opened;
  try {
    const stats = await opened.store.getStats({ ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) });
    if (values.json) context.out(JSON.stringify(stats));
    else for (const line of formatStats(stats, opened.where)) context.out(line);
    return 0;
  } finally {
    await opened.store.close();
  }
}

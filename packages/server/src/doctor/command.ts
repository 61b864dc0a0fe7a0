/**
 * Node-only: `sitechat doctor <url>`, the command-line face of `runDoctor`. Exit code 0 when answers
 * stream cleanly, 1 when something on the way breaks or degrades them, 2 for a usage error.
 */
import { parseCommandLine, usageError } from '../cli/command-line.js';
import { formatReport } from './format-report.js';
import { runDoctor } from './run-doctor.js';

export const DOCTOR_USAGE = `Usage: sitechat doctor <url> [options]

Checks that answers stream through everything in front of a Sitechat server (nginx, a CDN, a load
balancer): it times a free probe stream (no model call, no tokens) and checks the response headers, then
prints what is wrong and how to fix it.

  <url>              the site or server, e.g. https://shop.example (or the full .../api/chat URL)
  --chat             also send one real chat request and time its answer (costs a few tokens)
  --message <text>   the message of that chat request
  --header "K: V"    an extra request header (repeatable), e.g. a visitor token the server requires
  --timeout <ms>     per request (default 30000)
  --json             print the full report as JSON`;

export interface DoctorCommandContext {
  out: (line: string) => void;
  err: (line: string) => void;
  fetch?: typeof fetch;
}

/** Runs the command; resolves to the exit code. */
export async function doctorCommand(argv: readonly string[], context: DoctorCommandContext): Promise<number> {
  const syntax = {
    options: {
      chat: { type: 'boolean' },
      message: { type: 'string' },
      header: { type: 'string', multiple: true },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
    },
    usage: DOCTOR_USAGE,
    allowPositionals: true,
    usageExitCode: 2,
  } as const;
  const parsed = parseCommandLine(argv, context, syntax);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const url = positionals[0];
  if (url === undefined || positionals.length > 1 || !/^https?:\/\//.test(url) || !URL.canParse(url)) {
    return usageError(context, syntax, url === undefined ? 'Missing <url>' : `Not an http(s) URL: ${positionals.join(' ')}`);
  }
  const headers: Record<string, string> = {};
  for (const header of values.header ?? []) {
    const match = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(header);
    if (!match) {
      context.err(`--header: expected "Name: value" (got "${header}")`);
      return 2;
    }
    headers[match[1]!.toLowerCase()] = match[2]!;
  }
  const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
    context.err(`--timeout: must be a whole number of milliseconds (got "${values.timeout}")`);
    return 2;
  }

  const report = await runDoctor({
    url,
    headers,
    ...(values.chat ? { chat: true } : {}),
    ...(values.message === undefined ? {} : { message: values.message }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(context.fetch === undefined ? {} : { fetch: context.fetch }),
  });
  context.out(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.healthy ? 0 : 1;
}

/**
 * `sitechat start`'s command line, read by the command itself (main.ts) and, before anything else is loaded,
 * by the entry (cli.ts), which restarts the process with the server's Node options when the command line
 * will start a server.
 */
import { parseArgs } from 'node:util';

/** `-h`/`--help`, which every command takes (command-line.ts adds it to each). */
export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

export const START_SYNTAX = {
  options: { site: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, config: { type: 'string' } },
  allowPositionals: true,
} as const;

/**
 * Whether `argv` is a valid `sitechat start` command line that does not ask for help: what starts a server.
 * Any other command, or a wrong command line, is left to main.ts to run or to refuse.
 * @example
 * startsServer(['start', '--port', '8080']); // true
 * startsServer(['start', '--help']); // false
 */
export function startsServer(argv: readonly string[]): boolean {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { ...START_SYNTAX.options, ...HELP_OPTION },
      allowPositionals: true,
      strict: true,
    });
    return positionals.length === 1 && positionals[0] === 'start' && values.help !== true;
  } catch {
    return false;
  }
}

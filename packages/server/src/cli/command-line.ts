/**
 * Node-only: what every `sitechat` command does before its own work, written once: parse its arguments with
 * `node:util`'s `parseArgs` (strict: an unknown option or a missing value is an error), answer `-h`/`--help`,
 * refuse a wrong command line with the reason and the command's usage, and load the configuration with an
 * owner-readable error instead of a stack trace.
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { ConfigError } from '../config/schema.js';
import { HELP_OPTION as helpOption } from './start-syntax.js';

/** Where a command writes: its own output, and errors and hints. */
export interface CommandOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface CommandSyntax<Options extends ParseArgsOptionsConfig> {
  /** The command's options; `-h`/`--help` is added to every command. */
  options: Options;
  /** Printed after every usage error, and alone for `--help`. */
  usage: string;
  /** Whether the command takes arguments besides options (`sitechat export sft`). Default false. */
  allowPositionals?: boolean;
  /** The exit code of a usage error. Default 1; `sitechat doctor` documents 2. */
  usageExitCode?: number;
}

export type CommandLine<Options extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: Options & typeof helpOption; allowPositionals: true }>
>;

/** Prints `message`, a blank line and the usage; returns the usage error's exit code. */
export function usageError(output: CommandOutput, syntax: Pick<CommandSyntax<ParseArgsOptionsConfig>, 'usage' | 'usageExitCode'>, message: string): number {
  output.err(`${message}\n\n${syntax.usage}`);
  return syntax.usageExitCode ?? 1;
}

/**
 * The command line's values and positionals, or the exit code once the help (0) or a usage error has been
 * printed.
 * @example
 * const parsed = parseCommandLine(argv, context, { options: { json: { type: 'boolean' } }, usage: STATS_USAGE });
 * if (typeof parsed === 'number') return parsed;
 * if (parsed.values.json) ...
 */
export function parseCommandLine<const Options extends ParseArgsOptionsConfig>(
  argv: readonly string[],
  output: CommandOutput,
  syntax: CommandSyntax<Options>,
): CommandLine<Options> | number {
  let parsed: CommandLine<Options>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...syntax.options, ...helpOption },
      allowPositionals: syntax.allowPositionals ?? false,
      strict: true,
    }) as CommandLine<Options>;
  } catch (error) {
    // parseArgs names the option and what is wrong with it: "Unknown option '--prot'".
    return usageError(output, syntax, (error as Error).message);
  }
  if ((parsed.values as { help?: boolean }).help === true) {
    output.out(syntax.usage);
    return 0;
  }
  return parsed;
}

/** The configuration (file, environment, defaults), or exit code 1 once what is wrong with it is printed. */
export async function loadCommandConfig(
  context: CommandOutput & { cwd: string; env: Record<string, string | undefined> },
  configFile: string | undefined,
): Promise<LoadedConfig | number> {
  try {
    return await loadConfig({ cwd: context.cwd, env: context.env, ...(configFile === undefined ? {} : { configFile }) });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    context.err(error.message);
    return 1;
  }
}

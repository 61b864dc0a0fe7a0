/**
 * The Node.js options `sitechat start` runs with (docs/decisions/0015-young-generation-size.md).
 *
 * A young generation of at most 16 MiB per semi-space, half of what Node 24 picks on a machine with 24 GiB.
 * With 32 MiB, a server whose old generation is a few tens of MiB (Sitechat's is 35 to 45: the code of its
 * dependencies and their source text) falls into runs of back-to-back full collections: after each one, the room
 * V8 leaves below its next limit is less than its young generation's target, so the next scavenge starts
 * marking again.
 * Measured at one answer at a time, such a run lasts seconds, collects every 100 to 150 ms, costs half as much
 * CPU again per answer and puts 10 to 17 ms on the slowest answers; with 16 MiB it did not happen at all.
 */

/** What `sitechat start` adds to Node's own options, unless the owner set the same option (theirs wins). */
export const SERVER_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=16'];

/** The option's name: `--max-semi-space-size` of `--max-semi-space-size=16`; `_` and `-` are the same to Node. */
const optionName = (option: string) => option.split('=')[0]!.replaceAll('_', '-');

/**
 * The options of `SERVER_NODE_OPTIONS` that a process started with `execArgv` and `NODE_OPTIONS` was not
 * given: an option the owner gave, with any value, is theirs.
 * @example
 * missingServerNodeOptions(process.execArgv, process.env.NODE_OPTIONS); // ['--max-semi-space-size=16']
 */
export function missingServerNodeOptions(execArgv: readonly string[], nodeOptions: string | undefined): string[] {
  const given = new Set([...execArgv, ...(nodeOptions ?? '').split(/\s+/)].filter((option) => option.startsWith('--')).map(optionName));
  return SERVER_NODE_OPTIONS.filter((option) => !given.has(optionName(option)));
}

/**
 * Restarts this process in place with the options it lacks, through `process.execve` (Node 22.15 and 23.11
 * on): the same process id, the same standard streams and environment, so a service manager or a container
 * sees no difference. Returns without doing anything when nothing is missing, and where `execve` is not
 * available (Windows, older Node, Bun, Deno): the server then runs with the runtime's defaults.
 * Call it before anything else has started: whatever the process did before is gone.
 */
export function restartWithServerNodeOptions(): void {
  const execve = (process as { execve?: (file: string, args: string[], env: NodeJS.ProcessEnv) => never }).execve;
  if (typeof execve !== 'function' || process.platform === 'win32') return;
  const missing = missingServerNodeOptions(process.execArgv, process.env.NODE_OPTIONS);
  if (missing.length === 0) return;
  try {
    execve.call(process, process.execPath, [process.execPath, ...process.execArgv, ...missing, ...process.argv.slice(1)], process.env);
  } catch {
    // Not allowed here (a sandbox, a seccomp profile): run with the defaults.
  }
}

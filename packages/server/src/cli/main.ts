/**
 * The `sitechat` command. `main` takes its arguments and surroundings as parameters, so that tests run it
 * in-process; `runCommand` is what the real command (`cli.ts`) runs.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { OPENAI_BASE_URL } from '../config/defaults.js';
import { MODEL_NOT_CONFIGURED_MESSAGE } from '../config/model-help.js';
import { loadCommandConfig, parseCommandLine, usageError } from './command-line.js';
import { exportCommand } from './export.js';
import { statsCommand } from './stats.js';
import { ingestCommand } from './ingest.js';
import { sourcesCommand } from './ingest-sources.js';
import { knowledgeStatus } from './ingest-output.js';
import { doctorCommand } from '../doctor/command.js';
import { type RunningServer, startServer } from '../node.js';
import { localModelReport, printLocalModel } from '../providers/local-report.js';
import type { ProgressOutput } from '@sitechat/local-model';
import { WIDGET_MISSING_MESSAGE } from '../static.js';
import { START_SYNTAX } from './start-syntax.js';

export const USAGE = `Usage: sitechat start [options]
       sitechat doctor <url>   check that answers stream through the proxies in front (sitechat doctor --help)
       sitechat export sft|preference [--out <file>]   fine-tuning data from the store (sitechat export --help)
       sitechat stats          totals from the store: conversations, answers, ratings, tokens
       sitechat ingest         index your site's content for grounded answers (sitechat ingest --help)
       sitechat sources        the knowledge sources, their pages and whether answers use them

Serves, from one port: the chat API (POST /api/chat), the widget script (/sitechat.js) and your site.

Options:
  --site <dir>      a folder to serve at / (default: a demo page)
  --port <n>        port to listen on (default: PORT, the config file, or 8787)
  --host <h>        interface to listen on (default: HOST, the config file, or 127.0.0.1; 0.0.0.0 in containers)
  --config <file>   config file (default: sitechat.config.{ts,mts,js,mjs,json} in the current folder)
  -h, --help        show this help

Environment: OPENAI_API_KEY, OPENAI_BASE_URL (any OpenAI-compatible server), SITECHAT_MODEL, PORT, HOST,
SITECHAT_MODEL_PATH (a GGUF model run by the server itself; with no model configured, a default one is
downloaded once: docs/local-model.md).`;

export interface CliContext {
  env: Record<string, string | undefined>;
  cwd: string;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Where the local model's download progress bar is drawn (a terminal). Default: lines through `err`. */
  progress?: ProgressOutput;
  /** For the local model's download (tests). Default: the global fetch. */
  fetch?: typeof fetch;
}

/** Exit code, or the running server for `start` (the caller keeps the process alive and stops it). */
export type CliResult = number | RunningServer;

function parsePort(value: string): number | undefined {
  return /^\d{1,5}$/.test(value) && Number(value) <= 65535 ? Number(value) : undefined;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export async function main(argv: readonly string[], context: CliContext): Promise<CliResult> {
  if (argv[0] === 'doctor') return doctorCommand(argv.slice(1), context);
  if (argv[0] === 'export') return exportCommand(argv.slice(1), context);
  if (argv[0] === 'stats') return statsCommand(argv.slice(1), context);
  if (argv[0] === 'ingest') return ingestCommand(argv.slice(1), context);
  if (argv[0] === 'sources') return sourcesCommand(argv.slice(1), context);
  const syntax = { ...START_SYNTAX, usage: USAGE };
  const parsed = parseCommandLine(argv, context, syntax);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (command === 'help') {
    context.out(USAGE);
    return 0;
  }
  if (command === undefined) {
    context.err(USAGE);
    return 1;
  }
  if (command !== 'start' || positionals.length > 1) return usageError(context, syntax, `Unknown command: ${positionals.join(' ')}`);

  const port = values.port === undefined ? undefined : parsePort(values.port);
  if (values.port !== undefined && port === undefined) {
    context.err(`--port: must be a whole number between 0 and 65535 (got "${values.port}")`);
    return 1;
  }
  const site = values.site === undefined ? undefined : resolve(context.cwd, values.site);
  if (site !== undefined && !isDirectory(site)) {
    context.err(`--site: not a folder: ${site}`);
    return 1;
  }

  const loaded = await loadCommandConfig(context, values.config);
  if (typeof loaded === 'number') return loaded;

  let server: RunningServer;
  const localModel = localModelReport(context);
  try {
    server = await startServer({
      config: loaded.config,
      cwd: context.cwd,
      localModelByDefault: true,
      onLocalModel: localModel.onEvent,
      ...(context.fetch === undefined ? {} : { fetch: context.fetch }),
      ...(port === undefined ? {} : { port }),
      ...(values.host === undefined ? {} : { host: values.host }),
      ...(site === undefined ? {} : { site }),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      context.err(`Cannot listen on ${values.host ?? loaded.config.server.host}:${port ?? loaded.config.server.port} (${code}). Pick another --port or --host.`);
      return 1;
    }
    throw error;
  } finally {
    localModel.done();
  }

  const { model } = loaded.config;
  context.out(`Sitechat is running at ${server.url}`);
  if (loaded.file !== undefined) context.out(`  config:  ${loaded.file}`);
  context.out(`  site:    ${site ?? '(demo page)'}`);
  // A classic script: a module script from another origin would need CORS headers to load.
  context.out(`  widget:  <script src="${server.url}/sitechat.js" defer></script>`);
  if (server.localModel !== undefined) printLocalModel(server.localModel, context);
  else if (server.modelConfigured) context.out(`  model:   ${model.name} at ${model.baseURL ?? OPENAI_BASE_URL}`);
  const knowledge = server.knowledge === undefined ? undefined : await knowledgeStatus(server.knowledge);
  if (knowledge !== undefined) context.out(knowledge.line);
  if (knowledge?.warning !== undefined) context.err(`\n${knowledge.warning}`);
  if (!server.modelConfigured && server.localModel === undefined) context.err(`\n${MODEL_NOT_CONFIGURED_MESSAGE}`);
  if (server.widgetFile === undefined) context.err(`\n${WIDGET_MISSING_MESSAGE}`);
  return server;
}

/** Runs the command for the real process: its exit code, or the server until SIGINT or SIGTERM. */
export async function runCommand(argv: readonly string[]): Promise<void> {
  const result = await main(argv, {
    env: process.env,
    cwd: process.cwd(),
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    progress: process.stderr,
  });
  if (typeof result === 'number') {
    process.exitCode = result;
    return;
  }
  const shutdown = (signal: string) => {
    console.log(`\n${signal}: stopping (answers in progress get a few seconds to finish)...`);
    // A second signal stops at once.
    process.once(signal, () => process.exit(1));
    void result.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

/**
 * Node-only: what the store-reading subcommands (`export`, `stats`) share: their surroundings, and opening
 * the configured store with errors an owner can act on.
 */
import type { ConversationStore } from '@sitechat/store';
import type { SitechatConfig } from '../config/schema.js';
import { loadCommandConfig } from './command-line.js';
import { describeStore, openConfiguredStore } from './open-configured-store.js';
import type { ProgressOutput } from './progress-bar.js';

export interface StoreCommandContext {
  env: Record<string, string | undefined>;
  cwd: string;
  /** One line of the command's own output (a summary, a table). */
  out: (line: string) => void;
  /** One line for the person at the terminal (errors, summaries while data goes to stdout). */
  err: (line: string) => void;
  /** Where JSONL goes without `--out`. Default `process.stdout`. */
  stdout?: NodeJS.WritableStream;
  /** Where the progress bar is drawn. Default `process.stderr`. */
  progress?: ProgressOutput;
}

export type OpenedStore = { config: SitechatConfig; store: ConversationStore; where: string };

/** The configuration and its store, or an exit code after printing why not. */
export async function openStoreFromConfig(
  context: StoreCommandContext,
  configFile: string | undefined,
): Promise<OpenedStore | number> {
  const loaded = await loadCommandConfig(context, configFile);
  if (typeof loaded === 'number') return loaded;
  const { config } = loaded;
  const where = describeStore(config, context.cwd);
  if (config.store === false) {
    context.err('The conversation store is off (store: false in the configuration): there is nothing to read.');
    return 1;
  }
  try {
    const store = await openConfiguredStore(config, { cwd: context.cwd });
    return { config, store: store!, where };
  } catch (error) {
    // Never the URL itself: it usually carries a password.
    const detail = (error as { code?: unknown }).code ?? (error as Error).name;
    context.err(`Cannot open the conversation store (${where}): ${String(detail)}.`);
    return 1;
  }
}

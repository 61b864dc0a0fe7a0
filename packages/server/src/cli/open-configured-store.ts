/**
 * Node-only: opens the store `config.store` describes, for `startServer` and the CLI's `export` / `stats`.
 */
import { isAbsolute, resolve } from 'node:path';
import { type ConversationStore, openStore } from '@sitechat/store';
import type { SitechatConfig } from '../config/schema.js';

export interface OpenConfiguredStoreOptions {
  /** What a relative `store.path` is relative to. Default `process.cwd()`. */
  cwd?: string;
}

/**
 * The configured store, migrated and ready; `undefined` when `store: false`.
 * @example
 * const store = await openConfiguredStore(config, { cwd: process.cwd() });
 */
export async function openConfiguredStore(
  config: Pick<SitechatConfig, 'store'>,
  options: OpenConfiguredStoreOptions = {},
): Promise<ConversationStore | undefined> {
  if (config.store === false) return undefined;
  const { url, path, synchronous } = config.store;
  const file = path === ':memory:' || isAbsolute(path) ? path : resolve(options.cwd ?? process.cwd(), path);
  return openStore(url === undefined ? { path: file, synchronous } : { url, path: file, synchronous });
}

/** Where the store is, for messages to the owner: the file, or the database without its password. */
export function describeStore(config: Pick<SitechatConfig, 'store'>, cwd = process.cwd()): string {
  if (config.store === false) return 'off';
  const { url, path } = config.store;
  if (url === undefined) return `SQLite ${path === ':memory:' || isAbsolute(path) ? path : resolve(cwd, path)}`;
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.protocol.startsWith('postgres') ? `PostgreSQL ${parsed.host}${parsed.pathname}` : parsed.toString();
  } catch {
    return 'the database in DATABASE_URL';
  }
}

/** Picks the engine from configuration: the one function the server's start-up code needs. */
import { StoreError, StoreErrorCode } from './errors.ts';
import { PostgresStore, type PostgresStoreOptions } from './postgres/postgres-store.ts';
import { SqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.ts';
import type { ConversationStore } from './types.ts';

export interface OpenStoreOptions
  extends Omit<SqliteStoreOptions, 'path'>,
    Omit<PostgresStoreOptions, 'url'> {
  /**
   * A connection string, usually `DATABASE_URL`: `postgres://` or `postgresql://` opens PostgreSQL;
   * `sqlite:PATH` or `file:PATH` opens that SQLite file. Absent: SQLite at `path`.
   */
  url?: string;
  /** The SQLite file when no `url` is given. Default `.sitechat/sitechat.db` in the working directory. */
  path?: string;
}

/**
 * Opens the store the configuration asks for, migrated and ready.
 * @example
 * const store = await openStore({ url: process.env.DATABASE_URL });
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<ConversationStore> {
  const { url, path, ...rest } = options;
  if (url === undefined || url === '') {
    return SqliteStore.open(path === undefined ? rest : { ...rest, path });
  }
  if (/^postgres(ql)?:\/\//i.test(url)) return PostgresStore.open({ ...rest, url });
  const sqlite = /^(sqlite|file):(.+)$/i.exec(url);
  if (sqlite !== null) return SqliteStore.open({ ...rest, path: sqlite[2]!.replace(/^\/\/(?=\/)/, '') });
  // Never echo the URL: it usually carries a password.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1] ?? 'unknown';
  throw new StoreError(
    StoreErrorCode.UnsupportedDatabase,
    `Unsupported database URL scheme "${scheme}": use postgres:// (PostgreSQL) or sqlite:PATH (SQLite).`,
  );
}

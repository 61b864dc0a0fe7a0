/** The embedded store: one SQLite file, zero configuration, what `sitechat start` uses by default. */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { migrate } from '../core/migrate.ts';
import { SqlStore } from '../core/sql-store.ts';
import type { StoreOptions } from '../types.ts';
import { SqliteDriver, type SqliteDriverOptions } from './sqlite-driver.ts';
import { sqliteBootstrap, sqliteMigrations } from './sqlite-schema.ts';

/** Where the database lives when no path is given, relative to the working directory. */
export const defaultSqlitePath = '.sitechat/sitechat.db';

export interface SqliteStoreOptions extends StoreOptions, SqliteDriverOptions {
  /** A file path (its folder is created), or `:memory:` for a throwaway database. Default `.sitechat/sitechat.db`. */
  path?: string;
}

export class SqliteStore extends SqlStore {
  readonly kind = 'sqlite';
  /** The absolute path of the database file, or `:memory:`. */
  readonly path: string;
  readonly #driver: SqliteDriver;

  private constructor(driver: SqliteDriver, path: string, options: StoreOptions) {
    super(driver, options);
    this.#driver = driver;
    this.path = path;
  }

  /**
   * Opens (creating when absent) the database and brings its schema up to date.
   * @example
   * const store = await SqliteStore.open({ path: 'data/chat.db' });
   */
  static async open(options: SqliteStoreOptions = {}): Promise<SqliteStore> {
    const given = options.path ?? defaultSqlitePath;
    const path = given === ':memory:' ? given : resolve(given);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const driver = new SqliteDriver(path, options);
    try {
      await migrate(driver, { migrations: sqliteMigrations, bootstrap: sqliteBootstrap, lock: async () => {} });
    } catch (error) {
      await driver.close();
      throw error;
    }
    return new SqliteStore(driver, path, options);
  }

  /** Runs SQLite's `PRAGMA integrity_check`; returns the problems found, `[]` when the file is sound. */
  async integrityCheck(): Promise<string[]> {
    const rows = await this.#driver.pragma('PRAGMA integrity_check');
    const problems = rows.map((row) => String(Object.values(row)[0]));
    return problems.length === 1 && problems[0] === 'ok' ? [] : problems;
  }
}

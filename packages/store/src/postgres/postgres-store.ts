/** The shared store: PostgreSQL, for when several server instances serve one site. */
import { migrate } from '../core/migrate.ts';
import { SqlStore } from '../core/sql-store.ts';
import type { StoreOptions } from '../types.ts';
import { PostgresDriver, type PostgresDriverOptions } from './postgres-driver.ts';
import { postgresBootstrap, postgresMigrations } from './postgres-schema.ts';

export interface PostgresStoreOptions extends StoreOptions, PostgresDriverOptions {
  /** A `postgres://` or `postgresql://` connection string, usually `DATABASE_URL`. */
  url: string;
}

export class PostgresStore extends SqlStore {
  readonly kind = 'postgres';
  readonly #driver: PostgresDriver;

  private constructor(driver: PostgresDriver, options: StoreOptions) {
    super(driver, options);
    this.#driver = driver;
  }

  /**
   * Connects and brings the schema up to date. Safe when several instances start at once: migrations are
   * serialized by an advisory lock and each is applied exactly once.
   * @example
   * const store = await PostgresStore.open({ url: process.env.DATABASE_URL! });
   */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const driver = new PostgresDriver(options.url, options);
    const lockKey = `sitechat:migrations:${options.schema ?? ''}`;
    try {
      await migrate(driver, {
        migrations: postgresMigrations,
        bootstrap: postgresBootstrap(options.schema),
        // Transaction-scoped: released by COMMIT or ROLLBACK, so a crashed migrator cannot leave it held.
        lock: async (tx) => {
          await tx.get('SELECT pg_advisory_xact_lock(hashtext(?))', [lockKey]);
        },
      });
    } catch (error) {
      await driver.close();
      throw error;
    }
    return new PostgresStore(driver, options);
  }

  /** The schema the tables live in, when one was given. */
  get schema(): string | undefined {
    return this.#driver.schema;
  }
}

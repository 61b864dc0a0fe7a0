/**
 * `SqlDriver` over a `pg` connection pool. Statements arrive with `?` placeholders (the dialect both
 * engines share in this package) and are rewritten to `$1, $2, ...` once per distinct SQL text. Internal.
 */
import pg from 'pg';
import { StoreError, StoreErrorCode } from '../errors.ts';
import type { Row, SqlDriver, SqlExecutor, SqlValue } from '../core/driver.ts';

export interface PostgresDriverOptions {
  /** Keep every table in this schema (created when absent) instead of the connection's default. */
  schema?: string;
  /** The most connections the pool opens. Default 10. */
  maxConnections?: number;
}

/** `?` -> `$n`, leaving quoted strings and identifiers alone. */
export function numberPlaceholders(sql: string): string {
  let result = '';
  let index = 0;
  let quote: string | undefined;
  for (const character of sql) {
    if (quote !== undefined) {
      if (character === quote) quote = undefined;
      result += character;
    } else if (character === "'" || character === '"') {
      quote = character;
      result += character;
    } else if (character === '?') {
      index += 1;
      result += `$${index}`;
    } else {
      result += character;
    }
  }
  return result;
}

const identifier = /^[a-z_][a-z0-9_]{0,62}$/;

export class PostgresDriver implements SqlDriver {
  readonly dialect = 'postgres';
  readonly schema: string | undefined;
  readonly #pool: pg.Pool;
  readonly #converted = new Map<string, string>();
  #closed = false;

  constructor(connectionString: string, options: PostgresDriverOptions = {}) {
    if (options.schema !== undefined && !identifier.test(options.schema)) {
      throw new StoreError(StoreErrorCode.InvalidInput, 'schema must be a lower-case SQL identifier.');
    }
    this.schema = options.schema;
    this.#pool = new pg.Pool({
      connectionString,
      max: options.maxConnections ?? 10,
      // Set per connection by the server itself, so every pooled connection sees the same tables.
      ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
    });
    // An idle connection can die (server restart, network); without a listener that error would crash the
    // process. The pool drops the connection, and the next query opens a fresh one or reports the failure.
    this.#pool.on('error', () => {});
  }

  #sql(sql: string): string {
    let converted = this.#converted.get(sql);
    if (converted === undefined) {
      converted = numberPlaceholders(sql);
      this.#converted.set(sql, converted);
    }
    return converted;
  }

  #executor(client: pg.Pool | pg.PoolClient): SqlExecutor {
    const query = async (sql: string, params: readonly SqlValue[] = []) => {
      if (this.#closed) throw new StoreError(StoreErrorCode.StoreClosed, 'The store is closed.');
      return client.query(this.#sql(sql), params as SqlValue[]);
    };
    return {
      all: async <T extends Row>(sql: string, params?: readonly SqlValue[]) => (await query(sql, params)).rows as T[],
      get: async <T extends Row>(sql: string, params?: readonly SqlValue[]) =>
        (await query(sql, params)).rows[0] as T | undefined,
      run: async (sql, params) => ({ changes: (await query(sql, params)).rowCount ?? 0 }),
      exec: async (sql) => {
        if (this.#closed) throw new StoreError(StoreErrorCode.StoreClosed, 'The store is closed.');
        await client.query(sql);
      },
    };
  }

  all<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.#executor(this.#pool).all<T>(sql, params);
  }
  get<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.#executor(this.#pool).get<T>(sql, params);
  }
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    return this.#executor(this.#pool).run(sql, params);
  }
  exec(sql: string): Promise<void> {
    return this.#executor(this.#pool).exec(sql);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    if (this.#closed) throw new StoreError(StoreErrorCode.StoreClosed, 'The store is closed.');
    const client = await this.#pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(this.#executor(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        // The connection is unusable; tell the pool to discard it rather than hand it out again.
        broken = rollbackError as Error;
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }
}

/**
 * The little a store needs from a database engine. The SQL is written once, in the subset SQLite and
 * PostgreSQL share (`?` placeholders, `ON CONFLICT ... DO UPDATE`, `RETURNING`); each driver adapts values
 * at its edge: dates (SQLite keeps Unix milliseconds, PostgreSQL `timestamptz`), booleans, placeholders.
 * Internal: not exported from the package.
 */

export type SqlValue = string | number | boolean | Date | null;

/** A result row as the engine returns it; `core/rows.ts` turns rows into records. */
export type Row = Record<string, unknown>;

export interface SqlExecutor {
  all<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** Runs a statement; `changes` is how many rows it inserted, updated or deleted. */
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface SqlDriver extends SqlExecutor {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Runs `work` in one transaction: committed (durably) when it resolves, rolled back when it throws.
   * Statements of other callers never interleave with it.
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `(?, ?, ?)` for an `IN` list of `count` values. */
export function placeholders(count: number): string {
  return `(${Array.from({ length: count }, () => '?').join(', ')})`;
}

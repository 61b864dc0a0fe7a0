/**
 * `SqlDriver` over Node's built-in `node:sqlite` (no native addon to build). The engine is synchronous;
 * the driver queues every call so that a transaction, which awaits between its statements, never has a
 * foreign statement run inside it. Internal.
 *
 * Connections to the same file in one process share one queue. Otherwise a second connection's
 * `BEGIN IMMEDIATE` would wait for the first one's write lock inside SQLite's busy handler, which sleeps
 * the very thread the first connection needs in order to commit: a deadlock until the busy timeout.
 * (Other processes have threads of their own, so across processes the busy timeout just waits.)
 */
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { StoreError, StoreErrorCode } from '../errors.ts';
import type { Row, SqlDriver, SqlExecutor, SqlValue } from '../core/driver.ts';

export interface SqliteDriverOptions {
  /**
   * `full` (default) syncs the write-ahead log on every commit: an acknowledged write survives power loss.
   * `normal` syncs at checkpoints only: it survives a crash of the process but not of the machine.
   */
  synchronous?: 'full' | 'normal';
  /** How long to wait for another process's write lock, in milliseconds. Default 5000. */
  busyTimeoutMs?: number;
}

function toSqlite(value: SqlValue | undefined): SQLInputValue {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value ?? null;
}

/** A chain of promises: each task starts when the one before it has settled. */
class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  users = 0;

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

const fileQueues = new Map<string, SerialQueue>();

function queueFor(path: string): SerialQueue {
  if (path === ':memory:') return new SerialQueue(); // every in-memory connection is its own database
  let queue = fileQueues.get(path);
  if (queue === undefined) {
    queue = new SerialQueue();
    fileQueues.set(path, queue);
  }
  return queue;
}

export class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite';
  readonly #database: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();
  readonly #path: string;
  readonly #queue: SerialQueue;
  #closed = false;
  /** Runs statements directly: used inside a transaction, which already holds the queue. */
  readonly #direct: SqlExecutor;

  /** `path` should be absolute (or `:memory:`), so that one file always maps to one queue. */
  constructor(path: string, options: SqliteDriverOptions = {}) {
    this.#database = new DatabaseSync(path, {
      enableForeignKeyConstraints: true,
      timeout: options.busyTimeoutMs ?? 5000,
    });
    this.#path = path;
    this.#queue = queueFor(path);
    this.#queue.users += 1;
    // WAL: readers never block the writer, and a commit is one sequential append to the log.
    if (path !== ':memory:') this.#database.exec('PRAGMA journal_mode = WAL');
    this.#database.exec(`PRAGMA synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    this.#database.exec('PRAGMA foreign_keys = ON');
    const run = <T>(work: () => T) => Promise.resolve().then(work);
    this.#direct = {
      all: (sql, params) => run(() => this.#prepare(sql).all(...(params ?? []).map(toSqlite)) as never),
      get: (sql, params) => run(() => this.#prepare(sql).get(...(params ?? []).map(toSqlite)) as never),
      run: (sql, params) =>
        run(() => ({ changes: Number(this.#prepare(sql).run(...(params ?? []).map(toSqlite)).changes) })),
      exec: (sql) => run(() => this.#database.exec(sql)),
    };
  }

  #prepare(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#database.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs `work` after everything queued before it, and before anything queued after it. */
  #serialized<T>(work: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreError(StoreErrorCode.StoreClosed, 'The store is closed.'));
    return this.#queue.run(work);
  }

  all<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.#serialized(() => this.#direct.all<T>(sql, params));
  }
  get<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.#serialized(() => this.#direct.get<T>(sql, params));
  }
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    return this.#serialized(() => this.#direct.run(sql, params));
  }
  exec(sql: string): Promise<void> {
    return this.#serialized(() => this.#direct.exec(sql));
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.#serialized(async () => {
      // IMMEDIATE takes the write lock up front; a deferred transaction that reads first and then writes
      // can fail with SQLITE_BUSY when another process wrote in between, which no retry of ours could fix.
      this.#database.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.#direct);
        this.#database.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.#database.isTransaction) this.#database.exec('ROLLBACK');
        throw error;
      }
    });
  }

  /** Runs a read-only check (such as `PRAGMA integrity_check`) outside the store's own statements. */
  pragma(sql: string): Promise<Row[]> {
    return this.#serialized(async () => this.#database.prepare(sql).all() as Row[]);
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    const closing = this.#serialized(async () => {
      this.#statements.clear();
      this.#database.close();
    });
    this.#closed = true;
    this.#queue.users -= 1;
    if (this.#queue.users === 0 && fileQueues.get(this.#path) === this.#queue) fileQueues.delete(this.#path);
    return closing;
  }
}

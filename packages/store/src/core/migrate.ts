/**
 * Versioned schema migrations, applied when a store opens. Each migration runs once, in its own transaction
 * together with the row that records it in `sitechat_migrations`, so a crash mid-migration leaves the
 * previous version intact. Concurrent starts are serialized by the driver's `lock` (SQLite: the write lock
 * of `BEGIN IMMEDIATE`; PostgreSQL: a transaction-scoped advisory lock), and every step re-reads what is
 * applied after taking the lock, so the second process to arrive finds the work done.
 */
import { StoreError, StoreErrorCode } from '../errors.ts';
import type { SqlDriver, SqlExecutor } from './driver.ts';
import { toInt } from './rows.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export interface MigrationPlan {
  migrations: readonly Migration[];
  /** DDL creating `sitechat_migrations` (and anything it needs) if absent; run under the lock. */
  bootstrap: string;
  /** Taken first thing in every migration transaction. */
  lock: (tx: SqlExecutor) => Promise<void>;
}

/** Brings the schema up to date. Returns the versions this call applied (empty when already current). */
export async function migrate(driver: SqlDriver, plan: MigrationPlan): Promise<number[]> {
  const latest = Math.max(0, ...plan.migrations.map((migration) => migration.version));
  await driver.transaction(async (tx) => {
    await plan.lock(tx);
    await tx.exec(plan.bootstrap);
  });
  const applied: number[] = [];
  for (const migration of [...plan.migrations].sort((a, b) => a.version - b.version)) {
    const didApply = await driver.transaction(async (tx) => {
      await plan.lock(tx);
      const current = toInt((await tx.get('SELECT MAX(version) AS v FROM sitechat_migrations'))?.v);
      if (current > latest) {
        throw new StoreError(
          StoreErrorCode.SchemaTooNew,
          `The database schema is at version ${current}, newer than this Sitechat knows (${latest}). Upgrade Sitechat.`,
        );
      }
      const done = await tx.get('SELECT version FROM sitechat_migrations WHERE version = ?', [migration.version]);
      if (done !== undefined) return false;
      await tx.exec(migration.sql);
      await tx.run('INSERT INTO sitechat_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        migration.version,
        migration.name,
        new Date(),
      ]);
      return true;
    });
    if (didApply) applied.push(migration.version);
  }
  return applied;
}

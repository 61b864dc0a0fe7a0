import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDriver } from '../sqlite/sqlite-driver.ts';
import { sqliteBootstrap } from '../sqlite/sqlite-schema.ts';
import { errorCode } from '../contract/builders.ts';
import { migrate, type Migration } from './migrate.ts';

const first: Migration = { version: 1, name: 'first', sql: 'CREATE TABLE a (x INTEGER) STRICT;' };
const second: Migration = { version: 2, name: 'second', sql: 'CREATE TABLE b (y INTEGER) STRICT; INSERT INTO b VALUES (1);' };
const plan = (...migrations: Migration[]) => ({ migrations, bootstrap: sqliteBootstrap, lock: async () => {} });

describe('migrate', () => {
  let driver: SqliteDriver;
  beforeEach(() => {
    driver = new SqliteDriver(':memory:');
  });
  afterEach(() => driver.close());

  it('applies each migration once, in version order, and records it', async () => {
    expect(await migrate(driver, plan(second, first))).toEqual([1, 2]);
    expect(await migrate(driver, plan(first, second))).toEqual([]);
    const rows = await driver.all('SELECT version, name FROM sitechat_migrations ORDER BY version');
    expect(rows).toEqual([
      { version: 1, name: 'first' },
      { version: 2, name: 'second' },
    ]);
    expect(await driver.all('SELECT y FROM b')).toEqual([{ y: 1 }]);
  });

  it('applies only what is new when the code gains a migration', async () => {
    await migrate(driver, plan(first));
    expect(await migrate(driver, plan(first, second))).toEqual([2]);
  });

  it('rolls a failing migration back entirely and reports the failure', async () => {
    const broken: Migration = { version: 2, name: 'broken', sql: 'CREATE TABLE c (z INTEGER); SELECT * FROM missing;' };
    await expect(migrate(driver, plan(first, broken))).rejects.toThrow(/missing/);
    expect(await driver.all("SELECT name FROM sqlite_master WHERE name = 'c'")).toEqual([]);
    expect(await driver.all('SELECT version FROM sitechat_migrations')).toEqual([{ version: 1 }]);
  });

  it('refuses a database migrated by a newer version', async () => {
    await migrate(driver, plan(first, second));
    expect(await errorCode(migrate(driver, plan(first)))).toBe('schema_too_new');
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectVersionOneMigrated, seedVersionOne } from '../__fixtures__/version-one.ts';
import { errorCode } from '../contract/builders.ts';
import { migrate } from '../core/migrate.ts';
import { openStore } from '../open-store.ts';
import { SqliteDriver } from './sqlite-driver.ts';
import { sqliteBootstrap, sqliteMigrations } from './sqlite-schema.ts';
import { SqliteStore } from './sqlite-store.ts';

describe('SqliteStore on a file', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'sitechat-store-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('creates the folder, uses WAL, and keeps data across reopening without migrating again', async () => {
    const path = join(folder, 'nested', 'dir', 'chat.db');
    const store = await SqliteStore.open({ path });
    const conversation = await store.createConversation({ visitorId: 'v1' });
    await store.close();

    const raw = new DatabaseSync(path);
    expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    const appliedAt = raw.prepare('SELECT applied_at FROM sitechat_migrations').all();
    raw.close();

    const reopened = await SqliteStore.open({ path });
    expect(await reopened.schemaVersions()).toEqual([1, 2]);
    expect(await reopened.getConversation('v1', conversation.id)).toEqual(conversation);
    expect(await reopened.integrityCheck()).toEqual([]);
    await reopened.close();
    const again = new DatabaseSync(path);
    expect(again.prepare('SELECT applied_at FROM sitechat_migrations').all()).toEqual(appliedAt);
    again.close();
  });

  it('lets several connections open a fresh file at once', async () => {
    const path = join(folder, 'race.db');
    const stores = await Promise.all(Array.from({ length: 4 }, () => SqliteStore.open({ path })));
    for (const store of stores) expect(await store.schemaVersions()).toEqual([1, 2]);
    await Promise.all(stores.map((store) => store.close()));
  });

  it('upgrades a version 1 database: each question follows the one before it, the history is unchanged', async () => {
    const path = join(folder, 'version-1.db');
    const driver = new SqliteDriver(path);
    await migrate(driver, { migrations: sqliteMigrations.slice(0, 1), bootstrap: sqliteBootstrap, lock: async () => {} });
    await seedVersionOne(driver);
    await driver.close();
    const store = await SqliteStore.open({ path });
    expect(await store.schemaVersions()).toEqual([1, 2]);
    await expectVersionOneMigrated(store);
    await store.close();
  });

  it('refuses to open a database from a newer Sitechat, and closes it', async () => {
    const path = join(folder, 'future.db');
    await (await SqliteStore.open({ path })).close();
    const raw = new DatabaseSync(path);
    raw.prepare("INSERT INTO sitechat_migrations VALUES (99, 'future', 0)").run();
    raw.close();
    expect(await errorCode(SqliteStore.open({ path }))).toBe('schema_too_new');
  });

  it('rejects calls after close with store_closed', async () => {
    const store = await SqliteStore.open({ path: ':memory:' });
    await store.close();
    expect(await errorCode(store.createConversation({ visitorId: 'v1' }))).toBe('store_closed');
    await store.close();
  });

  it('opens what openStore is given: a path, a sqlite: URL, never an unknown engine', async () => {
    const byPath = await openStore({ path: join(folder, 'a.db') });
    expect(byPath.kind).toBe('sqlite');
    await byPath.close();
    const byUrl = await openStore({ url: `sqlite:${join(folder, 'b.db')}` });
    expect((byUrl as SqliteStore).path).toBe(join(folder, 'b.db'));
    await byUrl.close();
    const memory = await openStore({ url: 'sqlite::memory:' });
    expect((memory as SqliteStore).path).toBe(':memory:');
    await memory.close();
    const refused = openStore({ url: 'mysql://root:hunter2@db/chat' });
    await expect(refused).rejects.toMatchObject({ code: 'unsupported_database' });
    await expect(openStore({ url: 'mysql://root:hunter2@db/chat' })).rejects.not.toThrow(/hunter2/);
  });
});

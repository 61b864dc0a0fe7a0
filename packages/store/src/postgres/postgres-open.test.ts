import { describe, expect, it } from 'vitest';
import { expectVersionOneMigrated, seedVersionOne } from '../__fixtures__/version-one.ts';
import { errorCode } from '../contract/builders.ts';
import { databaseUrl, dropSchema, uniqueSchema } from '../contract/harness.ts';
import { migrate } from '../core/migrate.ts';
import { openStore } from '../open-store.ts';
import { numberPlaceholders, PostgresDriver } from './postgres-driver.ts';
import { postgresBootstrap, postgresMigrations } from './postgres-schema.ts';
import { PostgresStore } from './postgres-store.ts';

describe('numberPlaceholders', () => {
  it('numbers question marks outside quotes', () => {
    expect(numberPlaceholders("SELECT '?' AS q, \"a?\" FROM t WHERE a = ? AND b IN (?, ?)")).toBe(
      "SELECT '?' AS q, \"a?\" FROM t WHERE a = $1 AND b IN ($2, $3)",
    );
  });
});

describe.skipIf(databaseUrl === undefined)('PostgresStore opening', () => {
  const url = databaseUrl!;

  it('migrates once when several instances start at the same moment', async () => {
    const schema = uniqueSchema();
    try {
      const stores = await Promise.all(Array.from({ length: 4 }, () => PostgresStore.open({ url, schema, maxConnections: 2 })));
      for (const store of stores) expect(await store.schemaVersions()).toEqual([1, 2]);
      const conversation = await stores[0]!.createConversation({ visitorId: 'v1' });
      expect(await stores[3]!.getConversation('v1', conversation.id)).toEqual(conversation);
      await Promise.all(stores.map((store) => store.close()));

      const reopened = await openStore({ url, schema });
      expect(reopened.kind).toBe('postgres');
      expect(await reopened.getConversation('v1', conversation.id)).toEqual(conversation);
      await reopened.close();
    } finally {
      await dropSchema(url, schema);
    }
  });

  it('upgrades a version 1 schema: each question follows the one before it, the history is unchanged', async () => {
    const schema = uniqueSchema();
    try {
      const driver = new PostgresDriver(url, { schema });
      await migrate(driver, { migrations: postgresMigrations.slice(0, 1), bootstrap: postgresBootstrap(schema), lock: async () => {} });
      await seedVersionOne(driver);
      await driver.close();
      const store = await PostgresStore.open({ url, schema });
      expect(await store.schemaVersions()).toEqual([1, 2]);
      await expectVersionOneMigrated(store);
      await store.close();
    } finally {
      await dropSchema(url, schema);
    }
  });

  it('refuses a schema from a newer Sitechat', async () => {
    const schema = uniqueSchema();
    try {
      const store = await PostgresStore.open({ url, schema });
      await store.close();
      const pg = await import('pg');
      const client = new pg.default.Client({ connectionString: url });
      await client.connect();
      await client.query(`INSERT INTO ${schema}.sitechat_migrations VALUES (99, 'future', now())`);
      await client.end();
      expect(await errorCode(PostgresStore.open({ url, schema }))).toBe('schema_too_new');
    } finally {
      await dropSchema(url, schema);
    }
  });

  it('rejects a schema name that is not a plain identifier', async () => {
    expect(await errorCode(PostgresStore.open({ url, schema: 'x; DROP TABLE y' }))).toBe('invalid_input');
  });
});

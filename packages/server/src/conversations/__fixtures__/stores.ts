/**
 * The stores the server's conversation tests run against: SQLite in memory always, PostgreSQL (a schema of
 * its own per store, dropped afterwards) when DATABASE_URL is set, as CI does.
 */
import { randomBytes } from 'node:crypto';
import { type ConversationStore, openStore, type StoreOptions } from '@sitechat/store';
import pg from 'pg';

export const databaseUrl = process.env.DATABASE_URL;

export interface TestStore {
  store: ConversationStore;
  dispose(): Promise<void>;
}

export interface Engine {
  name: 'sqlite' | 'postgres';
  open(options?: StoreOptions): Promise<TestStore>;
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

const sqlite: Engine = {
  name: 'sqlite',
  async open(options = {}) {
    const store = await openStore({ path: ':memory:', ...options });
    return { store, dispose: () => store.close() };
  },
};

const postgres: Engine = {
  name: 'postgres',
  async open(options = {}) {
    const schema = `sitechat_server_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const store = await openStore({ url: databaseUrl!, schema, maxConnections: 4, ...options });
    return {
      store,
      dispose: async () => {
        await store.close();
        await dropSchema(databaseUrl!, schema);
      },
    };
  },
};

/** SQLite, and PostgreSQL when DATABASE_URL is set. */
export const engines: Engine[] = databaseUrl === undefined ? [sqlite] : [sqlite, postgres];

/** A fixed clock that tests move forward by hand. */
export function fakeClock(start = '2025-03-01T09:00:00.000Z') {
  let time = Date.parse(start);
  return {
    now: () => new Date(time),
    advance: (ms: number) => void (time += ms),
  };
}

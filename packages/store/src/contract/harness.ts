/**
 * Test support shared by the engines' test files: a fake clock, predictable ids, and the factories that
 * open a fresh, isolated store per test (SQLite in memory; PostgreSQL in a schema of its own, dropped
 * afterwards, so parallel runs and reruns never see each other's rows).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PostgresStore } from '../postgres/postgres-store.ts';
import { SqliteStore } from '../sqlite/sqlite-store.ts';
import type { ConversationStore, StoreOptions } from '../types.ts';

export interface FakeClock {
  now: () => Date;
  /** Moves time forward. */
  advance(ms: number): void;
  set(iso: string): void;
}

export function fakeClock(start = '2025-03-01T09:00:00.000Z'): FakeClock {
  let time = Date.parse(start);
  return {
    now: () => new Date(time),
    advance: (ms) => {
      time += ms;
    },
    set: (iso) => {
      time = Date.parse(iso);
    },
  };
}

/** `id-000001`, `id-000002`, ...: ids that sort in creation order and read well in golden files. */
export function sequentialIds(prefix = 'id'): () => string {
  let next = 0;
  return () => `${prefix}-${String(++next).padStart(6, '0')}`;
}

export interface Harness {
  store: ConversationStore & { schemaVersions(): Promise<number[]> };
  clock: FakeClock;
  dispose(): Promise<void>;
}

/** Opens a fresh store for one test; `options` lets a test replace the clock or the ids. */
export type HarnessFactory = (options?: Partial<StoreOptions>) => Promise<Harness>;

export const sqliteHarness: HarnessFactory = async (options = {}) => {
  const clock = fakeClock();
  const store = await SqliteStore.open({ path: ':memory:', now: clock.now, generateId: sequentialIds(), ...options });
  return { store, clock, dispose: () => store.close() };
};

export const databaseUrl = process.env.DATABASE_URL;

export function uniqueSchema(): string {
  return `sitechat_test_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

export const postgresHarness: HarnessFactory = async (options = {}) => {
  if (databaseUrl === undefined) throw new Error('DATABASE_URL is not set');
  const clock = fakeClock();
  const schema = uniqueSchema();
  const store = await PostgresStore.open({
    url: databaseUrl,
    schema,
    maxConnections: 4,
    now: clock.now,
    generateId: sequentialIds(),
    ...options,
  });
  return {
    store,
    clock,
    dispose: async () => {
      await store.close();
      await dropSchema(databaseUrl, schema);
    },
  };
};

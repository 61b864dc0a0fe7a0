import type pg from 'pg';

/** Where vectors live: a pgvector column when the extension is available, else Float32 bytea. */
export type VectorStorage = 'pgvector' | 'bytea';

/**
 * Creates the knowledge tables if missing and tells how vectors are stored. The tsvector is a
 * generated column (title A, heading path B, body D) with a GIN index, so writers only insert text.
 * The version row is bumped by every write; instances without pgvector use it to refresh their
 * in-memory vectors. `prefix` and `config` must already be checked identifiers.
 */
export async function createPostgresSchema(pool: pg.Pool, prefix: string, config: string): Promise<VectorStorage> {
  const p = prefix;
  const preferred = await detectVectorStorage(pool);
  await pool.query(`
    CREATE TABLE IF NOT EXISTS ${p}_sources (name text PRIMARY KEY, enabled boolean NOT NULL DEFAULT true);
    CREATE TABLE IF NOT EXISTS ${p}_version (id integer PRIMARY KEY, version bigint NOT NULL);
    CREATE TABLE IF NOT EXISTS ${p}_documents (
      source text NOT NULL, url text NOT NULL, title text NOT NULL, hash text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (source, url));
    CREATE TABLE IF NOT EXISTS ${p}_chunks (
      id text PRIMARY KEY, source text NOT NULL, url text NOT NULL, ordinal integer NOT NULL,
      title text NOT NULL, heading_path jsonb NOT NULL, headings text NOT NULL, body text NOT NULL,
      embedding ${preferred === 'pgvector' ? 'vector' : 'bytea'},
      search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('${config}', title), 'A') ||
        setweight(to_tsvector('${config}', headings), 'B') ||
        setweight(to_tsvector('${config}', body), 'D')) STORED);
    CREATE INDEX IF NOT EXISTS ${p}_chunks_document ON ${p}_chunks (source, url);
    CREATE INDEX IF NOT EXISTS ${p}_chunks_search ON ${p}_chunks USING gin (search);
  `);
  await keepTextVectorsInline(pool, `${p}_chunks`);
  // A table created earlier keeps the column type it was created with.
  const column = await pool.query<{ udt_name: string }>(
    `SELECT udt_name FROM information_schema.columns WHERE table_name = $1 AND column_name = 'embedding'`,
    [`${p}_chunks`.toLowerCase()],
  );
  return column.rows[0]?.udt_name === 'vector' ? 'pgvector' : 'bytea';
}

/**
 * A chunk's tsvector (title, headings and body, with positions) is often over the 2 kB at which
 * PostgreSQL moves a value out of line into the TOAST table. Ranking reads it once per query term for
 * every matching row, and each read fetched it from the TOAST table again: at 10,000 chunks that was
 * most of a keyword search (68,000 buffer reads for one 4-word question; 2,100 with `MAIN`). `MAIN`
 * keeps it compressed in the row itself. Applies to rows written from then on; checked first because
 * `ALTER TABLE` takes a lock that would wait for every running search.
 */
async function keepTextVectorsInline(pool: pg.Pool, table: string): Promise<void> {
  const column = await pool.query<{ attstorage: string }>(
    `SELECT attstorage FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = 'search'`,
    [table],
  );
  if (column.rows[0]?.attstorage !== 'm') await pool.query(`ALTER TABLE ${table} ALTER COLUMN search SET STORAGE MAIN`);
}

async function detectVectorStorage(pool: pg.Pool): Promise<VectorStorage> {
  const available = await pool.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'vector'`);
  if (available.rowCount === 0) return 'bytea';
  try {
    await pool.query('CREATE EXTENSION IF NOT EXISTS vector');
    return 'pgvector';
  } catch {
    return 'bytea'; // installed on the server but this role may not create it: fall back quietly
  }
}

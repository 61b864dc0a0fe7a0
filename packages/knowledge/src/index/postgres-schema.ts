import type pg from 'pg';

/** Where vectors live: a pgvector column when the extension is available, else Float32 bytea. */
export type VectorStorage = 'pgvector' | 'bytea';

/** What `createPostgresSchema` found or made. */
export interface PostgresSchema {
  vectorStorage: VectorStorage;
  /**
   * Whether the index reads words without their accents ("cafe" and "café" the same word), as SQLite's
   * `remove_diacritics 2` does. Needs a UTF-8 database; a query must then fold its words too (`wordQuery`).
   */
  foldsAccents: boolean;
}

/**
 * `text` (an SQL expression) without its accents: decomposed (NFD), then without the combining diacritical
 * marks. Immutable, so usable in the generated column; the same expression on each query word.
 */
function foldAccents(text: string): string {
  return `regexp_replace(normalize(${text}, NFD), '[\u0300-\u036f]', '', 'g')`;
}

/** The tsquery of one word (an SQL expression), folded as an index that folds accents is. */
export function wordQuery(config: string, word: string, fold: boolean): string {
  return `plainto_tsquery('${config}', ${fold ? foldAccents(word) : word})`;
}

function searchColumn(config: string, fold: boolean): string {
  const words = (column: string) => `to_tsvector('${config}', ${fold ? foldAccents(column) : column})`;
  return `search tsvector GENERATED ALWAYS AS (
        setweight(${words('title')}, 'A') ||
        setweight(${words('headings')}, 'B') ||
        setweight(${words('body')}, 'D')) STORED`;
}

/**
 * Creates the knowledge tables if missing and tells how vectors are stored and whether accents are folded.
 * The tsvector is a generated column (title A, heading path B, body D) with a GIN index, so writers only
 * insert text. The version row is bumped by every write; instances without pgvector use it to refresh their
 * in-memory vectors. `prefix` and `config` must already be checked identifiers.
 */
export async function createPostgresSchema(pool: pg.Pool, prefix: string, config: string): Promise<PostgresSchema> {
  const p = prefix;
  const preferred = await detectVectorStorage(pool);
  const foldable = await canFoldAccents(pool);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // One instance at a time: `IF NOT EXISTS` does not hold against another session creating the same table or
    // index at the same moment (a duplicate key error), as several server instances starting together would.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sitechat-knowledge-schema:${p}`]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS ${p}_sources (name text PRIMARY KEY, enabled boolean NOT NULL DEFAULT true);
      CREATE TABLE IF NOT EXISTS ${p}_version (id integer PRIMARY KEY, version bigint NOT NULL);
      CREATE TABLE IF NOT EXISTS ${p}_documents (
        source text NOT NULL, url text NOT NULL, title text NOT NULL, hash text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (source, url));
      CREATE TABLE IF NOT EXISTS ${p}_chunks (
        id text PRIMARY KEY, source text NOT NULL, url text NOT NULL, ordinal integer NOT NULL,
        title text NOT NULL, heading_path jsonb NOT NULL, headings text NOT NULL, body text NOT NULL,
        embedding ${preferred === 'pgvector' ? 'vector' : 'bytea'},
        ${searchColumn(config, foldable)});
      CREATE INDEX IF NOT EXISTS ${p}_chunks_document ON ${p}_chunks (source, url);
      CREATE INDEX IF NOT EXISTS ${p}_chunks_search ON ${p}_chunks USING gin (search);
    `);
    const foldsAccents = foldable && (await foldExistingIndex(client, p, config));
    await keepTextVectorsInline(client, `${p}_chunks`);
    // A table created earlier keeps the column type it was created with.
    const column = await client.query<{ udt_name: string }>(
      `SELECT udt_name FROM information_schema.columns WHERE table_name = $1 AND column_name = 'embedding'`,
      [`${p}_chunks`.toLowerCase()],
    );
    await client.query('COMMIT');
    return { vectorStorage: column.rows[0]?.udt_name === 'vector' ? 'pgvector' : 'bytea', foldsAccents };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** `normalize()` needs PostgreSQL 13 and a UTF-8 database. */
async function canFoldAccents(pool: pg.Pool): Promise<boolean> {
  const result = await pool.query<{ version: number; encoding: string }>(
    `SELECT current_setting('server_version_num')::int AS version, current_setting('server_encoding') AS encoding`,
  );
  const row = result.rows[0];
  return row !== undefined && row.version >= 130000 && row.encoding === 'UTF8';
}

/**
 * An index made before accents were folded has a `search` column without them: it is rebuilt, once (the caller
 * holds the schema lock). `false` when that cannot be done (the role may not alter the table): queries then do
 * not fold either, and the index works as before.
 */
async function foldExistingIndex(client: pg.PoolClient, p: string, config: string): Promise<boolean> {
  const current = await client.query<{ expression: string }>(
    `SELECT pg_get_expr(d.adbin, d.adrelid) AS expression FROM pg_attrdef d
     JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
     WHERE d.adrelid = to_regclass($1) AND a.attname = 'search'`,
    [`${p}_chunks`],
  );
  if ((current.rows[0]?.expression ?? '').includes('normalize(')) return true;
  await client.query('SAVEPOINT fold_accents');
  try {
    await client.query(`ALTER TABLE ${p}_chunks DROP COLUMN search`);
    await client.query(`ALTER TABLE ${p}_chunks ADD COLUMN ${searchColumn(config, true)}`);
    await client.query(`CREATE INDEX ${p}_chunks_search ON ${p}_chunks USING gin (search)`);
    await client.query('RELEASE SAVEPOINT fold_accents');
    return true;
  } catch {
    await client.query('ROLLBACK TO SAVEPOINT fold_accents');
    return false;
  }
}

/**
 * A chunk's tsvector (title, headings and body, with positions) is often over the 2 kB at which
 * PostgreSQL moves a value out of line into the TOAST table. Ranking reads it once per query term for
 * every matching row, and each read fetched it from the TOAST table again: at 10,000 chunks that was
 * most of a keyword search (68,000 buffer reads for one 4-word question; 2,100 with `MAIN`). `MAIN`
 * keeps it compressed in the row itself. Applies to rows written from then on; checked first because
 * `ALTER TABLE` takes a lock that would wait for every running search.
 */
async function keepTextVectorsInline(client: pg.PoolClient, table: string): Promise<void> {
  const column = await client.query<{ attstorage: string }>(
    `SELECT attstorage FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = 'search'`,
    [table],
  );
  if (column.rows[0]?.attstorage !== 'm') await client.query(`ALTER TABLE ${table} ALTER COLUMN search SET STORAGE MAIN`);
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

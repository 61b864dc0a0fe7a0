import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { describeKnowledgeIndexContract } from './knowledge-index.contract.js';
import { PostgresKnowledgeIndex } from './postgres-index.js';
import { normalizeVector } from './vectors.js';

const databaseUrl = process.env.DATABASE_URL;
let counter = 0;
const uniquePrefix = () => `test_kb_${process.pid}_${counter++}`;

// Each test gets its own tables (a unique prefix) and drops them afterwards.
describe.skipIf(!databaseUrl)('PostgreSQL (DATABASE_URL)', () => {
  describeKnowledgeIndexContract(
    'PostgreSQL',
    async () => new PostgresKnowledgeIndex({ connectionString: databaseUrl, tablePrefix: uniquePrefix() }),
    async (index) => {
      await (index as PostgresKnowledgeIndex).drop();
      await index.close();
    },
  );

  it('ranks by BM25, as SQLite does: IDF, saturating term frequency, title weight and length normalization', async () => {
    const index = new PostgresKnowledgeIndex({ connectionString: databaseUrl, tablePrefix: uniquePrefix() });
    try {
      await index.init();
      // Tokens per chunk (title + body, after stemming and stopwords): /a 4, /b 2, /c 3; average 3.
      await index.putDocument({ source: 's', url: '/a', title: 'Alpha', hash: 'a' }, [{ id: 'a-0', ordinal: 0, headingPath: [], text: 'descaling kettle kettle' }]);
      await index.putDocument({ source: 's', url: '/b', title: 'Bravo', hash: 'b' }, [{ id: 'b-0', ordinal: 0, headingPath: [], text: 'kettle' }]);
      await index.putDocument({ source: 's', url: '/c', title: 'Charlie', hash: 'c' }, [{ id: 'c-0', ordinal: 0, headingPath: [], text: 'grinder burrs' }]);
      const bm25 = (chunks: number, frequency: number, occurrences: number, tokens: number) =>
        Math.log(1 + (chunks - frequency + 0.5) / (frequency + 0.5)) * (occurrences * 2.2) / (occurrences + 1.2 * (0.25 + (0.75 * tokens) / 3));
      const kettle = await index.keywordSearch(['kettle'], { limit: 5 });
      expect(kettle.map((hit) => hit.chunkId)).toEqual(['a-0', 'b-0']);
      expect(kettle[0]!.rank).toBeCloseTo(bm25(3, 2, 2, 4), 5);
      expect(kettle[1]!.rank).toBeCloseTo(bm25(3, 2, 1, 2), 5);
      // A title word counts 4 times (the default column weights 4, 2, 1); terms add up.
      const [bravo] = await index.keywordSearch(['bravo', 'kettle'], { limit: 5 });
      expect(bravo?.chunkId).toBe('b-0');
      expect(bravo!.rank).toBeCloseTo(bm25(3, 1, 4, 2) + bm25(3, 2, 1, 2), 5);
      expect(() => new PostgresKnowledgeIndex({ connectionString: databaseUrl, columnWeights: [4, 2, 0] })).toThrow(/above 0, not 0/);
      expect(() => new PostgresKnowledgeIndex({ connectionString: databaseUrl, columnWeights: [Number.NaN, 2, 1] })).toThrow(/above 0, not NaN/);
    } finally {
      await index.drop();
      await index.close();
    }
  });

  it('rebuilds an index made before accents were folded, once, keeping its passages, when instances start together', async () => {
    const tablePrefix = uniquePrefix();
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    const first = new PostgresKnowledgeIndex({ connectionString: databaseUrl, tablePrefix });
    const second = new PostgresKnowledgeIndex({ connectionString: databaseUrl, tablePrefix });
    try {
      // The tables as an earlier version made them: the tsvector without folding.
      await first.init();
      await first.putDocument({ source: 's', url: '/menu', title: 'Café menu', hash: 'h' }, [{ id: 'm-0', ordinal: 0, headingPath: ['Desserts'], text: 'Crème brûlée every morning.' }]);
      await pool.query(`ALTER TABLE ${tablePrefix}_chunks DROP COLUMN search`);
      await pool.query(`ALTER TABLE ${tablePrefix}_chunks ADD COLUMN search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', headings), 'B') ||
        setweight(to_tsvector('english', body), 'D')) STORED`);
      const reopened = [new PostgresKnowledgeIndex({ connectionString: databaseUrl, tablePrefix }), second];
      await Promise.all(reopened.map((index) => index.init()));
      for (const index of reopened) {
        expect((await index.keywordSearch(['cafe', 'creme'], { limit: 5 })).map((hit) => hit.chunkId)).toEqual(['m-0']);
      }
      const columns = await pool.query(`SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = $1 AND indexname = $2`, [`${tablePrefix}_chunks`, `${tablePrefix}_chunks_search`]);
      expect(columns.rows[0].n).toBe(1);
      await reopened[0]!.close();
    } finally {
      await first.drop();
      await first.close();
      await second.close();
      await pool.end();
    }
  });

  it('lets one server instance see vectors another instance wrote', async () => {
    const tablePrefix = uniquePrefix();
    const reader = new PostgresKnowledgeIndex({ connectionString: databaseUrl, tablePrefix });
    const writer = new PostgresKnowledgeIndex({ connectionString: databaseUrl, tablePrefix });
    try {
      await reader.init();
      await writer.init();
      expect(await reader.vectorSearch(normalizeVector([1, 0]), { limit: 5 })).toEqual([]);
      await writer.putDocument({ source: 's', url: '/a', title: 'A', hash: 'h' }, [{ id: 'a-0', ordinal: 0, headingPath: [], text: 'x', embedding: normalizeVector([1, 0]) }]);
      expect((await reader.vectorSearch(normalizeVector([1, 0]), { limit: 5 })).map((hit) => hit.chunkId)).toEqual(['a-0']);
      await writer.removeDocuments('s', ['/a']);
      expect(await reader.vectorSearch(normalizeVector([1, 0]), { limit: 5 })).toEqual([]);
    } finally {
      await writer.drop();
      await Promise.all([reader.close(), writer.close()]);
    }
  });
});

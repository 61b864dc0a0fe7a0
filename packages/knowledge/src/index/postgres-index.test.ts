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

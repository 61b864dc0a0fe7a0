import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { describeKnowledgeIndexContract } from './knowledge-index.contract.js';
import { SqliteKnowledgeIndex } from './sqlite-index.js';
import { normalizeVector } from './vectors.js';

describeKnowledgeIndexContract('SQLite', async () => new SqliteKnowledgeIndex(), (index) => index.close());

describe('SqliteKnowledgeIndex', () => {
  it('shares a database with other tables under its own prefix and leaves it open on close', async () => {
    const database = new DatabaseSync(':memory:');
    const index = new SqliteKnowledgeIndex({ database, tablePrefix: 'kb' });
    await index.init();
    await index.putDocument({ source: 's', url: '/a', title: 'A', hash: 'h' }, [{ id: 'a-0', ordinal: 0, headingPath: [], text: 'hello' }]);
    await index.close();
    expect(database.prepare('SELECT count(*) AS count FROM kb_chunks').get()?.count).toBe(1);
    database.close();
  });

  it('rejects a table prefix that is not a plain identifier', () => {
    expect(() => new SqliteKnowledgeIndex({ tablePrefix: 'x; DROP TABLE y' })).toThrow(/Invalid table prefix/);
  });

  it('sees vectors written by another connection to the same file', async () => {
    const path = `${process.env.TMPDIR ?? '/tmp'}/sitechat-knowledge-${process.pid}-${Date.now()}.db`;
    const reader = new SqliteKnowledgeIndex({ path });
    const writer = new SqliteKnowledgeIndex({ path });
    await reader.init();
    await writer.init();
    expect(await reader.vectorSearch(normalizeVector([1, 0]), { limit: 5 })).toEqual([]);
    await writer.putDocument({ source: 's', url: '/a', title: 'A', hash: 'h' }, [{ id: 'a-0', ordinal: 0, headingPath: [], text: 'x', embedding: normalizeVector([1, 0]) }]);
    expect((await reader.vectorSearch(normalizeVector([1, 0]), { limit: 5 })).map((hit) => hit.chunkId)).toEqual(['a-0']);
    await reader.close();
    await writer.close();
    const { rm } = await import('node:fs/promises');
    await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(path + suffix, { force: true })));
  });
});

/**
 * The `knowledge` configuration: validation, where the index lives (SQLite file, or PostgreSQL when
 * DATABASE_URL is set), embeddings on the model's server, and what happens when the embeddings server fails.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeModelServer, type FakeModelServer } from '@sitechat/fake-openai';
import { staticSource } from '@sitechat/knowledge';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingLogger } from '../__fixtures__/harness.js';
import { ConfigError, parseConfig } from '../config/schema.js';
import { silentLogger } from '../http/logger.js';
import { HELP_DOCUMENTS, PAGES } from './__fixtures__/bakery-pages.js';
import { describeKnowledgeIndex, openKnowledge } from './open-knowledge.js';

const databaseUrl = process.env.DATABASE_URL;

let directory: string;
let model: FakeModelServer;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sitechat-open-knowledge-'));
  model = await startFakeModelServer();
});
afterAll(async () => {
  await model.close();
  await rm(directory, { recursive: true, force: true });
});

function problems(input: unknown): string[] {
  try {
    parseConfig(input);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((problem) => `${problem.path}: ${problem.message}`);
    throw error;
  }
  return [];
}


/** The pages cited for `text` by a knowledge base with these `knowledge` settings, holding the help pages. */
async function citedPages(knowledge: object, text: string): Promise<string[]> {
  const opened = (await openKnowledge(parseConfig({ knowledge: { path: ':memory:', ...knowledge } }), { logger: silentLogger }))!;
  await opened.base.ingest(staticSource({ name: 'help', documents: HELP_DOCUMENTS }));
  const grounding = await opened.grounding.ground({ question: text, query: text });
  await opened.close();
  return grounding.sources.map((source) => source.url);
}
describe('the knowledge configuration', () => {
  it('is off unless configured, and fills in its defaults', () => {
    expect(parseConfig({}).knowledge).toBeUndefined();
    expect(parseConfig({ knowledge: {} }).knowledge).toEqual({ sources: {}, passages: 5, minScore: 0.5 });
    expect(parseConfig({ knowledge: { sources: { help: { type: 'folder', path: 'docs' } } } }).knowledge?.sources).toEqual({
      help: { type: 'folder', path: 'docs', enabled: true },
    });
  });

  it('names each wrong setting', () => {
    expect(
      problems({
        knowledge: {
          passages: 0,
          minScore: 2,
          colour: 'red',
          sources: {
            help: { type: 'folder' },
            site: { type: 'sitemap', url: 'ftp://example.com' },
            'bad name!': { type: 'urls', urls: ['https://example.com/a'] },
            pages: { type: 'urls', urls: [] },
            other: { type: 'crawl', url: 'https://example.com' },
            text: 'https://example.com',
          },
          embeddings: { model: '' },
        },
      }),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^knowledge\.passages: must be a whole number between 1 and 20/),
        expect.stringMatching(/^knowledge\.minScore: must be a number between 0 and 1/),
        'knowledge.colour: is not a known setting',
        expect.stringMatching(/^knowledge\.sources\.help\.path: /),
        expect.stringMatching(/^knowledge\.sources\.site\.url: must be an http:\/\/ or https:\/\/ URL/),
        expect.stringMatching(/^knowledge\.sources\.bad name!: is not a valid source name: must be 1-64 letters/),
        expect.stringMatching(/^knowledge\.sources\.pages\.urls: must list at least one URL/),
        expect.stringMatching(/^knowledge\.sources\.other\.type: must be "folder", "sitemap" or "urls"/),
        expect.stringMatching(/^knowledge\.sources\.text: must be an object with "type": "folder", "sitemap" or "urls"/),
        expect.stringMatching(/^knowledge\.embeddings\.model: must not be empty/),
      ]),
    );
  });

  it('never echoes the database URL or a key', () => {
    const text = problems({ knowledge: { url: 42, embeddings: { model: 'e', apiKey: 7 } } }).join('\n');
    expect(text).toContain('knowledge.url');
    expect(text).not.toContain('42');
    expect(text).not.toMatch(/got 7/);
  });
});

describe('openKnowledge', () => {
  it('returns nothing when knowledge is off', async () => {
    expect(await openKnowledge(parseConfig({}))).toBeUndefined();
  });

  it('creates the SQLite file under the working folder, and keeps it between openings', async () => {
    const config = parseConfig({ knowledge: { path: 'nested/.sitechat/knowledge.db' } });
    const first = (await openKnowledge(config, { cwd: directory, logger: silentLogger }))!;
    expect(first.where).toBe(`SQLite ${join(directory, 'nested/.sitechat/knowledge.db')}`);
    await first.base.ingest(staticSource({ name: 'help', documents: HELP_DOCUMENTS }));
    await first.close();
    expect(existsSync(join(directory, 'nested/.sitechat/knowledge.db'))).toBe(true);

    const second = (await openKnowledge(config, { cwd: directory, logger: silentLogger }))!;
    expect(await second.base.sources()).toEqual([{ name: 'help', enabled: true, documents: 5, chunks: expect.any(Number) }]);
    await second.close();
  });

  it('uses the store’s PostgreSQL (DATABASE_URL) when no index location is set, and never shows the password', () => {
    const store = { url: 'postgres://owner:hunter2@db.internal:5432/shop' };
    expect(describeKnowledgeIndex(parseConfig({ store, knowledge: {} }))).toBe('PostgreSQL db.internal:5432/shop');
    // A SQLite store leaves the knowledge in its own SQLite file.
    expect(describeKnowledgeIndex(parseConfig({ store: { url: 'sqlite:/data/s.db' }, knowledge: {} }), '/srv')).toBe('SQLite /srv/.sitechat/knowledge.db');
  });

  it('puts the index where the configuration says, whatever the store uses', () => {
    const store = { url: 'postgres://owner:hunter2@db.internal:5432/shop' };
    expect(describeKnowledgeIndex(parseConfig({ store, knowledge: { path: 'data/k.db' } }), '/srv')).toBe('SQLite /srv/data/k.db');
    expect(describeKnowledgeIndex(parseConfig({ knowledge: { url: 'postgres://kb.internal/knowledge' } }))).toBe('PostgreSQL kb.internal/knowledge');
    expect(problems({ knowledge: { path: 'k.db', url: 'postgres://kb.internal/knowledge' } })).toEqual([
      'knowledge.url: cannot be set together with knowledge.path: the index is either a SQLite file or in PostgreSQL',
    ]);
  });

  it('embeds with the model’s server and key by default, for ingest and for each question', async () => {
    const config = parseConfig({
      model: { apiKey: 'sk-model-key', baseURL: model.url },
      knowledge: { path: ':memory:', embeddings: { model: 'text-embedding-3-small' } },
    });
    const opened = (await openKnowledge(config, { logger: silentLogger }))!;
    await opened.base.ingest(staticSource({ name: 'help', documents: HELP_DOCUMENTS }));
    const grounding = await opened.grounding.ground({ question: 'When is delivery free?', query: 'When is delivery free?' });
    await opened.close();

    expect(grounding.sources[0]).toMatchObject({ url: PAGES.delivery });
    const embeddingRequests = model.requests.filter((request) => request.path.endsWith('/embeddings'));
    expect(embeddingRequests.length).toBeGreaterThanOrEqual(2);
    expect(embeddingRequests.at(-1)!.body).toMatchObject({ model: 'text-embedding-3-small', input: ['When is delivery free?'] });
    expect(embeddingRequests.every((request) => request.headers.authorization === 'Bearer sk-model-key')).toBe(true);
  });

  it('searches with the configured synonyms', async () => {
    const answers = (knowledge: object) => citedPages(knowledge, 'Do you have a courier?');
    expect(await answers({})).toEqual([]);
    expect((await answers({ synonyms: [['courier', 'cargo bike']] }))[0]).toBe(PAGES.delivery);
    expect(problems({ knowledge: { synonyms: [['courier']] } })).toEqual([expect.stringMatching(/^knowledge\.synonyms\[0\]: must list at least two words or phrases/)]);
  });

  it('searches with the general thesaurus unless knowledge.thesaurus is false', async () => {
    const answers = (knowledge: object) => citedPages(knowledge, 'Do you mail bread?');
    // "mail" is not on the site; its synonym "post" is, on the delivery page ("we send bread by post").
    expect((await answers({}))[0]).toBe(PAGES.delivery);
    expect((await answers({ thesaurus: true }))[0]).toBe(PAGES.delivery);
    expect(await answers({ thesaurus: false })).toEqual([]);
    expect(problems({ knowledge: { thesaurus: 'yes' } })).toEqual([expect.stringMatching(/^knowledge\.thesaurus: must be true or false/)]);
  });

  it('falls back to full text when the embeddings server fails, and says so in the log', async () => {
    let failing = false;
    const flaky: typeof fetch = (input, init) => (failing ? Promise.resolve(new Response('{"error":"SECRET-UPSTREAM"}', { status: 500 })) : fetch(input, init));
    const logger = recordingLogger();
    const config = parseConfig({ model: { baseURL: model.url }, knowledge: { path: ':memory:', embeddings: { model: 'e' } } });
    const opened = (await openKnowledge(config, { logger, fetch: flaky }))!;
    await opened.base.ingest(staticSource({ name: 'help', documents: HELP_DOCUMENTS }));
    failing = true;
    const grounding = await opened.grounding.ground({ question: 'When is delivery free?', query: 'When is delivery free?' });
    await opened.close();

    expect(grounding.sources[0]).toMatchObject({ url: PAGES.delivery });
    expect(logger.entries).toEqual([{ level: 'warn', message: 'knowledge search failed; retrying with full text alone', fields: { name: 'EmbeddingsError' } }]);
    expect(JSON.stringify(logger.entries)).not.toContain('SECRET');
  });

  it.skipIf(databaseUrl === undefined)('keeps the index in PostgreSQL (DATABASE_URL)', async () => {
    const schema = `sitechat_knowledge_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    try {
      const url = new URL(databaseUrl!);
      url.searchParams.set('options', `-c search_path=${schema}`);
      const config = parseConfig({ knowledge: { url: url.href, sources: { help: { type: 'folder', path: 'x' }, internal: { type: 'folder', path: 'y', enabled: false } } } });
      const opened = (await openKnowledge(config, { logger: silentLogger }))!;
      expect(opened.where).toMatch(/^PostgreSQL /);
      await opened.base.ingest(staticSource({ name: 'help', documents: HELP_DOCUMENTS }));
      const grounding = await opened.grounding.ground({ question: 'When is delivery free?', query: 'When is delivery free?', pageUrl: PAGES.delivery });
      expect(grounding.sources[0]).toMatchObject({ sourceId: '1', url: PAGES.delivery, title: 'Delivery' });
      expect(grounding.system).toContain('free on orders over $30');
      expect(await opened.base.sources()).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'internal', enabled: false })]));
      await opened.close();
      const tables = await admin.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1`, [schema]);
      expect(tables.rows[0].n).toBeGreaterThan(0);
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  });
});

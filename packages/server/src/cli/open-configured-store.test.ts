import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordingLogger } from '../__fixtures__/harness.js';
import { writeFile } from 'node:fs/promises';
import { loadConfig } from '../config/load.js';
import { parseConfig } from '../config/schema.js';
import { type RunningServer, startServer } from '../node.js';
import { describeStore, openConfiguredStore } from './open-configured-store.js';

let directory: string;
const servers: RunningServer[] = [];
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sitechat-store-config-'));
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await rm(directory, { recursive: true, force: true });
});

describe('the configured store', () => {
  it('opens the default SQLite file under the working folder, or nothing with store: false', async () => {
    const store = await openConfiguredStore(parseConfig({}), { cwd: directory });
    expect(store?.kind).toBe('sqlite');
    await store!.close();
    expect(existsSync(join(directory, '.sitechat', 'sitechat.db'))).toBe(true);
    expect(await openConfiguredStore(parseConfig({ store: false }), { cwd: directory })).toBeUndefined();
  });

  it('takes DATABASE_URL and SITECHAT_ADMIN_TOKEN from the environment, but never turns a store: false back on', async () => {
    const env = { DATABASE_URL: 'postgres://owner:pw@db/shop', SITECHAT_ADMIN_TOKEN: 'admin-token-0123456789' };
    const { config } = await loadConfig({ cwd: directory, env });
    expect(config.store).toEqual({ path: '.sitechat/sitechat.db', url: 'postgres://owner:pw@db/shop', synchronous: 'normal' });
    expect(config.admin.token).toBe('admin-token-0123456789');
    await writeFile(join(directory, 'sitechat.config.json'), JSON.stringify({ store: false }));
    expect((await loadConfig({ cwd: directory, env })).config.store).toBe(false);
    await expect(loadConfig({ cwd: directory, env: { SITECHAT_ADMIN_TOKEN: 'short' } })).rejects.toThrow(/SITECHAT_ADMIN_TOKEN: must be at least 16 characters/);
  });

  it('describes where it is without the password', () => {
    expect(describeStore(parseConfig({}), '/srv/shop')).toBe('SQLite /srv/shop/.sitechat/sitechat.db');
    expect(describeStore(parseConfig({ store: { url: 'postgres://owner:S3CRET@db.internal:5432/shop' } }))).toBe('PostgreSQL db.internal:5432/shop');
    expect(describeStore(parseConfig({ store: false }))).toBe('off');
  });

  it('never echoes a database URL in a configuration error', () => {
    expect(() => parseConfig({ store: { url: 5 } })).toThrow(/^ {2}- store: must be false, or an object with a text path or url/m);
    try {
      parseConfig({ store: 'postgres://owner:S3CRET@db/shop' });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain('S3CRET');
    }
    try {
      parseConfig({ store: { url: 'postgres://owner:S3CRET@db/shop', path: 5 } });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain('S3CRET');
    }
  });
});

describe('startServer with a store', () => {
  it('opens, serves and closes the configured store; a store passed in stays open', async () => {
    const server = await startServer({ port: 0, cwd: directory, logger: recordingLogger() });
    servers.push(server);
    expect(server.store?.kind).toBe('sqlite');
    expect(await (await fetch(`${server.url}/api/config`)).json()).toMatchObject({ features: { history: true, feedback: true, comparisons: true } });
    await server.close();
    await expect(server.store!.getStats()).rejects.toMatchObject({ code: 'store_closed' });

    const own = await openConfiguredStore(parseConfig({ store: { path: join(directory, 'own.db') } }));
    const borrowing = await startServer({ port: 0, cwd: directory, store: own, logger: recordingLogger() });
    await borrowing.close();
    expect((await own!.getStats()).conversations).toBe(0);
    await own!.close();
  });

  it('keeps nothing with store: false', async () => {
    const server = await startServer({ port: 0, cwd: directory, config: { store: false }, logger: recordingLogger() });
    servers.push(server);
    expect(server.store).toBeUndefined();
    expect(await (await fetch(`${server.url}/api/config`)).json()).toMatchObject({ features: { history: false } });
    expect(existsSync(join(directory, '.sitechat'))).toBe(false);
  });

  it('purges conversations past the retention period when it starts', async () => {
    const store = await openConfiguredStore(parseConfig({}), { cwd: directory });
    await store!.createConversation({ id: 'old', visitorId: 'visitor-old' });
    await store!.close();
    // Move the clock 400 days on by asking for a retention shorter than the conversation's age: 1 day, with
    // the conversation dated in the past.
    const { DatabaseSync } = await import('node:sqlite');
    const database = new DatabaseSync(join(directory, '.sitechat', 'sitechat.db'));
    database.prepare('UPDATE conversations SET last_activity_at = ?, created_at = ?').run(Date.now() - 400 * 86_400_000, Date.now() - 400 * 86_400_000);
    database.close();

    const logger = recordingLogger();
    const server = await startServer({ port: 0, cwd: directory, logger });
    servers.push(server);
    expect(await server.store!.getTranscriptForOwner('old')).toBeUndefined();
    expect(logger.entries).toContainEqual({
      level: 'info',
      message: 'store housekeeping',
      fields: { purgedConversations: 1, abandonedAnswers: 0, retentionDays: 365 },
    });
  });
});

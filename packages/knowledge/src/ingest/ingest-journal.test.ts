import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileIngestJournal } from './ingest-journal.js';

describe('fileIngestJournal', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'sitechat-journal-'));
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it('remembers outcomes across opens of the same source, tolerates a torn last line, and forgets after finish', async () => {
    const path = join(folder, 'state', 'crawl.jsonl');
    const run = await fileIngestJournal(path).open('site');
    await run.record('https://a/1', 'added');
    await run.record('https://a/2', 'unchanged');
    await appendFile(path, '{"url":"https://a/3","outc');
    const resumed = await fileIngestJournal(path).open('site');
    expect(resumed.previous).toEqual(new Map([['https://a/1', 'added'], ['https://a/2', 'unchanged']]));
    await resumed.finish();
    expect((await fileIngestJournal(path).open('site')).previous.size).toBe(0);
  });

  it('starts afresh when the file belongs to another source', async () => {
    const path = join(folder, 'crawl.jsonl');
    const run = await fileIngestJournal(path).open('site-a');
    await run.record('https://a/1', 'added');
    const other = await fileIngestJournal(path).open('site-b');
    expect(other.previous.size).toBe(0);
    expect(JSON.parse((await readFile(path, 'utf8')).split('\n')[0]!)).toMatchObject({ source: 'site-b' });
  });
});

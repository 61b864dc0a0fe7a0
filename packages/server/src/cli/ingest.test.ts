/**
 * `sitechat ingest` and `sitechat sources`, run in-process against a folder and against a site served on
 * 127.0.0.1, as an owner would run them.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from './main.js';
import { parseConfig } from '../config/schema.js';
import { startLocalSite, type LocalSite } from '../knowledge/__fixtures__/local-site.js';
import { openKnowledge } from '../knowledge/open-knowledge.js';
import { ingestCommand, type IngestCommandContext } from './ingest.js';
import { journalPath } from './ingest-output.js';

let cwd: string;
let site: LocalSite | undefined;
let output: { out: string[]; err: string[]; progress: string[] };

function context(extra: Partial<IngestCommandContext> = {}): IngestCommandContext {
  return {
    env: {},
    cwd,
    out: (line) => void output.out.push(line),
    err: (line) => void output.err.push(line),
    progress: { isTTY: true, write: (text) => void output.progress.push(text) },
    ...extra,
  };
}

async function run(args: string[], extra: Partial<IngestCommandContext> = {}): Promise<number> {
  output = { out: [], err: [], progress: [] };
  return ingestCommand(args, context(extra));
}

const reportLine = (source: string) => output.out.find((line) => line.startsWith(`${source} (`)) ?? `(no line for ${source}: ${output.err.join(' | ')})`;

async function writeConfig(config: unknown): Promise<void> {
  await writeFile(join(cwd, 'sitechat.config.json'), JSON.stringify(config));
}

async function indexSources() {
  const opened = (await openKnowledge(parseConfig({ knowledge: {} }), { cwd }))!;
  try {
    return await opened.base.sources();
  } finally {
    await opened.close();
  }
}

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'sitechat-ingest-'));
  output = { out: [], err: [], progress: [] };
});
afterEach(async () => {
  await site?.close();
  site = undefined;
  await rm(cwd, { recursive: true, force: true });
});

describe('sitechat ingest from a folder', () => {
  beforeEach(async () => {
    await mkdir(join(cwd, 'content'));
    await writeFile(join(cwd, 'content/delivery.md'), '# Delivery\nDelivery costs $4 and is free on orders over $30.');
    await writeFile(join(cwd, 'content/returns.md'), '# Returns\nSend a photo within 24 hours for a refund.');
    await writeFile(join(cwd, 'content/hours.html'), '<html><body><nav>Menu</nav><main><h1>Opening hours</h1><p>Tuesday to Sunday.</p></main></body></html>');
    await writeConfig({
      knowledge: {
        sources: {
          help: { type: 'folder', path: 'content', baseUrl: 'https://bakery.example/help/' },
          old: { type: 'folder', path: 'archive', enabled: false },
        },
      },
    });
  });

  it('indexes the enabled configured sources, with a progress bar and a summary', async () => {
    expect(await run([])).toBe(0);
    expect(output.out[0]).toBe(`Knowledge index: SQLite ${join(cwd, '.sitechat/knowledge.db')}`);
    expect(reportLine('help')).toMatch(/^help \(folder content \(https:\/\/bakery\.example\/help\/\)\): 3 pages: 3 added, 0 updated, 0 unchanged, 0 removed; 3 passages written in \d+\.\d s$/);
    // The disabled source was not ingested.
    expect(output.out.some((line) => line.startsWith('old ('))).toBe(false);
    expect(output.progress.join('')).toMatch(/Ingesting help \[=+\] 100% 3\/3 pages/);
    expect(await indexSources()).toEqual(
      expect.arrayContaining([{ name: 'help', enabled: true, documents: 3, chunks: 3 }, { name: 'old', enabled: false, documents: 0, chunks: 0 }]),
    );
    // A finished run leaves no journal behind.
    expect(existsSync(journalPath(cwd, 'help'))).toBe(false);
  });

  it('re-indexes only what changed, and removes what is gone', async () => {
    await run([]);
    expect(await run([])).toBe(0);
    expect(reportLine('help')).toMatch(/3 pages: 0 added, 0 updated, 3 unchanged, 0 removed; 0 passages written/);

    await writeFile(join(cwd, 'content/delivery.md'), '# Delivery\nDelivery costs $5 and is free on orders over $35.');
    await unlink(join(cwd, 'content/returns.md'));
    await writeFile(join(cwd, 'content/allergens.md'), '# Allergens\nEvery loaf contains gluten.');
    expect(await run(['--source', 'help'])).toBe(0);
    expect(reportLine('help')).toMatch(/3 pages: 1 added, 1 updated, 1 unchanged, 1 removed; 2 passages written/);
  });

  it('ingests a disabled source when it is named, and refuses an unknown one', async () => {
    await mkdir(join(cwd, 'archive'));
    await writeFile(join(cwd, 'archive/2019.md'), '# Prices in 2019\nA loaf cost $5.');
    expect(await run(['--source', 'old'])).toBe(0);
    expect(reportLine('old')).toMatch(/1 page: 1 added/);
    expect(await indexSources()).toEqual(expect.arrayContaining([{ name: 'old', enabled: false, documents: 1, chunks: 1 }]));

    expect(await run(['--source', 'nope'])).toBe(1);
    expect(output.err.join('\n')).toContain('Unknown source: nope. Configured: help, old.');
  });

  it('ingests a folder named on the command line', async () => {
    expect(await run(['--folder', 'content', '--base-url', 'https://bakery.example/faq/', '--name', 'faq'])).toBe(0);
    expect(reportLine('faq')).toMatch(/^faq \(folder content\): 3 pages: 3 added/);
    expect(await indexSources()).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'faq', documents: 3 })]));
  });

  it('explains wrong flags', async () => {
    expect(await run(['--base-url', 'https://bakery.example/'])).toBe(1);
    expect(output.err[0]).toMatch(/^--base-url goes with --folder\./);
    expect(await run(['--folder', 'content', '--sitemap', 'https://bakery.example/'])).toBe(1);
    expect(output.err[0]).toMatch(/^Give one of --folder, --sitemap or --url at a time\./);
    expect(await run(['--sitemap', 'ftp://bakery.example/'])).toBe(1);
    expect(output.err[0]).toMatch(/^--sitemap: must be an http:\/\/ or https:\/\/ URL/);
    expect(await run(['--folder', 'content', '--name', '../etc'])).toBe(1);
    expect(await run(['--bogus'])).toBe(1);
    expect(output.err[0]).toMatch(/Unknown option '--bogus'/);
  });

  it('is the `sitechat ingest` and `sitechat sources` commands', async () => {
    output = { out: [], err: [], progress: [] };
    expect(await main(['ingest'], context())).toBe(0);
    expect(reportLine('help')).toMatch(/3 added/);

    output = { out: [], err: [], progress: [] };
    expect(await main(['sources'], context())).toBe(0);
    expect(output.out).toEqual([
      `Knowledge index: SQLite ${join(cwd, '.sitechat/knowledge.db')}`,
      'source  answers   pages  passages  from',
      'help    enabled       3         3  folder content (https://bakery.example/help/)',
      'old     disabled      0         0  folder archive',
    ]);
  });
});

describe('sitechat ingest from a site on 127.0.0.1', () => {
  beforeEach(async () => {
    site = await startLocalSite();
  });

  it('crawls the sitemap, keeps the main content, and finds nothing changed the second time', async () => {
    expect(await run(['--sitemap', site!.origin])).toBe(0);
    const name = new URL(site!.origin).host;
    expect(reportLine(name)).toMatch(/3 pages: 3 added, 0 updated, 0 unchanged, 0 removed/);
    expect(site!.hits).toEqual(expect.arrayContaining(['/robots.txt', '/sitemap.xml', '/help/delivery', '/help/returns', '/help/opening-hours']));
    // Without a `knowledge` section the index is still written, and the owner is told how to use it.
    expect(output.err.join('\n')).toContain('add "knowledge": {} to sitechat.config.json');

    expect(await run(['--sitemap', site!.origin])).toBe(0);
    expect(reportLine(name)).toMatch(/3 pages: 0 added, 0 updated, 3 unchanged, 0 removed/);

    await writeConfig({ knowledge: {} });
    const opened = (await openKnowledge(parseConfig({ knowledge: {} }), { cwd }))!;
    const grounding = await opened.grounding.ground({ question: 'Is delivery free?', query: 'Is delivery free?' });
    await opened.close();
    expect(grounding.sources).toEqual([{ sourceId: '1', url: `${site!.origin}/help/delivery`, title: 'Delivery' }]);
    // Navigation and footer were left out of the passage.
    expect(grounding.system).toContain('Delivery costs $4');
    expect(grounding.system).not.toContain('newsletter');
  });

  it('ingests a configured sitemap source', async () => {
    await writeConfig({ knowledge: { sources: { site: { type: 'sitemap', url: site!.origin } } } });
    expect(await run([])).toBe(0);
    expect(reportLine('site')).toMatch(new RegExp(`^site \\(sitemap of ${site!.origin.replaceAll('.', '\\.')}\\): 3 pages: 3 added`));
  });

  it('exits 1 and changes nothing when robots.txt cannot be read', async () => {
    expect(await run(['--sitemap', site!.origin, '--name', 'site'])).toBe(0);
    site!.routes.set('/robots.txt', { status: 503, body: 'busy' });
    expect(await run(['--sitemap', site!.origin, '--name', 'site'])).toBe(1);
    expect(output.err.join('\n')).toMatch(/^site: robots\.txt .*503.*\. Nothing was changed for this source; try again later\./);
    expect(await indexSources()).toEqual([expect.objectContaining({ name: 'site', documents: 3 })]);
  });

  it('exits 1 and changes nothing when the sitemap cannot be read', async () => {
    expect(await run(['--sitemap', site!.origin, '--name', 'site'])).toBe(0);
    site!.routes.set('/sitemap.xml', { status: 500, body: 'oops' });
    expect(await run(['--sitemap', site!.origin, '--name', 'site'])).toBe(1);
    expect(output.err.join('\n')).toContain('Nothing was changed for this source');
    expect(await indexSources()).toEqual([expect.objectContaining({ name: 'site', documents: 3 })]);
  });

  it('resumes an interrupted run where it stopped', async () => {
    const controller = new AbortController();
    const returns = site!.routes.get('/help/returns')!;
    // The owner presses Ctrl-C while the second page is being fetched.
    site!.routes.set('/help/returns', () => {
      controller.abort();
      return returns as { body: string };
    });
    expect(await run(['--sitemap', site!.origin, '--name', 'site'], { signal: controller.signal })).toBe(130);
    expect(output.err.join('\n')).toContain('Interrupted: run the same command again to resume "site"');
    expect(existsSync(journalPath(cwd, 'site'))).toBe(true);

    site!.routes.set('/help/returns', returns);
    const before = site!.hits.filter((path) => path === '/help/delivery').length;
    expect(await run(['--sitemap', site!.origin, '--name', 'site'])).toBe(0);
    expect(reportLine('site')).toMatch(/3 pages: 3 added, 0 updated, 0 unchanged, 0 removed; resumed an interrupted run/);
    // The page finished before the interruption was not fetched again.
    expect(site!.hits.filter((path) => path === '/help/delivery').length).toBe(before);
  });
});

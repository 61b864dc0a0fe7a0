/**
 * Grounded answers end to end (issue 5): the help-centre example (examples/help-centre, the sample
 * company's 52 pages) served by `sitechat start`, indexed by `sitechat ingest` from its configuration while
 * the server runs, the built widget in headless Chromium, the fake model. A visitor's question reaches the
 * model with the right passages, and the answer arrives with numbered sources that link to the right pages.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startFakeModelServer, type FakeModelServer } from '@sitechat/fake-openai';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.js';
import { startSitechat, type SitechatProcess } from './sitechat-process.js';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const example = join(repositoryRoot, 'examples/help-centre');
const run = promisify(execFile);

// Playwright's CSS engine pierces open shadow roots, so these reach into <chat-widget>.
const launcher = 'chat-widget [part~="launcher"]';
const input = 'chat-widget [part~="input"]';
const assistantMessages = 'chat-widget [part~="message-assistant"]';

interface SourcePart {
  type: 'source-url';
  sourceId: string;
  url: string;
  title?: string;
}

let browser: Browser;
let model: FakeModelServer;
let sitechat: SitechatProcess;
let directory: string;
let configFile: string;

/** The example's own configuration, with the index, the store and the published address of this run. */
async function writeConfig(baseUrl: string): Promise<void> {
  const config = JSON.parse(await readFile(join(example, 'sitechat.config.json'), 'utf8'));
  config.store = { path: join(directory, 'sitechat.db') };
  config.knowledge.path = join(directory, 'knowledge.db');
  config.knowledge.sources['help-centre'].baseUrl = baseUrl;
  await writeFile(configFile, JSON.stringify(config));
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sitechat-knowledge-e2e-'));
  configFile = join(directory, 'sitechat.config.json');
  // The port is known only once the server runs: the first configuration's address is a placeholder.
  await writeConfig('http://127.0.0.1:8787/help/');
  model = await startFakeModelServer();
  sitechat = await startSitechat({
    site: 'examples/help-centre',
    args: ['--config', configFile],
    env: { OPENAI_BASE_URL: model.url, OPENAI_API_KEY: 'sk-e2e-key', SITECHAT_MODEL: 'e2e-model' },
  });
  // The owner indexes the help centre while the server runs, as `sitechat ingest` after a content change.
  await writeConfig(`${sitechat.url}/help/`);
  // The same environment as the server's (startSitechat passes only PATH and HOME): a DATABASE_URL inherited
  // from the test run would send the index to PostgreSQL while the server reads the SQLite file. From the
  // repository root, as an owner would: the resume journal (.sitechat/ingest-help-centre.jsonl) is then shared
  // with any other run of this test at the same time, and the ingest must not take that run's pages for its own.
  const ingest = await run(process.execPath, ['packages/server/dist/cli.js', 'ingest', '--config', configFile], {
    cwd: repositoryRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
  });
  expect(ingest.stdout).toMatch(/help-centre \(folder examples\/help-centre\/help .*\): 52 pages: 52 added/);
  expect(ingest.stdout).not.toMatch(/resumed/);
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sitechat?.stop();
  await model?.close();
  await rm(directory, { recursive: true, force: true });
});

beforeEach(() => model.reset());

/** A new visitor (their own browser context: the widget remembers an open panel) asks on `pagePath`. */
async function ask(pagePath: string, question: string, answer: string): Promise<{ sources: SourcePart[]; links: Array<{ text: string; href: string }>; system: string }> {
  const visitor = await browser.newContext();
  const page = await visitor.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  model.enqueue({ text: answer, chunkSize: 8, chunkDelayMs: 5 });
  await page.goto(`${sitechat.url}${pagePath}`);
  await page.click(launcher);
  await page.fill(input, question);
  await page.press(input, 'Enter');
  // The answer is on screen...
  await page.locator(assistantMessages).last().filter({ hasText: answer.slice(-12) }).waitFor({ timeout: 15_000 });
  // ...and finished: the widget's `messages` then hold its parts as the stream delivered them.
  const messages = await page.waitForFunction(() => {
    const widget = document.querySelector('chat-widget') as unknown as { status: string; messages: unknown[] };
    return widget.status === 'ready' ? widget.messages : undefined;
  });
  const last = ((await messages.jsonValue()) as Array<{ role: string; parts: Array<{ type: string }> }>).at(-1)!;
  expect(last.role).toBe('assistant');
  // What the visitor sees: the numbered links under the answer.
  const links = await page.locator('chat-widget [part~="source-link"]').evaluateAll((anchors) =>
    anchors.map((anchor) => ({ text: anchor.textContent!.trim(), href: (anchor as HTMLAnchorElement).href })),
  );
  expect(pageErrors).toEqual([]);
  await visitor.close();
  const [request] = model.requests;
  return { sources: last.parts.filter((part): part is SourcePart => part.type === 'source-url'), links, system: request!.body.messages[0].content as string };
}

// A page load with the widget takes a few seconds on a busy 2-core machine; the warranty test loads two.
describe('the help centre, grounded in its own pages', { timeout: 60_000 }, () => {
  it('answers a question about the company with numbered sources that link to the right pages', async () => {
    const { sources, links, system } = await ask(
      '/index.html',
      'Do you ship to Canada, and how much does it cost?',
      'Yes: shipping to Canada is a flat $19 and takes 5–8 business days, duties included [1].',
    );

    // The model got the passage that answers it, numbered, after the owner's instructions.
    expect(system.startsWith('You are the assistant of the Fernhill Help Centre')).toBe(true);
    expect(system).toContain('[1] International shipping');
    expect(system).toContain('Canada: flat rate of $19');

    // The widget received the cited pages, numbered 1, 2, ... with their titles and addresses.
    expect(sources[0]).toEqual({ type: 'source-url', sourceId: '1', url: `${sitechat.url}/help/shipping/international-shipping.html`, title: 'International shipping' });
    expect(sources.map((source) => source.sourceId)).toEqual(sources.map((_, index) => String(index + 1)));
    for (const source of sources) expect(system).toContain(`[${source.sourceId}] ${source.title}`);
    // ...and shows them under the answer as numbered links to those pages.
    expect(links).toEqual(sources.map((source) => ({ text: `[${source.sourceId}] ${source.title}`, href: source.url })));

    // Each source is a real page of the site, with that title.
    for (const source of sources) {
      const response = await fetch(source.url);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain(`<h1>${source.title}</h1>`);
    }
  });

  it('prefers the page the visitor is reading when the question could be about several', async () => {
    // From the home page, the warranty page answers; from a machine's page, that machine's own warranty does.
    const home = await ask('/index.html', 'How long is the warranty?', 'Two years [1].');
    expect(home.sources[0]?.url).toBe(`${sitechat.url}/help/warranty/warranty-coverage.html`);
    model.reset();
    const duo = await ask('/help/products/duo-espresso-machine.html', 'How long is the warranty?', 'The Duo has a two-year warranty [1].');
    expect(duo.sources[0]).toMatchObject({ sourceId: '1', url: `${sitechat.url}/help/products/duo-espresso-machine.html` });
  });

  it('says it does not know, and cites nothing, when the pages do not cover the question', async () => {
    const { sources, system } = await ask('/index.html', 'How can I open a Fernhill franchise in my city?', "I couldn't find that in the Fernhill Help Centre.");
    expect(sources).toEqual([]);
    expect(system).toMatch(/found nothing that answers the visitor's question/);
  });
});

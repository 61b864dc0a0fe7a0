/**
 * Edit and resend end to end: the built widget in headless Chromium, `sitechat start` with a conversation
 * store, the fake model. A visitor asks, rates the answer, edits the question and resends, then asks a
 * follow-up and reloads. An edit is a branch (docs/decisions/0009-edits-are-branches.md): the model never
 * sees the edited-away question or its answer, the widget restores the edited branch, and the owner still
 * has the original, marked as edited away on /admin and trained on in the SFT export (the visitor rated it).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startFakeModelServer, type FakeModelServer } from '@sitechat/fake-openai';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { launchBrowser } from './browser.js';
import { startSitechat, type SitechatProcess } from './sitechat-process.js';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';
const SYSTEM_PROMPT = 'You are the assistant of Fernhill Coffee Roasters. Answer briefly.';

// The original question and its answer, the edit that replaces them, and a follow-up to the edit.
const ORIGINAL = 'Which grinder do you sell?';
const ORIGINAL_ANSWER = 'The Comandante C40, a hand grinder.';
const EDIT = 'Which beans suit a moka pot?';
const EDIT_ANSWER = 'A medium-dark roast such as the house blend.';
const FOLLOW_UP = 'How fine should I grind them?';
const FOLLOW_UP_ANSWER = 'Finer than filter, coarser than espresso.';

// Playwright's CSS engine pierces open shadow roots, so these reach into <chat-widget>.
const widget = 'chat-widget';
const input = `${widget} [part~="input"]`;
const assistantTexts = `${widget} [part~="message-assistant"] [part~="message-text"]`;
const messageTexts = `${widget} [part~="message"] [part~="message-text"]`;
const editButton = `${widget} [part~="edit-button"]`;
const regenerateButton = `${widget} [part~="regenerate-button"]`;
const lastAnswerActions = `${widget} [part~="message-actions"]:not(.user-actions) >> nth=-1`;

let browser: Browser;
let model: FakeModelServer;
let sitechat: SitechatProcess;
let directory: string;
let configFile: string;
let page: Page;
const pageProblems: string[] = [];

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sitechat-edit-'));
  const site = join(directory, 'site');
  await mkdir(site);
  await writeFile(
    join(site, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fernhill</title></head>
<body><h1>Fernhill Coffee Roasters</h1><chat-widget mode="inline" title="Ask Fernhill"></chat-widget>
<script src="/sitechat.js" defer></script></body></html>`,
  );
  configFile = join(directory, 'sitechat.config.json');
  await writeFile(
    configFile,
    JSON.stringify({ systemPrompt: SYSTEM_PROMPT, model: { name: 'e2e-model', maxRetries: 0 }, store: { path: join(directory, 'sitechat.db') } }),
  );
  model = await startFakeModelServer();
  sitechat = await startSitechat({
    site,
    args: ['--config', configFile],
    env: { OPENAI_BASE_URL: model.url, OPENAI_API_KEY: 'sk-e2e-secret-key', SITECHAT_ADMIN_TOKEN: ADMIN_TOKEN },
  });
  browser = await launchBrowser();
  page = await browser.newPage();
  page.on('pageerror', (error) => pageProblems.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageProblems.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) pageProblems.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
  });
});

beforeEach(() => {
  // The server's log (JSON lines: statuses, error codes, never message text) says why a step failed.
  onTestFailed(() => console.error(`sitechat start output:\n${sitechat?.output().slice(-6000)}`));
});

afterAll(async () => {
  await browser?.close();
  await sitechat?.stop();
  await model?.close();
  if (directory !== undefined) await rm(directory, { recursive: true, force: true });
});

/**
 * Sends what is in the composer and waits until `answer` has arrived in full and has ended: Regenerate, which
 * only the last answer has and only once the widget is no longer busy, is back. The server sends the end
 * only once the answer is stored, so a reload after this restores it.
 */
async function send(answer: string): Promise<void> {
  model.enqueue({ text: answer, chunkSize: 6, chunkDelayMs: 5 });
  await page.press(input, 'Enter');
  await expect.poll(async () => (await page.locator(assistantTexts).last().textContent())?.trim(), { timeout: 15_000 }).toBe(answer);
  await page.waitForSelector(regenerateButton, { timeout: 15_000 });
}

/** Thumbs up on the last answer, once the server has stored it. */
async function rateLastAnswerUp(): Promise<void> {
  const stored = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/feedback' && response.ok());
  await page.locator(lastAnswerActions).locator('[part~="feedback-up-button"]').click();
  await stored;
}

/** The chat-completions messages of the model request `index` (0 is the first). */
function modelMessages(index: number): unknown[] {
  return model.requests[index]!.body.messages as unknown[];
}

describe('Edit and resend', () => {
  it('branches the conversation: the model never sees the edited-away question, and a reload shows the edit', async () => {
    await page.goto(sitechat.url);
    await page.waitForSelector(input);

    await page.fill(input, ORIGINAL);
    await send(ORIGINAL_ANSWER);
    await rateLastAnswerUp();

    // Edit puts the question back in the composer; the visitor rewrites it and resends.
    await page.click(editButton);
    await expect.poll(() => page.inputValue(input)).toBe(ORIGINAL);
    await page.fill(input, EDIT);
    await send(EDIT_ANSWER);
    await rateLastAnswerUp();
    expect((await page.locator(messageTexts).allTextContents()).map((text) => text.trim())).toEqual([EDIT, EDIT_ANSWER]);

    // The model was asked the edit as if the original had never been asked.
    expect(model.requests).toHaveLength(2);
    const editRequest = JSON.stringify(modelMessages(1));
    expect(editRequest).toContain(EDIT);
    expect(editRequest).not.toContain(ORIGINAL);
    expect(editRequest).not.toContain(ORIGINAL_ANSWER);
    expect(modelMessages(1)).toEqual([
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: EDIT },
    ]);

    // The conversation goes on from the edit.
    await page.fill(input, FOLLOW_UP);
    await send(FOLLOW_UP_ANSWER);
    expect(modelMessages(2)).toEqual([
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: EDIT },
      { role: 'assistant', content: EDIT_ANSWER },
      { role: 'user', content: FOLLOW_UP },
    ]);

    // Reload: the widget restores the edited branch, not the original.
    await page.reload();
    await page.waitForSelector(input);
    await expect
      .poll(async () => (await page.locator(messageTexts).allTextContents()).map((text) => text.trim()), { timeout: 15_000 })
      .toEqual([EDIT, EDIT_ANSWER, FOLLOW_UP, FOLLOW_UP_ANSWER]);
    expect(pageProblems).toEqual([]);
  });

  it('loses nothing: /admin shows the original as edited away, and the SFT export trains on its rated answer', async () => {
    await page.goto(`${sitechat.url}/admin/login`);
    await page.fill('#token', ADMIN_TOKEN);
    await page.click('button[type="submit"]');
    await page.click('tbody tr a');
    expect(new URL(page.url()).pathname).toMatch(/^\/admin\/conversations\//);

    const turns = page.locator('article.turn');
    expect(await turns.evaluateAll((articles) => articles.map((article) => article.getAttribute('data-standing')))).toEqual([
      'edited-away',
      'edit',
      'asked',
    ]);
    const original = turns.nth(0);
    expect((await original.locator('.text').allTextContents()).map((text) => text.trim())).toEqual([ORIGINAL, ORIGINAL_ANSWER]);
    expect(await original.locator('.question').textContent()).toContain('The visitor edited this question; the model no longer sees it or its answers.');
    expect(await original.locator('[data-feedback]').getAttribute('data-feedback')).toBe('up');
    expect(await original.textContent()).not.toContain('in the history');
    expect((await turns.nth(1).locator('.text').allTextContents()).map((text) => text.trim())).toEqual([EDIT, EDIT_ANSWER]);
    expect(pageProblems).toEqual([]);

    // Every branch is exported: the original with its rated answer, and the edit with its own; neither sees the other.
    const sftFile = join(directory, 'sft.jsonl');
    const exported = await run(process.execPath, ['packages/server/dist/cli.js', 'export', 'sft', '--out', sftFile, '--config', configFile], {
      cwd: repositoryRoot,
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(exported.stderr).toBe(`Wrote 2 sft examples to ${sftFile}. Skipped nothing.\n`);
    const lines = (await readFile(sftFile, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual([
      {
        messages: [
          { role: 'user', content: ORIGINAL },
          { role: 'assistant', content: ORIGINAL_ANSWER, weight: 1 },
        ],
      },
      {
        messages: [
          { role: 'user', content: EDIT },
          { role: 'assistant', content: EDIT_ANSWER, weight: 1 },
        ],
      },
    ]);
  });
});

/**
 * The training-data loop end to end (issue 4): the built widget in headless Chromium, `sitechat start` with a
 * conversation store, the fake model. A visitor asks, regenerates, compares, rates up and down with a comment,
 * and reloads; the owner then logs in to /admin and sees all of it; both exports, downloaded from the admin
 * page and written by `sitechat export`, match golden files byte for byte.
 *
 * Why the golden files are stable without normalising: the export lines carry no ids and no timestamps, only
 * the system prompt, what the visitor typed and what the (scripted) fake model answered, in an order the
 * store defines (conversation start, then turn order). Ids and times do appear on the admin page, which is
 * checked by content, not against a golden file. `UPDATE_GOLDEN=1` rewrites the golden files.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { FakeModelServer } from '@sitechat/fake-openai';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SitechatProcess } from './sitechat-process.js';
import { ADMIN_TOKEN, parts, SYSTEM_PROMPT, type StoredChatSite, useStoredChatSite } from './stored-chat-site.js';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const run = promisify(execFile);

// The conversation: two questions, each answered twice (regenerated).
const Q1 = 'Which coffee for espresso? Mail me at ana@example.com';
const A1 = 'Try the house blend.';
const A1B = 'The house blend is chocolatey; the Ethiopia is brighter and fruitier.';
const Q2 = 'Do you ship to Canada?';
const A2 = 'Yes.';
const A2B = 'Yes: shipping to Canada takes 5 to 7 days and costs $12.';

const { input, assistantTexts, messageTexts, regenerateButton, comparison, feedbackForm, lastAnswerActions } = parts;

let site: StoredChatSite;
let page: Page;
let model: FakeModelServer;
let sitechat: SitechatProcess;
let pageProblems: string[];

const storedSite = useStoredChatSite('data-loop', { acceptDownloads: true });
beforeAll(() => {
  site = storedSite();
  ({ page, model, sitechat, problems: pageProblems } = site);
});

/** Waits until the last answer has ended: its actions (with Regenerate) are shown again. */
async function answerEnded(text: string): Promise<void> {
  await page.waitForSelector(regenerateButton, { timeout: 15_000 });
  await expect.poll(async () => (await page.locator(assistantTexts).last().textContent())?.trim(), { timeout: 15_000 }).toBe(text);
}

async function ask(question: string, answer: string): Promise<void> {
  model.enqueue({ text: answer, chunkSize: 6, chunkDelayMs: 5 });
  await page.fill(input, question);
  await page.press(input, 'Enter');
  await answerEnded(answer);
}

async function regenerate(answer: string): Promise<void> {
  model.enqueue({ text: answer, chunkSize: 6, chunkDelayMs: 5 });
  await page.click(regenerateButton);
  await answerEnded(answer);
}

/** Clicks a button of the last answer's action row by its `part`. */
async function clickAction(part: string): Promise<void> {
  await page.locator(lastAnswerActions).locator(`[part~="${part}"]`).click();
}

/** Waits for the server to have received `count` requests to `path` with a 2xx answer. */
function waitForResponses(path: string, count: number): Promise<void> {
  let seen = 0;
  return new Promise((resolve) => {
    const listener = (response: { url(): string; status(): number }) => {
      if (new URL(response.url()).pathname === path && response.status() < 300 && ++seen === count) {
        page.off('response', listener);
        resolve();
      }
    };
    page.on('response', listener);
  });
}

async function golden(name: string, actual: string): Promise<void> {
  const file = join(fixtures, name);
  if (process.env.UPDATE_GOLDEN === '1') await writeFile(file, actual);
  expect(actual).toBe(await readFile(file, 'utf8'));
}

describe('the training-data loop', () => {
  it('a visitor regenerates, compares, rates and reloads; the server keeps all of it', async () => {
    await page.goto(sitechat.url);
    await page.waitForSelector(input);

    // Question 1, answered twice; the visitor prefers the second answer.
    await ask(Q1, A1);
    await regenerate(A1B);
    await page.waitForSelector(comparison);
    const compared = waitForResponses('/api/comparisons', 1);
    await page.locator(comparison).getByRole('button', { name: 'This one', exact: true }).click();
    await compared;

    // Thumbs up on the second answer; then back to the first: thumbs down with a comment.
    let rated = waitForResponses('/api/feedback', 1);
    await clickAction('feedback-up-button');
    await rated;
    await clickAction('previous-button');
    await expect.poll(async () => (await page.locator(assistantTexts).last().textContent())?.trim()).toBe(A1);
    rated = waitForResponses('/api/feedback', 2);
    await clickAction('feedback-down-button');
    await page.locator(`${feedbackForm} textarea`).fill('Too short, no reason given');
    await page.locator(feedbackForm).getByRole('button', { name: 'Send feedback' }).click();
    await rated;
    await clickAction('next-button');

    // Question 2, answered twice; no comparison this time, but thumbs down on the first, up on the second.
    await ask(Q2, A2);
    await regenerate(A2B);
    await page.locator(comparison).getByRole('button', { name: 'Dismiss' }).click();
    rated = waitForResponses('/api/feedback', 1);
    await clickAction('feedback-up-button');
    await rated;
    await clickAction('previous-button');
    rated = waitForResponses('/api/feedback', 1);
    await clickAction('feedback-down-button');
    await rated;
    await clickAction('next-button');

    // What the model saw for question 2: the stored conversation (the preferred, newest answer to question 1).
    const lastModelRequest = model.requests.at(-1)!.body.messages;
    expect(lastModelRequest).toEqual([
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: Q1 },
      { role: 'assistant', content: A1B },
      { role: 'user', content: Q2 },
    ]);

    // Reload: the widget restores the conversation, alternatives and ratings included.
    await page.reload();
    await page.waitForSelector(input);
    await expect
      .poll(async () => (await page.locator(messageTexts).allTextContents()).map((text) => text.trim()), { timeout: 15_000 })
      .toEqual([Q1, A1B, Q2, A2B]);
    await expect.poll(() => page.locator(lastAnswerActions).locator('[part~="feedback-up-button"]').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.locator(lastAnswerActions).locator('[role="status"]').textContent()).toBe('2 / 2');
    expect(pageProblems).toEqual([]);
  });

  it('the owner sees all of it on /admin, behind the token', async () => {
    await page.goto(`${sitechat.url}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.fill('#token', 'not-the-admin-token');
    await page.click('button[type="submit"]');
    await expect(page.locator('[role="alert"]').textContent()).resolves.toContain('not the admin token');
    expect(pageProblems.splice(0)).toEqual(['401 POST /admin/login']);
    await page.fill('#token', ADMIN_TOKEN);
    await page.click('button[type="submit"]');
    expect(new URL(page.url()).pathname).toBe('/admin');
    expect(page.url()).not.toContain(ADMIN_TOKEN);
    expect(await page.evaluate(() => document.cookie)).toBe(''); // the session cookie is HttpOnly

    const stat = (key: string) => page.locator(`[data-stat="${key}"] dd`).textContent();
    expect(await stat('conversations')).toBe('1');
    expect(await stat('answers')).toBe('4');
    expect(await stat('thumbs-up')).toBe('2');
    expect(await stat('thumbs-down')).toBe('2');
    expect(await stat('up-ratio')).toBe('50%');
    expect(Number((await stat('tokens-in'))!.replace(/,/g, ''))).toBeGreaterThan(0);
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().locator('.preview').textContent()).toBe(Q1);

    // The filters, through the form.
    const filter = async (fields: { rating?: string; flagged?: string; hasComment?: boolean; from?: string; to?: string }) => {
      await page.goto(`${sitechat.url}/admin`);
      if (fields.rating !== undefined) await page.selectOption('select[name="rating"]', fields.rating);
      if (fields.flagged !== undefined) await page.selectOption('select[name="flagged"]', fields.flagged);
      if (fields.hasComment) await page.check('input[name="hasComment"]');
      if (fields.from !== undefined) await page.fill('form.filters input[name="from"]', fields.from);
      if (fields.to !== undefined) await page.fill('form.filters input[name="to"]', fields.to);
      await page.click('form.filters button[type="submit"]');
      return page.locator('tbody tr').count();
    };
    expect(await filter({ rating: 'down' })).toBe(1);
    expect(await filter({ rating: 'up', hasComment: true })).toBe(1);
    expect(await filter({ flagged: 'yes' })).toBe(0);
    expect(await filter({ from: '2000-01-01', to: '2000-12-31' })).toBe(0);
    expect(await filter({ from: '2000-01-01' })).toBe(1);

    // The thread: both questions, all four answers, the ratings, the comment, the comparison.
    await page.click('tbody tr a');
    expect(new URL(page.url()).pathname).toMatch(/^\/admin\/conversations\//);
    const answers = page.locator('section.answer');
    expect(await answers.count()).toBe(4);
    expect((await answers.locator('.text').allTextContents()).map((text) => text.trim())).toEqual([A1, A1B, A2, A2B]);
    expect(await answers.evaluateAll((sections) => sections.map((section) => section.getAttribute('data-status')))).toEqual(
      Array(4).fill('complete'),
    );
    expect(await page.locator('[data-feedback]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-feedback')))).toEqual([
      'down',
      'up',
      'down',
      'up',
    ]);
    expect(await page.locator('[data-feedback="down"] q').first().textContent()).toBe('Too short, no reason given');
    expect(await page.locator('ul.comparisons li').textContent()).toContain('answer 2 preferred over answer 1');
    expect(await page.locator('section.question .text').allTextContents()).toEqual([Q1, Q2]);
    expect(pageProblems).toEqual([]);
  });

  it('both exports match the golden files, downloaded from /admin and written by `sitechat export`', async () => {
    await page.goto(`${sitechat.url}/admin`);
    const download = async (form: string, check?: string) => {
      if (check !== undefined) await page.check(`${form} input[name="${check}"]`);
      const [file] = await Promise.all([page.waitForEvent('download'), page.click(`${form} button[type="submit"]`)]);
      expect(file.suggestedFilename()).toMatch(/^sitechat-(sft|preference)-\d{4}-\d{2}-\d{2}\.jsonl$/);
      return readFile((await file.path())!, 'utf8');
    };
    const sft = await download('form[aria-label="SFT export"]', 'systemPrompt');
    const preference = await download('form[aria-label="Preference export"]');
    await golden('data-loop.sft.golden.jsonl', sft);
    await golden('data-loop.preference.golden.jsonl', preference);

    const cli = (...args: string[]) =>
      run(process.execPath, ['packages/server/dist/cli.js', ...args, '--config', site.configFile], { cwd: repositoryRoot, env: { PATH: process.env.PATH ?? '' } });
    const sftFile = join(site.directory, 'sft.jsonl');
    const preferenceFile = join(site.directory, 'preference.jsonl');
    const sftRun = await cli('export', 'sft', '--include-system-prompt', '--out', sftFile);
    const preferenceRun = await cli('export', 'preference', '--out', preferenceFile);
    expect(await readFile(sftFile, 'utf8')).toBe(sft);
    expect(await readFile(preferenceFile, 'utf8')).toBe(preference);
    expect(sftRun.stderr).toBe(`Wrote 1 sft example to ${sftFile}. Skipped nothing.\n`);
    // The ratings on question 1 repeat the comparison, so only the comparison is exported for it.
    expect(preferenceRun.stderr).toBe(
      `Wrote 2 preference examples to ${preferenceFile}. Skipped 1: 1 duplicate_of_comparison (the ratings repeat a comparison already exported).\n`,
    );

    const stats = await cli('stats', '--json');
    expect(JSON.parse(stats.stdout)).toMatchObject({ conversations: 1, answers: 4, thumbsUp: 2, thumbsDown: 2, upRatio: 0.5 });
  });
});

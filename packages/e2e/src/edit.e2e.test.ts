/**
 * Edit and resend end to end: the built widget in headless Chromium, `sitechat start` with a conversation
 * store, the fake model. A visitor asks, rates the answer, edits the question and resends, then asks a
 * follow-up and reloads. An edit is a branch (docs/decisions/0009-edits-are-branches.md): the model never
 * sees the edited-away question or its answer, the widget restores the edited branch, and the owner still
 * has the original, marked as edited away on /admin and trained on in the SFT export (the visitor rated it).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { FakeModelServer } from '@sitechat/fake-openai';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SitechatProcess } from './sitechat-process.js';
import { ADMIN_TOKEN, parts, SYSTEM_PROMPT, type StoredChatSite, useStoredChatSite } from './stored-chat-site.js';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

// The original question and its answer, the edit that replaces them, and a follow-up to the edit.
const ORIGINAL = 'Which grinder do you sell?';
const ORIGINAL_ANSWER = 'The Comandante C40, a hand grinder.';
const EDIT = 'Which beans suit a moka pot?';
const EDIT_ANSWER = 'A medium-dark roast such as the house blend.';
const FOLLOW_UP = 'How fine should I grind them?';
const FOLLOW_UP_ANSWER = 'Finer than filter, coarser than espresso.';

const { input, assistantTexts, messageTexts, editButton, regenerateButton, lastAnswerActions } = parts;

let site: StoredChatSite;
let page: Page;
let model: FakeModelServer;
let sitechat: SitechatProcess;
let pageProblems: string[];

const storedSite = useStoredChatSite('edit');
beforeAll(() => {
  site = storedSite();
  ({ page, model, sitechat, problems: pageProblems } = site);
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
    const sftFile = join(site.directory, 'sft.jsonl');
    const exported = await run(process.execPath, ['packages/server/dist/cli.js', 'export', 'sft', '--out', sftFile, '--config', site.configFile], {
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

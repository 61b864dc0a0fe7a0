/**
 * The demo with no API key and no model server: `sitechat start` runs a GGUF model itself
 * (SITECHAT_MODEL_PATH), and the widget streams its answer. The model is the tiny random-weight one that
 * @sitechat/local-model's tests generate: it says nothing sensible, but llama.cpp loads, templates and
 * streams it exactly as a real model.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser } from './browser.js';
import { startSitechat, type SitechatProcess } from './sitechat-process.js';

const launcher = 'chat-widget [part~="launcher"]';
const input = 'chat-widget [part~="input"]';
const assistantMessages = 'chat-widget [part~="message-assistant"]';
const sendButton = 'chat-widget [part~="send-button"]';

// Test support of @sitechat/local-model (src/test/, never built nor published), compiled by vitest.
const GENERATOR = fileURLToPath(new URL('../../local-model/src/test/tiny-model.ts', import.meta.url));
type BuildTinyModel = (options?: { contextLength?: number }) => Uint8Array;

let folder: string;
let browser: Browser;
let sitechat: SitechatProcess;
let page: Page;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'sitechat-e2e-local-'));
  const { buildTinyModel } = (await import(/* @vite-ignore */ GENERATOR)) as { buildTinyModel: BuildTinyModel };
  const modelPath = join(folder, 'tiny.gguf');
  // Room for the demo's instructions (about 900 of the tiny model's byte-sized tokens) and a full answer.
  await writeFile(modelPath, buildTinyModel({ contextLength: 4096 }));
  sitechat = await startSitechat({
    site: 'examples/vanilla',
    args: ['--config', 'examples/vanilla/sitechat.config.json'],
    env: {
      SITECHAT_MODEL_PATH: modelPath,
      SITECHAT_MODEL_THREADS: '1',
      SITECHAT_MODEL_GPU: 'false',
      SITECHAT_MODEL_CONTEXT: '4096',
      SITECHAT_MODEL_CACHE_DIR: join(folder, 'cache'),
    },
    // The model loads before the server listens: seconds on a busy machine.
    readyTimeoutMs: 120_000,
  });
  browser = await launchBrowser();
  page = await browser.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await sitechat?.stop();
  await rm(folder, { recursive: true, force: true });
});

it('with SITECHAT_MODEL_PATH, the server runs the model itself and the widget streams its answer', { timeout: 120_000 }, async () => {
  expect(sitechat.output()).toMatch(/model: {3}sitechat-tiny-test, run by this server/);
  expect(sitechat.output()).toMatch(/1 CPU thread, no GPU \(CPU only\), context 4096 tokens/);
  expect(sitechat.output()).not.toMatch(/OPENAI_API_KEY/);

  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  await page.goto(sitechat.url);
  await page.click(launcher);
  await page.fill(input, 'When do you roast?');
  await page.press(input, 'Enter');

  // Sample the answer until the composer offers Send again (the answer ended).
  const seen: string[] = [];
  const deadline = Date.now() + 90_000;
  for (;;) {
    const text = (await page.locator(assistantMessages).last().textContent({ timeout: 60_000 })) ?? '';
    if (seen.at(-1) !== text) seen.push(text);
    if (text.trim() !== '' && (await page.locator(sendButton).count()) > 0) break;
    if (Date.now() > deadline) throw new Error(`the answer did not end; last text: ${text}`);
    await page.waitForTimeout(15);
  }
  const answer = seen.at(-1)!;
  expect(answer.trim().length).toBeGreaterThan(0);
  // It arrived in pieces: several growing partial states before the whole.
  const partial = seen.filter((text) => text.trim() !== '' && text !== answer);
  expect(partial.length).toBeGreaterThanOrEqual(2);
  expect(partial.every((text) => answer.startsWith(text.trimEnd()))).toBe(true);
  expect(await page.locator('chat-widget [part~="error"]').count()).toBe(0);
  expect(pageErrors).toEqual([]);
});

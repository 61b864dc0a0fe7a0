import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser } from './browser.js';
import { startSitechat, type SitechatProcess } from './sitechat-process.js';

let browser: Browser;
let sitechat: SitechatProcess;
let cache: string;

beforeAll(async () => {
  // No key, no model server: `sitechat start` tries its default local model, whose download must fail
  // here as on a machine without internet access, whatever this machine's network: Node's fetch is sent
  // through a proxy that refuses connections, into an empty cache.
  cache = await mkdtemp(join(tmpdir(), 'sitechat-e2e-no-model-'));
  sitechat = await startSitechat({
    site: 'examples/vanilla',
    env: { NODE_USE_ENV_PROXY: '1', HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', SITECHAT_MODEL_CACHE_DIR: cache },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await sitechat?.stop();
  await rm(cache, { recursive: true, force: true });
});

it('without a model, the server starts, says how to configure one, and the widget shows it (no invented answer)', async () => {
  expect(sitechat.output()).toMatch(/OPENAI_API_KEY/);
  // It tried the default local model and says why that failed.
  expect(sitechat.output()).toMatch(/Could not download the local model .*This machine may have no internet access/s);
  expect(sitechat.output()).toMatch(/SITECHAT_MODEL_PATH/);
  const page = await browser.newPage();
  await page.goto(sitechat.url);
  await page.click('chat-widget [part~="launcher"]');
  await page.fill('chat-widget [part~="input"]', 'Hello?');
  await page.press('chat-widget [part~="input"]', 'Enter');
  const error = page.locator('chat-widget [part~="error"]');
  await error.waitFor();
  const shown = (await error.textContent()) ?? '';
  expect(shown).toMatch(/OPENAI_API_KEY/);
  expect(shown).toMatch(/could not download its default local model.*no internet access/s);
  expect(shown).toMatch(/SITECHAT_MODEL_PATH/);
  expect(await page.locator('chat-widget [part~="message-assistant"]').count()).toBe(0);
});

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser } from './browser.js';
import { startSitechat, type SitechatProcess } from './sitechat-process.js';

let browser: Browser;
let sitechat: SitechatProcess;

beforeAll(async () => {
  sitechat = await startSitechat({ site: 'examples/vanilla', env: {} });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await sitechat?.stop();
});

it('without a model, the server starts, says how to configure one, and the widget shows it (no invented answer)', async () => {
  expect(sitechat.output()).toMatch(/OPENAI_API_KEY/);
  const page = await browser.newPage();
  await page.goto(sitechat.url);
  await page.click('chat-widget [part~="launcher"]');
  await page.fill('chat-widget [part~="input"]', 'Hello?');
  await page.press('chat-widget [part~="input"]', 'Enter');
  const error = page.locator('chat-widget [part~="error"]');
  await error.waitFor();
  expect(await error.textContent()).toMatch(/OPENAI_API_KEY/);
  expect(await page.locator('chat-widget [part~="message-assistant"]').count()).toBe(0);
});

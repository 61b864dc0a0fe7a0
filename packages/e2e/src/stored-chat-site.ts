/**
 * The setting of the tests about what the conversation store keeps (the data loop, edits): a shop page with
 * an inline widget, served by `sitechat start` with a SQLite store and the admin page on, in front of the fake
 * model, and a headless Chromium page that records what goes wrong on it.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeModelServer, type FakeModelServer } from '@sitechat/fake-openai';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, onTestFailed } from 'vitest';
import { launchBrowser } from './browser.js';
import { startSitechat, type SitechatProcess } from './sitechat-process.js';

export const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';
export const SYSTEM_PROMPT = 'You are the assistant of Fernhill Coffee Roasters. Answer briefly.';

// Playwright's CSS engine pierces open shadow roots, so these reach into <chat-widget>.
const widget = 'chat-widget';
export const parts = {
  input: `${widget} [part~="input"]`,
  assistantTexts: `${widget} [part~="message-assistant"] [part~="message-text"]`,
  messageTexts: `${widget} [part~="message"] [part~="message-text"]`,
  editButton: `${widget} [part~="edit-button"]`,
  regenerateButton: `${widget} [part~="regenerate-button"]`,
  comparison: `${widget} [part~="comparison"]`,
  feedbackForm: `${widget} [part~="feedback-form"]`,
  lastAnswerActions: `${widget} [part~="message-actions"]:not(.user-actions) >> nth=-1`,
};

export interface StoredChatSite {
  browser: Browser;
  page: Page;
  model: FakeModelServer;
  sitechat: SitechatProcess;
  /** A temporary folder holding the site, the configuration and the store; removed by `close()`. */
  directory: string;
  configFile: string;
  /**
   * What went wrong on the page: uncaught errors, console errors (a Content-Security-Policy violation shows as
   * one) and responses of 400 or more, listed by method and path (the console line for a failed request does
   * not say which).
   */
  problems: string[];
  close(): Promise<void>;
}

export async function openStoredChatSite(name: string, pageOptions: BrowserContextOptions = {}): Promise<StoredChatSite> {
  const directory = await mkdtemp(join(tmpdir(), `sitechat-${name}-`));
  const site = join(directory, 'site');
  await mkdir(site);
  await writeFile(
    join(site, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fernhill</title></head>
<body><h1>Fernhill Coffee Roasters</h1><chat-widget mode="inline" title="Ask Fernhill"></chat-widget>
<script src="/sitechat.js" defer></script></body></html>`,
  );
  const configFile = join(directory, 'sitechat.config.json');
  await writeFile(
    configFile,
    JSON.stringify({ systemPrompt: SYSTEM_PROMPT, model: { name: 'e2e-model', maxRetries: 0 }, store: { path: join(directory, 'sitechat.db') } }),
  );
  const model = await startFakeModelServer();
  const sitechat = await startSitechat({
    site,
    args: ['--config', configFile],
    env: { OPENAI_BASE_URL: model.url, OPENAI_API_KEY: 'sk-e2e-secret-key', SITECHAT_ADMIN_TOKEN: ADMIN_TOKEN },
  });
  const browser = await launchBrowser();
  const page = await browser.newPage(pageOptions);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
  });
  return {
    browser,
    page,
    model,
    sitechat,
    directory,
    configFile,
    problems,
    async close() {
      await browser.close();
      await sitechat.stop();
      await model.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/**
 * The site for one test file: opened before its tests, closed after them, and the server's log printed when a
 * test fails (JSON lines: statuses and error codes, never message text, say why a step failed).
 * @example
 * const storedSite = useStoredChatSite('edit');
 * beforeAll(() => ({ page, model } = storedSite()));
 */
export function useStoredChatSite(name: string, pageOptions: BrowserContextOptions = {}): () => StoredChatSite {
  let site: StoredChatSite | undefined;
  beforeAll(async () => {
    site = await openStoredChatSite(name, pageOptions);
  });
  beforeEach(() => {
    onTestFailed(() => console.error(`sitechat start output:\n${site?.sitechat.output().slice(-6000)}`));
  });
  afterAll(async () => {
    await site?.close();
  });
  return () => {
    if (site === undefined) throw new Error(`the ${name} site is not open: call this in a test or a later hook`);
    return site;
  };
}

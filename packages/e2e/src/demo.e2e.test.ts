import { startFakeModelServer, type FakeModelServer } from '@sitechat/fake-openai';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.js';
import { startSitechat, type SitechatProcess } from './sitechat-process.js';

// Playwright's CSS engine pierces open shadow roots, so these reach into <chat-widget>.
const launcher = 'chat-widget [part~="launcher"]';
const input = 'chat-widget [part~="input"]';
const stopButton = 'chat-widget [part~="stop-button"]';
const assistantMessages = 'chat-widget [part~="message-assistant"]';

let browser: Browser;
let model: FakeModelServer;
let sitechat: SitechatProcess;
let page: Page;

beforeAll(async () => {
  model = await startFakeModelServer();
  sitechat = await startSitechat({
    site: 'examples/vanilla',
    args: ['--config', 'examples/vanilla/sitechat.config.json'],
    env: { OPENAI_BASE_URL: model.url, OPENAI_API_KEY: 'sk-e2e-secret-key', SITECHAT_MODEL: 'e2e-model' },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await sitechat?.stop();
  await model?.close();
});

beforeEach(async () => {
  model.reset();
  page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  await page.goto(sitechat.url);
  await page.click(launcher);
  await page.waitForSelector(input);
  expect(pageErrors).toEqual([]);
});

/** Samples the answer's text every few milliseconds until `done` says stop. */
async function sampleAnswer(done: (text: string) => boolean): Promise<string[]> {
  const seen: string[] = [];
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const text = (await page.locator(assistantMessages).last().textContent({ timeout: 10_000 })) ?? '';
    if (seen.at(-1) !== text) seen.push(text);
    if (done(text)) return seen;
    await page.waitForTimeout(15);
  }
  throw new Error(`answer did not complete; last text: ${seen.at(-1)}`);
}

describe('the demo page, served by `sitechat start`, against an OpenAI-compatible model', () => {
  it('streams an answer into the widget token by token', async () => {
    const answer = 'We roast every Tuesday and ship within two days of roasting.';
    model.enqueue({ text: answer, chunkSize: 3, chunkDelayMs: 40 });

    await page.fill(input, 'When do you roast?');
    await page.press(input, 'Enter');
    const seen = await sampleAnswer((text) => text.includes(answer));

    // Several partial states were visible before the whole answer: it streamed, it did not arrive at once.
    const partial = seen.filter((text) => text.trim() !== '' && !text.includes(answer));
    expect(partial.length).toBeGreaterThanOrEqual(3);

    const [request] = model.requests;
    expect(request?.body.model).toBe('e2e-model');
    expect(request?.body.messages.at(-1)).toEqual({ role: 'user', content: 'When do you roast?' });
    // The owner's instructions from the demo's config come first; the browser never sent them.
    expect(request?.body.messages[0]).toMatchObject({ role: 'system', content: expect.stringContaining('Fernhill Coffee Roasters') });
    expect(request?.headers.authorization).toBe('Bearer sk-e2e-secret-key');
  });

  it('Stop aborts the upstream model request', async () => {
    model.enqueue({ text: 'word '.repeat(400), chunkSize: 5, chunkDelayMs: 25 });
    await page.fill(input, 'Tell me everything');
    await page.press(input, 'Enter');
    await sampleAnswer((text) => text.includes('word word word'));

    await page.click(stopButton);
    const [request] = await model.waitForRequests(1);
    await Promise.race([request!.settled, new Promise((resolve) => setTimeout(resolve, 2000))]);
    expect(request!.aborted).toBe(true);
    expect(request!.completed).toBe(false);

    // The partial answer stays on screen, and the composer is usable again.
    const kept = (await page.locator(assistantMessages).last().textContent()) ?? '';
    expect(kept).toContain('word word');
    expect(kept.length).toBeLessThan('word '.repeat(400).length);
    await page.waitForSelector(`chat-widget [part~="send-button"]`);
  });
});

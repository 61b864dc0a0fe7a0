#!/usr/bin/env node
/**
 * The screenshots in docs/screenshots/: the widget on the demo site (examples/vanilla), answering, in the
 * light and dark themes, in Arabic (right to left), and on a phone. A loopback server stands in for the
 * Sitechat server with canned answers. Run `pnpm build` first; `node scripts/screenshots.mjs`.
 */
import { once } from 'node:events';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const out = here('../../../docs/screenshots/');
mkdirSync(out, { recursive: true });

const ANSWERS = {
  en: [
    'For a sweet, low-bitterness cup, **Morning Fern** is the one: a washed Colombian with milk chocolate and red apple.',
    '',
    '| Coffee | Roast | Notes |',
    '| --- | --- | --- |',
    '| Morning Fern | light | chocolate, apple |',
    '| Night Owl Decaf | medium | cocoa, toffee |',
    '',
    'Brew it at **1:16** ([our guide](https://fernhill.example/brew)):',
    '',
    '```js',
    'const grams = (water) => Math.round(water / 16); // 250 ml → 16 g',
    '```',
  ].join('\n'),
  ar: [
    'إذا كنت تفضّل قهوة **قليلة المرارة**، فننصحك بـ Morning Fern: قهوة كولومبية مغسولة بنكهة الشوكولاتة بالحليب والتفاح الأحمر.',
    '',
    '- التحميص: فاتح',
    '- النسبة: 1:16',
    '- الشحن خلال يومين من التحميص',
  ].join('\n'),
};

const server = createServer(async (request, response) => {
  const path = new URL(request.url, 'http://localhost').pathname;
  const file = (type, body) => response.writeHead(200, { 'content-type': type }).end(body);
  if (path === '/' || path === '/index.html') return file('text/html', readFileSync(here('../../../examples/vanilla/index.html')));
  if (path === '/styles.css') return file('text/css', readFileSync(here('../../../examples/vanilla/styles.css')));
  if (path === '/sitechat.js') return file('text/javascript', readFileSync(here('../dist/sitechat.js')));
  if (path.startsWith('/sitechat/chunks/')) return file('text/javascript', readFileSync(here(`../dist/chunks/${path.split('/').pop().replace(/[^\w.-]/g, '')}`)));
  if (path === '/avatar.svg')
    return file('image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="16" fill="#0f766e"/><path d="M10 21c6 0 12-4 12-11-6 0-12 4-12 11Z" fill="#fff"/></svg>');
  if (path === '/api/config') return file('application/json', JSON.stringify({ modelConfigured: true, features: { history: false, feedback: true, comparisons: true } }));
  if (path === '/api/chat') {
    let body = '';
    for await (const chunk of request) body += chunk;
    const { messages } = JSON.parse(body);
    const text = /[\u0600-\u06ff]/.test(JSON.stringify(messages.at(-1))) ? ANSWERS.ar : ANSWERS.en;
    const chunks = [{ type: 'start', messageId: `answer-${Date.now()}` }, { type: 'text-start', id: 't' }, { type: 'text-delta', id: 't', delta: text }, { type: 'text-end', id: 't' }, { type: 'finish', finishReason: 'stop' }];
    return file('text/event-stream', chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('') + 'data: [DONE]\n\n');
  }
  response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"not_found","message":"Not found."}}');
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
});

async function shoot(name, { viewport, scheme = 'light', setup, question, deviceScaleFactor = 1 }) {
  const context = await browser.newContext({ viewport, deviceScaleFactor, colorScheme: scheme, reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.goto(origin);
  await page.waitForFunction(() => customElements.get('chat-widget'));
  await page.evaluate(setup ?? (() => {}));
  await page.evaluate(async (text) => {
    const widget = document.querySelector('chat-widget');
    widget.open();
    await widget.updateComplete;
    await widget.send(text);
  }, question);
  // The highlighter chunk, and the locale chunk where there is one.
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${out}${name}.png` });
  if (process.env.DEBUG_SCROLL) console.log(await page.evaluate(() => { const log = document.querySelector('chat-widget').shadowRoot.querySelector('.messages'); return [log.scrollTop, log.scrollHeight, log.clientHeight]; }));
  console.log(`docs/screenshots/${name}.png`);
  await context.close();
}

const rich = () => {
  const widget = document.querySelector('chat-widget');
  widget.setAttribute('assistant-name', 'Fern');
  widget.setAttribute('avatar', '/avatar.svg');
  widget.setAttribute('welcome', 'Hi! I am **Fern**. Ask me about our coffee, brewing or an order.');
  widget.setAttribute('disclaimer', '');
};

await shoot('widget-light', { viewport: { width: 1100, height: 820 }, setup: rich, question: 'Which coffee is the least bitter?' });
await shoot('widget-dark', {
  viewport: { width: 1100, height: 820 },
  scheme: 'dark',
  setup: () => {
    const widget = document.querySelector('chat-widget');
    widget.setAttribute('assistant-name', 'Fern');
    widget.setAttribute('avatar', '/avatar.svg');
    widget.setAttribute('theme', 'dark');
    widget.setAttribute('disclaimer', '');
    // The demo site, dimmed to a dark page of its own.
    const style = document.createElement('style');
    style.textContent = 'html, body { background: #121316 !important; color: #c9ccd1 !important; } .site, .product, footer { background: #1b1d21 !important; border-color: #2c2f35 !important; color: #c9ccd1 !important; } h1, h2, .brand, nav a { color: #eceef1 !important; } .hero p { color: #a9adb4 !important; }';
    document.head.append(style);
  },
  question: 'Which coffee is the least bitter?',
});
await shoot('widget-rtl', {
  viewport: { width: 1100, height: 820 },
  setup: () => {
    const widget = document.querySelector('chat-widget');
    widget.setAttribute('locale', 'ar');
    widget.setAttribute('position', 'left');
    widget.setAttribute('title', 'مساعد فيرنهيل');
    widget.setAttribute('placeholder', '');
    widget.setAttribute('disclaimer', '');
  },
  question: 'ما هي القهوة الأقل مرارة؟',
});
await shoot('widget-mobile', { viewport: { width: 390, height: 780 }, deviceScaleFactor: 2, setup: rich, question: 'Which coffee is the least bitter?' });

await browser.close();
server.close();

#!/usr/bin/env node
/**
 * `pnpm bench`: the widget measured in headless Chromium, beside the alternatives, in one run.
 *
 * 1. Size of the file a site loads: dist/sitechat.js beside the shipped files of deep-chat and flowise-embed
 *    (installed as devDependencies, measured as they are; nothing of theirs is bundled), gzip -9 and brotli -11.
 * 2. Time from script start to a usable composer (the text field exists and has a layout box): the same page
 *    with sitechat.js, with a bare Lit element that renders only a text area, and with Deep Chat.
 * 3. Main-thread time to stream a markdown answer of 2,000 / 5,000 / 10,000 / 20,000 tokens in one-token
 *    deltas over SSE, fed as fast as the page reads them, and the longest main-thread task (from a trace).
 *
 * Run `pnpm build` first. Chromium: /usr/bin/chromium, or CHROMIUM_PATH. Loopback only.
 *
 * `--compare=<folder>`: another build's `sitechat.js` (a copy of an earlier `dist/`, say) measured in (2) as one
 * more page, interleaved with the others, so that a before/after is measured side by side in one run.
 * `BENCH_STREAM_RUNS=0` leaves out (3).
 */
import { once } from 'node:events';
import { readFileSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { sizes } from '../scripts/check-size.mjs';
import { markdownTokens } from './markdown-answer.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
console.log(`Chromium ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'}, ${cpus().length} cores, load average ${loadavg().map((value) => value.toFixed(1)).join(' ')} at start`);
const TTI_RUNS = Number(process.env.BENCH_TTI_RUNS ?? 15);
const STREAM_RUNS = Number(process.env.BENCH_STREAM_RUNS ?? 3);
const TOKEN_COUNTS = [2000, 5000, 10000, 20000];
const compareFolder = process.argv.find((argument) => argument.startsWith('--compare='))?.slice('--compare='.length);

async function buildBareLit() {
  const outDir = mkdtempSync(join(tmpdir(), 'sitechat-bench-'));
  await build({
    configFile: false,
    logLevel: 'silent',
    build: { outDir, minify: true, lib: { entry: here('./bare-lit-element.ts'), formats: ['iife'], name: 'Bare', fileName: () => 'bare.js' } },
  });
  return readFileSync(join(outDir, 'bare.js'));
}

const scripts = {
  sitechat: readFileSync(here('../dist/sitechat.js')),
  'deep-chat': readFileSync(here('../node_modules/deep-chat/dist/deepChat.bundle.js')),
  'flowise-embed': readFileSync(here('../node_modules/flowise-embed/dist/web.js')),
};
const compared = compareFolder ? readFileSync(join(compareFolder, 'sitechat.js')) : undefined;
const bareLit = await buildBareLit();

// 1. Sizes
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
console.log('\n## 1. The file a site loads\n');
console.log('| file | raw | gzip | brotli | gzip vs sitechat |');
console.log('| --- | ---: | ---: | ---: | ---: |');
const ours = sizes(scripts.sitechat);
for (const [name, bytes] of [...Object.entries(scripts), ['bare Lit element', bareLit]]) {
  const size = sizes(bytes);
  const file = { sitechat: '@sitechat/widget dist/sitechat.js', 'deep-chat': 'deep-chat 2.4.2 dist/deepChat.bundle.js', 'flowise-embed': 'flowise-embed 3.1.6 dist/web.js' }[name] ?? name;
  console.log(`| ${file} | ${kb(size.raw)} | ${kb(size.gzip)} | ${kb(size.brotli)} | ${(size.gzip / ours.gzip).toFixed(1)}× |`);
}

// The pages, served from loopback.
function ttiPage(src, element, selector) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title></head><body>
<h1>A page</h1><p>Some content before the widget.</p>
<script type="module">performance.mark('script-start');</script>
<script type="module" src="${src}"></script>
${element}
<script type="module">
  const host = document.body.querySelector('body > :not(h1, p, script)');
  const usable = () => {
    const field = host.shadowRoot?.querySelector(${JSON.stringify(selector)});
    return field && field.getBoundingClientRect().height > 0;
  };
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    if (!usable()) return channel.port2.postMessage(0);
    window.__tti = performance.measure('tti', 'script-start').duration;
  };
  channel.port2.postMessage(0);
</script></body></html>`;
}

const pages = {
  '/tti/sitechat': ttiPage('/sitechat.js', '<chat-widget mode="inline" storage="none"></chat-widget>', '[part="input"]'),
  '/tti/bare': ttiPage('/bare.js', '<bare-composer></bare-composer>', 'textarea'),
  '/tti/deep-chat': ttiPage('/deep-chat.js', '<deep-chat></deep-chat>', '#text-input'),
  '/tti/compared': ttiPage('/compared/sitechat.js', '<chat-widget mode="inline" storage="none"></chat-widget>', '[part="input"]'),
  '/stream': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>stream</title>
<script src="/sitechat.js"></script></head><body style="margin:0">
<chat-widget mode="inline" style="--sitechat-panel-height: 100vh"></chat-widget>
<script>
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.__longTasks.push(entry.duration); }).observe({ type: 'longtask' });
</script></body></html>`,
};

async function streamAnswer(response, count) {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-vercel-ai-ui-message-stream': 'v1' });
  const write = async (chunk) => {
    if (!response.write(`data: ${JSON.stringify(chunk)}\n\n`)) await once(response, 'drain');
  };
  await write({ type: 'start', messageId: `bench-${count}` });
  await write({ type: 'text-start', id: 't' });
  for (const delta of markdownTokens(count)) await write({ type: 'text-delta', id: 't', delta });
  await write({ type: 'text-end', id: 't' });
  await write({ type: 'finish', finishReason: 'stop' });
  response.end('data: [DONE]\n\n');
}

let tokensForNextAnswer = 0;
const server = createServer(async (request, response) => {
  const path = new URL(request.url, 'http://localhost').pathname;
  const send = (type, body) => response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
  if (path === '/sitechat.js') return send('text/javascript', scripts.sitechat);
  if (path.startsWith('/sitechat/chunks/')) return send('text/javascript', readFileSync(here(`../dist/chunks/${path.split('/').pop().replace(/[^\w.-]/g, '')}`)));
  if (path === '/deep-chat.js') return send('text/javascript', scripts['deep-chat']);
  if (path === '/bare.js') return send('text/javascript', bareLit);
  if (path === '/compared/sitechat.js' && compared) return send('text/javascript', compared);
  if (pages[path]) return send('text/html', pages[path]);
  if (path === '/api/chat') {
    for await (const _ of request);
    return streamAnswer(response, tokensForNextAnswer);
  }
  response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"not_found","message":"Not found."}}');
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu'],
});

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

// 2. Time to a usable composer
console.log('\n## 2. From script start to a usable composer\n');
const tti = { sitechat: [], ...(compared && { compared: [] }), bare: [], 'deep-chat': [] };
for (let run = 0; run < TTI_RUNS; run++) {
  for (const name of Object.keys(tti)) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${origin}/tti/${name}`);
    tti[name].push(await page.waitForFunction(() => window.__tti, undefined, { timeout: 10_000 }).then((handle) => handle.jsonValue()));
    await context.close();
  }
}
console.log(`| page | median | fastest | slowest | (${TTI_RUNS} runs each, a fresh browser context per run) |`);
console.log('| --- | ---: | ---: | ---: | --- |');
for (const [name, values] of Object.entries(tti)) {
  const label = { sitechat: '`<chat-widget mode="inline">` (sitechat.js)', compared: `the same, \`${compareFolder}/sitechat.js\``, bare: 'a bare Lit element with a text area', 'deep-chat': '`<deep-chat>` 2.4.2' }[name];
  console.log(`| ${label} | ${median(values).toFixed(1)} ms | ${Math.min(...values).toFixed(1)} ms | ${Math.max(...values).toFixed(1)} ms | |`);
}
console.log(`\nsitechat.js / bare Lit: ${(median(tti.sitechat) / median(tti.bare)).toFixed(2)}× (load average now ${loadavg().map((value) => value.toFixed(1)).join(' ')})`);

// 3. Streaming
/** Diagnostics (BENCH_TRACE=1): what the main thread did in each task over 50 ms. */
function printLongTasks(events, count) {
  const main = new Set(events.filter((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain').map((event) => `${event.pid}:${event.tid}`));
  const tasks = events.filter((event) => event.ph === 'X' && event.name === 'RunTask' && main.has(`${event.pid}:${event.tid}`));
  const cpu = tasks.map((task) => task.tdur ?? 0).sort((a, b) => b - a);
  console.error(`  ${count} tokens: ${tasks.length} tasks; longest by CPU time ${(cpu[0] / 1000).toFixed(1)} ms, then ${cpu.slice(1, 5).map((value) => (value / 1000).toFixed(1)).join(', ')} ms`);
  const long = [...tasks].sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0)).slice(0, 3);
  for (const task of long) {
    const parts = {};
    for (const event of events) {
      if (event.ph !== 'X' || event === task || event.pid !== task.pid || event.tid !== task.tid || event.ts < task.ts || event.ts + event.dur > task.ts + task.dur) continue;
      if ((event.tdur ?? 0) > 1000) parts[event.name] = Math.round((parts[event.name] ?? 0) + event.tdur / 1000);
    }
    console.error(`  ${count} tokens: task of ${Math.round(task.dur / 1000)} ms (cpu ${Math.round((task.tdur ?? 0) / 1000)} ms): ${JSON.stringify(parts)}`);
  }
}

console.log('\n## 3. Streaming a markdown answer in one-token deltas\n');
console.log(`| tokens | main-thread time | per 1,000 tokens | of which style + layout | longest task | tasks over 50 ms | wall time |`);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const count of STREAM_RUNS > 0 ? TOKEN_COUNTS : []) {
  const runs = [];
  for (let run = 0; run < STREAM_RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${origin}/stream`);
    await page.waitForFunction(() => document.querySelector('chat-widget')?.shadowRoot?.querySelector('[part="input"]'));
    // Warm up with a short answer first: the first answer's one-time work (loading the highlighter chunk,
    // compiling the code paths) is not what grows with the answer's length.
    tokensForNextAnswer = 1200;
    await page.evaluate(async () => {
      const widget = document.querySelector('chat-widget');
      await widget.send('Warm up');
      widget.reset();
    });
    tokensForNextAnswer = count;
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((metric) => [metric.name, metric.value]));
    if (process.env.BENCH_TRACE) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    const before = await metrics();
    const started = Date.now();
    const outcome = await page.evaluate(async () => {
      const widget = document.querySelector('chat-widget');
      const ended = new Promise((resolve) => widget.addEventListener('chat-response-end', (event) => resolve(event.detail.outcome), { once: true }));
      await widget.send('Tell me everything about brewing.');
      const result = await ended;
      // One more frame, so that the last render is counted.
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      return result;
    });
    const wall = Date.now() - started;
    const after = await metrics();
    if (process.env.BENCH_TRACE) printLongTasks(JSON.parse((await browser.stopTracing()).toString()).traceEvents, count);
    const check = await page.evaluate(() => {
      const root = document.querySelector('chat-widget').shadowRoot;
      return { codeBlocks: root.querySelectorAll('[part="code-block"]').length, longTasks: window.__longTasks };
    });
    if (outcome !== 'finished' || check.codeBlocks === 0) throw new Error(`stream of ${count} tokens did not render (${outcome}, ${check.codeBlocks} code blocks)`);
    runs.push({
      total: (after.TaskDuration - before.TaskDuration) * 1000,
      layout: (after.LayoutDuration - before.LayoutDuration + after.RecalcStyleDuration - before.RecalcStyleDuration) * 1000,
      longest: Math.max(0, ...check.longTasks),
      over50: check.longTasks.length,
      wall,
    });
    await context.close();
  }
  const total = median(runs.map((run) => run.total));
  const longest = median(runs.map((run) => run.longest));
  console.log(
    `| ${count.toLocaleString('en')} | ${(total / 1000).toFixed(2)} s | ${((total / count) * 1000).toFixed(0)} ms | ${(median(runs.map((run) => run.layout)) / 1000).toFixed(2)} s | ${longest === 0 ? 'under 50 ms' : `${longest.toFixed(0)} ms`} | ${median(runs.map((run) => run.over50))} | ${(median(runs.map((run) => run.wall)) / 1000).toFixed(2)} s |`,
  );
}
console.log(`\n(median of ${STREAM_RUNS} runs; main-thread time is Chromium's TaskDuration, the longest task from the Long Tasks API, which reports tasks over 50 ms; load average now ${loadavg().map((value) => value.toFixed(1)).join(' ')}; BENCH_TRACE=1 prints each size's longest tasks by CPU time, from a trace)`);

await browser.close();
server.close();

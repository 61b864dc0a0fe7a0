import { readFile } from 'node:fs/promises';

/**
 * What the widget's browser tests need from the test server besides the test files:
 *
 * - `/__exfil__/*`: the "attacker's" image endpoint of the XSS corpus. Every hit is counted; there must be none.
 * - `/csp/*`: pages served with a strict Content-Security-Policy header (no 'unsafe-inline', no 'unsafe-eval'),
 *   which load the real one-file build from `/dist/sitechat.js`, and a fake Sitechat server under `/csp/api/`
 *   for them to talk to.
 * - the commands `sitechat-exfil-hits` and `sitechat-outside-requests` (with `{ clear: true }` to reset).
 */
export function testServerPlugin({ outsideRequests }) {
  const exfilHits = [];
  return {
    name: 'sitechat-test-server',
    async serve(context) {
      if (context.path.startsWith('/__exfil__/')) {
        exfilHits.push(context.url);
        return { body: '', type: 'image/png' };
      }
      return undefined;
    },
    executeCommand({ command, payload }) {
      const lists = { 'sitechat-exfil-hits': exfilHits, 'sitechat-outside-requests': outsideRequests };
      const list = lists[command];
      if (!list) return undefined;
      const copy = [...list];
      if (payload?.clear) list.length = 0;
      return copy;
    },
  };
}

/** Koa middleware (the config's `middleware`, ahead of the file server) for the `/csp/` pages and their API. */
export async function cspMiddleware(context, next) {
  if (!context.path.startsWith('/csp/')) return next();
  const name = context.path.slice('/csp/'.length);
  if (name === 'api/config') {
    context.type = 'json';
    context.body = JSON.stringify({ modelConfigured: true, features: {} });
    return;
  }
  if (name === 'api/chat') return streamAnswer(context);
  if (!/^[\w-]+\.(html|js)$/.test(name)) return next();
  context.set('Content-Security-Policy', POLICY);
  context.type = name.endsWith('.html') ? 'html' : 'js';
  context.body = await readFile(new URL(`./csp/${name}`, import.meta.url), 'utf8');
}

export const POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

const ANSWER = [
  '## Brewing guide',
  '',
  'Use **15 g** of coffee per 250 ml, see [our guide](https://example.com/brew).',
  '',
  '```js',
  'const ratio = 15 / 250; // grams per ml',
  '```',
];

function streamAnswer(context) {
  const chunks = [
    { type: 'start', messageId: 'csp-answer' },
    { type: 'text-start', id: 't' },
    ...ANSWER.join('\n').match(/[\s\S]{1,12}/g).map((delta) => ({ type: 'text-delta', id: 't', delta })),
    { type: 'text-end', id: 't' },
    { type: 'finish', finishReason: 'stop' },
  ];
  context.set('content-type', 'text/event-stream');
  context.set('x-vercel-ai-ui-message-stream', 'v1');
  context.body = chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('') + 'data: [DONE]\n\n';
}

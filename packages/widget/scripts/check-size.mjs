#!/usr/bin/env node
/**
 * The size budgets, enforced by `pnpm test`:
 * - `dist/sitechat.js`, the one file a site loads, at most 27 KB (27,000 bytes) gzipped: a quarter of the
 *   smallest full alternative (Deep Chat, 110.6 KB);
 * - that file plus the markdown renderer (`dist/chunks/markdown.js`, loaded once the panel first shows), which
 *   is what every visitor who chats loads, at most 30 KB: making the renderer lazy (decision 0010) must not
 *   become a way round the first budget.
 * Prints the gzip and brotli sizes of the script and of the lazy chunks a visitor may load later. Run
 * `pnpm build` first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const BUDGET_GZIP = 27_000;
export const CHATTING_BUDGET_GZIP = 30_000;
const dist = new URL('../dist/', import.meta.url);

export function sizes(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

if (import.meta.url === `file://${process.argv[1]}`) {
  let script;
  try {
    script = readFileSync(new URL('sitechat.js', dist));
  } catch {
    console.error('check-size: dist/sitechat.js is missing; run `pnpm --filter @sitechat/widget build` first.');
    process.exit(1);
  }
  const main = sizes(script);
  console.log(`dist/sitechat.js            ${kb(main.raw).padStart(9)} raw  ${kb(main.gzip).padStart(8)} gzip  ${kb(main.brotli).padStart(8)} brotli  (budget ${kb(BUDGET_GZIP)} gzip)`);
  for (const file of readdirSync(new URL('chunks/', dist)).sort()) {
    const chunk = sizes(readFileSync(new URL(`chunks/${file}`, dist)));
    console.log(`dist/chunks/${file.padEnd(16)} ${kb(chunk.raw).padStart(9)} raw  ${kb(chunk.gzip).padStart(8)} gzip  ${kb(chunk.brotli).padStart(8)} brotli  (lazy)`);
  }
  if (main.gzip > BUDGET_GZIP) {
    console.error(`check-size: dist/sitechat.js is ${main.gzip} bytes gzipped, over the budget of ${BUDGET_GZIP}.`);
    process.exit(1);
  }
  // Gzipped apart, as the browser fetches them.
  const chatting = main.gzip + sizes(readFileSync(new URL('chunks/markdown.js', dist))).gzip;
  if (chatting > CHATTING_BUDGET_GZIP) {
    console.error(`check-size: sitechat.js and chunks/markdown.js are ${chatting} bytes gzipped together, over the budget of ${CHATTING_BUDGET_GZIP}.`);
    process.exit(1);
  }
  console.log(`check-size: ${BUDGET_GZIP - main.gzip} bytes under the script's budget; ${CHATTING_BUDGET_GZIP - chatting} under the budget for a visitor who chats (script and markdown renderer).`);
}

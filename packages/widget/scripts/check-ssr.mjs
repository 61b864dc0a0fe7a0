#!/usr/bin/env node
/**
 * Server-side rendering safety: importing the package (its root entry and `define`) in Node, where there is
 * no `window` or `document`, must neither throw nor touch them. Every browser global is a trap here that
 * records the access and where it came from. Lit's own Node build reads `globalThis.document` once to see
 * whether it exists (that is how it supports SSR); that read is reported but allowed. Any access from our
 * code fails the check. Run `pnpm build` first (it imports `dist/`).
 */
const touched = new Set();
const litChecks = new Set();
for (const name of ['window', 'document', 'location', 'localStorage', 'sessionStorage', 'requestAnimationFrame', 'getComputedStyle', 'matchMedia']) {
  Object.defineProperty(globalThis, name, {
    configurable: true,
    get() {
      const caller = new Error().stack.split('\n')[2] ?? '';
      if (/node_modules\/.*\/(lit-html|lit-element|@lit)\//.test(caller)) litChecks.add(name);
      else touched.add(`${name} (${caller.trim()})`);
      return undefined;
    },
  });
}

let failed = false;
for (const entry of ['../dist/index.js', '../dist/define.js']) {
  try {
    const module = await import(new URL(entry, import.meta.url).href);
    console.log(`check-ssr: imported ${entry.slice(3)} (${Object.keys(module).join(', ')})`);
  } catch (error) {
    failed = true;
    console.error(`check-ssr: importing ${entry.slice(3)} threw: ${error?.stack ?? error}`);
  }
}
if (touched.size > 0) {
  failed = true;
  console.error(`check-ssr: importing touched ${[...touched].join(', ')}`);
}
if (litChecks.size > 0) console.log(`check-ssr: Lit checked for ${[...litChecks].join(', ')} (its SSR feature detection)`);
if (failed) process.exit(1);
console.log('check-ssr: importing the package on the server touches no browser global.');

// Framework fit, beside SSR: package.json names a custom elements manifest that describes <chat-widget>.
import { readFileSync } from 'node:fs';
const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const manifest = JSON.parse(readFileSync(new URL(`../${packageJson.customElements}`, import.meta.url), 'utf8'));
const element = manifest.modules.flatMap((module) => module.declarations ?? []).find((declaration) => declaration.tagName === 'chat-widget');
const attributes = new Set((element?.attributes ?? []).map((attribute) => attribute.name));
const events = new Set((element?.events ?? []).map((event) => event.name));
const missing = [
  ...['endpoint', 'open', 'mode', 'theme', 'locale', 'starters'].filter((name) => !attributes.has(name)),
  ...['chat-open', 'chat-close', 'chat-message-sent', 'chat-response-end', 'chat-feedback', 'chat-error'].filter((name) => !events.has(name)),
];
if (!element || missing.length > 0 || attributes.has('draft')) {
  console.error(`check-ssr: ${packageJson.customElements} does not describe <chat-widget> as expected (missing: ${missing.join(', ') || 'the element'})`);
  process.exit(1);
}
console.log(`check-ssr: ${packageJson.customElements} describes <chat-widget>: ${attributes.size} attributes, ${events.size} events.`);

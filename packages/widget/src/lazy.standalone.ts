/**
 * `lazy.ts` for the one-file build: the chunks are separate ES modules (`dist/chunks/*.js`, built by
 * `vite build --mode chunks`), imported by URL from where `sitechat.js` itself came from, so they come from
 * the same origin and pass a `script-src 'self'` policy.
 *
 * Where: a Sitechat server serves the script at `/sitechat.js` and the build folder under `/sitechat/`, so
 * the chunks are at `/sitechat/chunks/`. A plain copy of `dist/` has them at `chunks/` next to the script,
 * tried second. `<script src=".../sitechat.js" data-sitechat-chunks="https://cdn.example/x/">` names the folder.
 */
import type { HighlighterModule, LocaleModule, MarkdownModule } from './lazy.js';

let scriptUrl: string | undefined;
let chunkBase: string | undefined;

/** Called by `sitechat.ts` while the script runs, when `document.currentScript` is still this script. */
export function setScript(script: HTMLScriptElement | null): void {
  // As a module script (or when injected) there is no currentScript: look for the tag.
  const element = script ?? document.querySelector<HTMLScriptElement>('script[src*="sitechat"]');
  scriptUrl = element?.src || undefined;
  chunkBase = element?.dataset.sitechatChunks || undefined;
}

function candidates(file: string): string[] {
  if (chunkBase) return [new URL(file, new URL(chunkBase, document.baseURI)).href];
  const base = scriptUrl ?? document.baseURI;
  return [new URL(`sitechat/chunks/${file}`, base).href, new URL(`chunks/${file}`, base).href];
}

const imported = new Map<string, Promise<unknown>>();

/** Each chunk is imported once; a failure is remembered too (no request per code block to a missing file). */
function importChunk<T>(file: string): Promise<T> {
  let module = imported.get(file);
  if (!module) imported.set(file, (module = importFirst(file)));
  return module as Promise<T>;
}

async function importFirst(file: string): Promise<unknown> {
  let failure: unknown;
  for (const url of candidates(file)) {
    try {
      return await import(/* @vite-ignore */ url);
    } catch (error) {
      failure = error;
    }
  }
  throw failure;
}

export function importLocale(locale: string): Promise<LocaleModule> {
  return importChunk(`locale-${locale}.js`);
}

export function importMarkdown(): Promise<MarkdownModule> {
  return importChunk('markdown.js');
}

export function importHighlighter(): Promise<HighlighterModule> {
  return importChunk('highlight.js');
}

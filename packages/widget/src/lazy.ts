/**
 * Code that a visitor may never need, imported on demand: the other locales, the markdown renderer (until the
 * panel first shows) and the highlighter. This is the version for the npm package: a bundler turns these
 * `import()`s into chunks of the host app. The one-file build (`sitechat.js`) replaces this module with
 * `lazy.standalone.ts`, which imports the same modules as separate files from next to the script.
 */
import type { WidgetStrings } from './i18n/strings.js';

export type LocaleModule = { default: WidgetStrings };
export type HighlighterModule = typeof import('./markdown/highlight.js');
export type MarkdownModule = typeof import('./markdown/markdown-view.js');

export function importLocale(locale: string): Promise<LocaleModule> {
  switch (locale) {
    case 'de':
      return import('./i18n/locales/de.js');
    case 'es':
      return import('./i18n/locales/es.js');
    case 'ja':
      return import('./i18n/locales/ja.js');
    case 'ar':
      return import('./i18n/locales/ar.js');
    default:
      return Promise.reject(new Error(`No catalogue for ${locale}`));
  }
}

export function importMarkdown(): Promise<MarkdownModule> {
  return import('./markdown/markdown-view.js');
}

export function importHighlighter(): Promise<HighlighterModule> {
  return import('./markdown/highlight.js');
}

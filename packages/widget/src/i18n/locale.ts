import { importLocale } from '../lazy.js';
import { en, type WidgetStrings } from './strings.js';

/** The catalogues that ship with the widget. English is built in; the others load on first use. */
export const LOCALES = ['en', 'de', 'es', 'ja', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];

const RTL = new Set(['ar', 'he', 'fa', 'ur']);

/** The catalogue for a BCP 47 tag (`de-AT` → `de`); English when there is none. */
export function resolveLocale(tag: string | null | undefined): Locale {
  const language = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return (LOCALES as readonly string[]).includes(language) ? (language as Locale) : 'en';
}

export function isRtl(locale: string): boolean {
  return RTL.has(locale);
}

const loaded = new Map<Locale, Promise<WidgetStrings>>([['en', Promise.resolve(en)]]);

/** The strings of `locale`; English if its catalogue cannot be loaded (offline, a missing file). */
export function loadStrings(locale: Locale): Promise<WidgetStrings> {
  let strings = loaded.get(locale);
  if (!strings) {
    strings = importLocale(locale).then(
      (module) => ({ ...en, ...module.default }),
      () => {
        loaded.delete(locale);
        return en;
      },
    );
    loaded.set(locale, strings);
  }
  return strings;
}

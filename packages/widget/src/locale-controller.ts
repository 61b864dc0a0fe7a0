import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isRtl, loadStrings, resolveLocale } from './i18n/locale.js';
import { en, type WidgetStrings } from './i18n/strings.js';
import { highlightLater } from './markdown/highlight-later.js';
import type { MarkdownOptions } from './markdown/render.js';

/** What the language depends on: the element's `locale` and `strings` (see `ChatWidgetOptions`). */
interface LocaleHost extends ReactiveControllerHost {
  locale: string;
  strings: Partial<WidgetStrings> | undefined;
  imageOrigins: string[];
}

/**
 * The language of the widget's own text: the `locale` attribute, or else the page's `<html lang>` (followed
 * when the page changes it), and the catalogue for it. English is built in; another catalogue loads on first
 * use, and until it has, the widget stays in the language it had.
 */
export class LocaleController implements ReactiveController {
  /** The language the widget is shown in (`en`, `de`, …): that of `catalogue`. */
  language = 'en';
  /** The translated strings of `language`, without the host's overrides. */
  catalogue: WidgetStrings = en;
  private readonly host: LocaleHost;
  private requested: string | undefined;
  private observer: MutationObserver | undefined;
  private markdown: { options: MarkdownOptions; catalogue: WidgetStrings; strings: LocaleHost['strings']; imageOrigins: string[] } | undefined;

  constructor(host: LocaleHost) {
    this.host = host;
    host.addController(this);
  }

  /** The catalogue with the host's overrides (`strings`). */
  get text(): WidgetStrings {
    return this.host.strings ? { ...this.catalogue, ...this.host.strings } : this.catalogue;
  }

  get dir(): 'rtl' | 'ltr' {
    return isRtl(this.language) ? 'rtl' : 'ltr';
  }

  /**
   * The options of the answers' markdown: their labels in this language, the images the host allows. The same
   * object until one of them changes, since a new one renders every answer anew.
   */
  get markdownOptions(): MarkdownOptions {
    const { catalogue, host } = this;
    const { strings, imageOrigins } = host;
    const cached = this.markdown;
    if (cached?.catalogue === catalogue && cached.strings === strings && cached.imageOrigins === imageOrigins) return cached.options;
    const text = this.text;
    const options = {
      baseUrl: document.baseURI,
      imageOrigins,
      labels: { copy: text.copy, copied: text.copied, image: text.image },
      highlight: highlightLater,
    };
    this.markdown = { options, catalogue, strings, imageOrigins };
    return options;
  }

  hostConnected(): void {
    if (this.host.locale) return;
    this.observer = new MutationObserver(() => this.host.requestUpdate());
    this.observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
  }

  hostUpdate(): void {
    const locale = resolveLocale(this.host.locale || document.documentElement.lang);
    if (locale === this.requested) return;
    this.requested = locale;
    void loadStrings(locale).then((catalogue) => {
      // Another language was asked for while this one loaded.
      if (this.requested !== locale || (this.language === locale && this.catalogue === catalogue)) return;
      this.language = locale;
      this.catalogue = catalogue;
      this.host.requestUpdate();
    });
  }
}

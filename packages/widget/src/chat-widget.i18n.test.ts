import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { ChatWidget } from './chat-widget.js';
import { isRtl, LOCALES, loadStrings, resolveLocale } from './i18n/locale.js';
import { en } from './i18n/strings.js';
import { seriousViolations } from './test/axe.js';
import { answer, settle } from './test/fake-transport.js';
import { part, widgetFixture } from './test/widget-fixture.js';

describe('<chat-widget> languages', () => {
  afterEach(() => document.documentElement.setAttribute('lang', 'en'));

  it('every shipped catalogue translates every string', async () => {
    for (const locale of LOCALES) {
      const strings = await loadStrings(locale);
      expect(Object.keys(strings).sort(), locale).to.deep.equal(Object.keys(en).sort());
      if (locale === 'en') continue;
      const untranslated = Object.keys(en).filter((key) => strings[key as keyof typeof en] === en[key as keyof typeof en] && !/^\{|^Chat$/.test(en[key as keyof typeof en]));
      expect(untranslated, locale).to.deep.equal([]);
    }
  });

  it('resolves a BCP 47 tag to a catalogue, English when there is none', () => {
    expect(resolveLocale('de-AT')).to.equal('de');
    expect(resolveLocale('ES')).to.equal('es');
    expect(resolveLocale('ja_JP')).to.equal('ja');
    expect(resolveLocale('fr')).to.equal('en');
    expect(resolveLocale('')).to.equal('en');
    expect(isRtl('ar')).to.equal(true);
    expect(isRtl('de')).to.equal(false);
  });

  it('takes its language from the locale attribute', async () => {
    const { el } = await widgetFixture(html`<chat-widget open locale="de"></chat-widget>`);
    await waitUntil(() => part<HTMLTextAreaElement>(el, '[part="input"]').placeholder === 'Stellen Sie eine Frage…', 'German loads');
    expect(part(el, '[part="close-button"]').getAttribute('aria-label')).to.equal('Chat schließen');
    expect(part(el, '[part="panel"]').getAttribute('lang')).to.equal('de');
    el.locale = 'es';
    await waitUntil(() => part<HTMLTextAreaElement>(el, '[part="input"]').placeholder === 'Haz una pregunta…', 'Spanish loads');
  });

  it("takes its language from the page's <html lang>, and follows a change of it", async () => {
    document.documentElement.lang = 'ja';
    const { el } = await widgetFixture(html`<chat-widget open></chat-widget>`);
    await waitUntil(() => part(el, '[part="title"]').textContent === 'チャット', 'Japanese loads');
    document.documentElement.lang = 'de-CH';
    await waitUntil(() => part(el, '[part="title"]').textContent === 'Chat' && part(el, '[part="send-button"]').getAttribute('aria-label') === 'Senden', 'German loads');
  });

  it('lays out right to left in Arabic, with dir="auto" on each message, and passes axe', async () => {
    const { el, transport } = await widgetFixture(html`<chat-widget open locale="ar"></chat-widget>`);
    await waitUntil(() => part(el, '[part="panel"]').getAttribute('dir') === 'rtl', 'Arabic loads');
    expect(part(el, '[part="title"]').textContent).to.equal('الدردشة');
    transport.replyNext(answer('**مرحبا**! Here is English too.\n\n- one\n- two'));
    await el.send('سؤال');
    await settle(el);
    const panel = part(el, '[part="panel"]');
    expect(getComputedStyle(panel).direction).to.equal('rtl');
    expect(part(el, '[part~="message-user"] [part="message-text"]').getAttribute('dir')).to.equal('auto');
    expect(part(el, '[part~="message-assistant"] [part="message-text"]').getAttribute('dir')).to.equal('auto');
    // The header's title starts at the right edge.
    const header = part(el, '[part="header"]').getBoundingClientRect();
    const title = part(el, '[part="title"]').getBoundingClientRect();
    expect(header.right - title.right).to.be.lessThan(title.left - header.left);
    expect(await seriousViolations(el)).to.deep.equal([]);
  });

  it("lets the host replace any of the widget's own text", async () => {
    const { el } = await widgetFixture(html`<chat-widget open></chat-widget>`);
    el.strings = { placeholder: 'Frag Fern…', send: 'Los' };
    await el.updateComplete;
    await waitUntil(() => part<HTMLTextAreaElement>(el, '[part="input"]').placeholder === 'Frag Fern…');
    expect(part(el, '[part="send-button"]').getAttribute('aria-label')).to.equal('Los');
  });

  it('shows its own error messages in the visitor\'s language', async () => {
    const el = await fixture<ChatWidget>(html`<chat-widget open locale="es"></chat-widget>`);
    el.fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    await waitUntil(() => part<HTMLTextAreaElement>(el, '[part="input"]').placeholder === 'Haz una pregunta…');
    await el.send('Hola');
    await settle(el);
    expect(part(el, '[part="error"] p').textContent).to.equal('El chat no pudo conectar con el servidor. Comprueba tu conexión e inténtalo de nuevo.');
  });
});

import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { ChatWidget } from './chat-widget.js';
import { animationsDone } from './test/axe.js';
import { answer, settle } from './test/fake-transport.js';
import { part, widgetFixture } from './test/widget-fixture.js';

describe('<chat-widget> theming and isolation', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('takes colours, radius, font and spacing from --sitechat-* custom properties', async () => {
    const page = await fixture<HTMLElement>(html`
      <div style="--sitechat-accent-color: rgb(15, 118, 110); --sitechat-radius: 0px; --sitechat-font-family: serif; --sitechat-spacing: 2em; --sitechat-background: rgb(250, 250, 240)">
        <chat-widget open></chat-widget>
      </div>
    `);
    const el = page.querySelector('chat-widget')!;
    await el.updateComplete;
    expect(getComputedStyle(part(el, '[part="launcher"]')).backgroundColor).to.equal('rgb(15, 118, 110)');
    expect(getComputedStyle(part(el, '[part="header"]')).backgroundColor).to.equal('rgb(15, 118, 110)');
    const panel = getComputedStyle(part(el, '[part="panel"]'));
    expect(panel.borderTopLeftRadius).to.equal('0px');
    expect(panel.fontFamily).to.equal('serif');
    expect(panel.backgroundColor).to.equal('rgb(250, 250, 240)');
    expect(getComputedStyle(part(el, '[part="messages"]')).paddingTop).to.equal('32px');
  });

  it('can be styled from outside through ::part, and the page\'s CSS does not reach inside', async () => {
    const style = document.createElement('style');
    style.textContent = 'chat-widget::part(launcher) { background: rgb(1, 2, 3); } button, p, div { color: rgb(255, 0, 0) !important; font-size: 50px !important; }';
    document.head.append(style);
    try {
      const { el, transport } = await widgetFixture(html`<chat-widget open></chat-widget>`);
      transport.replyNext(answer('Plain text.'));
      await el.send('Hi');
      await settle(el);
      expect(getComputedStyle(part(el, '[part="launcher"]')).backgroundColor).to.equal('rgb(1, 2, 3)');
      const text = part(el, '[part~="message-assistant"] p');
      expect(getComputedStyle(text).color).to.not.equal('rgb(255, 0, 0)');
      expect(getComputedStyle(text).fontSize).to.equal('16px');
    } finally {
      style.remove();
    }
  });

  it('adds no CSS to the page', async () => {
    const sheets = document.styleSheets.length;
    const adopted = document.adoptedStyleSheets.length;
    await widgetFixture(html`<chat-widget open></chat-widget>`);
    expect(document.styleSheets.length).to.equal(sheets);
    expect(document.adoptedStyleSheets.length).to.equal(adopted);
  });

  it('sits at the bottom right, or left with position="left"', async () => {
    const { el } = await widgetFixture(html`<chat-widget open></chat-widget>`);
    await animationsDone(el);
    expect(part(el, '[part="launcher"]').getBoundingClientRect().right).to.be.closeTo(innerWidth - 20, 2);
    el.position = 'left';
    await el.updateComplete;
    expect(part(el, '[part="launcher"]').getBoundingClientRect().left).to.be.closeTo(20, 2);
    expect(part(el, '[part="panel"]').getBoundingClientRect().left).to.be.closeTo(20, 2);
  });

  it('on a phone: the panel fills the screen (dynamic viewport height) and the composer text is at least 16px', async () => {
    await setViewport({ width: 375, height: 667 });
    const { el } = await widgetFixture(html`<chat-widget open style="--sitechat-font-size: 13px"></chat-widget>`);
    await animationsDone(el);
    const panel = part(el, '[part="panel"]').getBoundingClientRect();
    expect([panel.left, panel.top, panel.width, panel.height]).to.deep.equal([0, 0, 375, 667]);
    expect(getComputedStyle(part(el, '[part="launcher"]')).display).to.equal('none');
    expect(parseFloat(getComputedStyle(part(el, '[part="input"]')).fontSize)).to.be.at.least(16);
    // The height rule is `100dvh`: the part of the screen above the on-screen keyboard.
    const rule = [...(el.shadowRoot!.adoptedStyleSheets[0]?.cssRules ?? [])]
      .filter((candidate): candidate is CSSMediaRule => candidate instanceof CSSMediaRule)
      .find((media) => media.conditionText.includes('max-width'));
    expect(rule?.cssText).to.contain('100dvh');
  });

  it('sizes itself in em of --sitechat-font-size, whatever the page root font size', async () => {
    document.documentElement.style.fontSize = '30px';
    try {
      const el = await fixture<ChatWidget>(html`<chat-widget></chat-widget>`);
      expect(part(el, '[part="launcher"]').getBoundingClientRect().width).to.be.closeTo(56, 0.5);
    } finally {
      document.documentElement.style.fontSize = '';
    }
  });
});

import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ChatWidget } from './chat-widget.js';
import { seriousViolations } from './test/axe.js';
import { part, widgetFixture } from './test/widget-fixture.js';

describe('<chat-widget> panel', () => {
  it('is registered and defaults to a closed launcher', async () => {
    const { el } = await widgetFixture();
    expect(customElements.get('chat-widget')).to.equal(ChatWidget);
    expect(el.mode).to.equal('launcher');
    expect(el.expanded).to.equal(false);
    expect(el.endpoint).to.equal('/api/chat');
    const launcher = part(el, '[part="launcher"]');
    expect(launcher.getAttribute('aria-label')).to.equal('Chat');
    expect(launcher.getAttribute('aria-expanded')).to.equal('false');
    expect(part(el, '[part="panel"]').hidden).to.equal(true);
  });

  it('opens from the launcher: panel shown, aria-expanded, focus in the composer, chat-open fired', async () => {
    const { el } = await widgetFixture(html`<chat-widget title="Ask Acme" placeholder="Your question"></chat-widget>`);
    const launcher = part(el, '[part="launcher"]');
    const opened = oneEvent(el, 'chat-open');
    launcher.click();
    const event = await opened;
    await el.updateComplete;

    expect(event.bubbles).to.equal(true);
    expect(event.composed).to.equal(true);
    expect(el.expanded).to.equal(true);
    expect(el.hasAttribute('open')).to.equal(true);
    expect(launcher.getAttribute('aria-expanded')).to.equal('true');
    const panel = part(el, '[part="panel"]');
    expect(panel.hidden).to.equal(false);
    expect(panel.getAttribute('role')).to.equal('dialog');
    expect(panel.getAttribute('aria-label')).to.equal('Ask Acme');
    expect(part(el, '[part="title"]').textContent).to.equal('Ask Acme');
    expect(part<HTMLTextAreaElement>(el, '[part="input"]').placeholder).to.equal('Your question');
    expect(el.shadowRoot!.activeElement).to.equal(part(el, '[part="input"]'));
  });

  it('closes on Escape, returns focus to the launcher and fires chat-close', async () => {
    const { el } = await widgetFixture();
    part(el, '[part="launcher"]').click();
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(part(el, '[part="input"]'));

    const closed = oneEvent(el, 'chat-close');
    await sendKeys({ press: 'Escape' });
    await closed;
    await el.updateComplete;
    expect(el.expanded).to.equal(false);
    expect(part(el, '[part="panel"]').hidden).to.equal(true);
    expect(part(el, '[part="launcher"]').getAttribute('aria-expanded')).to.equal('false');
    expect(el.shadowRoot!.activeElement).to.equal(part(el, '[part="launcher"]'));
  });

  it('closes from the header close button, which has a label', async () => {
    const { el } = await widgetFixture();
    el.open();
    await el.updateComplete;
    const closeButton = part<HTMLButtonElement>(el, '[part="close-button"]');
    expect(closeButton.getAttribute('aria-label')).to.equal('Close chat');
    closeButton.focus();
    const closed = oneEvent(el, 'chat-close');
    closeButton.click();
    await closed;
    await el.updateComplete;
    expect(el.expanded).to.equal(false);
    expect(el.shadowRoot!.activeElement).to.equal(part(el, '[part="launcher"]'));
  });

  it('show(), close() and toggle() change the panel without firing events', async () => {
    const { el } = await widgetFixture();
    const fired: string[] = [];
    el.addEventListener('chat-open', () => fired.push('chat-open'));
    el.addEventListener('chat-close', () => fired.push('chat-close'));
    el.open();
    await el.updateComplete;
    expect(el.expanded).to.equal(true);
    expect(el.shadowRoot!.activeElement).to.equal(part(el, '[part="input"]'));
    el.toggle();
    await el.updateComplete;
    expect(el.expanded).to.equal(false);
    el.toggle();
    await el.updateComplete;
    el.close();
    await el.updateComplete;
    expect(el.expanded).to.equal(false);
    expect(fired).to.deep.equal([]);
  });

  it('an initially open panel does not take the focus from the page', async () => {
    const { el } = await widgetFixture(html`<chat-widget open></chat-widget>`);
    expect(part(el, '[part="panel"]').hidden).to.equal(false);
    expect(el.shadowRoot!.activeElement).to.equal(null);
  });

  it('keeps the title but removes the title attribute, so no tooltip covers the widget', async () => {
    const { el } = await widgetFixture(html`<chat-widget title="Help desk"></chat-widget>`);
    expect(el.hasAttribute('title')).to.equal(false);
    expect(el.title).to.equal('Help desk');
    expect(part(el, '[part="panel"]').getAttribute('aria-label')).to.equal('Help desk');

    el.setAttribute('title', 'Support');
    await el.updateComplete;
    expect(el.hasAttribute('title')).to.equal(false);
    expect(el.title).to.equal('Support');
    expect(part(el, '[part="title"]').textContent).to.equal('Support');

    el.title = 'Sales';
    await el.updateComplete;
    expect(el.hasAttribute('title')).to.equal(false);
    expect(part(el, '[part="launcher"]').getAttribute('aria-label')).to.equal('Sales');
  });

  it('inline mode: the panel is in the page flow, always shown, without launcher or close button', async () => {
    const { el } = await widgetFixture(html`<chat-widget mode="inline" title="Ask us"></chat-widget>`);
    expect(el.shadowRoot!.querySelector('[part="launcher"]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[part="close-button"]')).to.equal(null);
    const panel = part(el, '[part="panel"]');
    expect(panel.hidden).to.equal(false);
    expect(panel.getAttribute('role')).to.equal('region');
    expect(getComputedStyle(panel).position).to.equal('static');
    expect(panel.getBoundingClientRect().height).to.be.greaterThan(100);

    // Escape does nothing to an inline panel.
    part(el, '[part="input"]').focus();
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(panel.hidden).to.equal(false);
  });

  it('sizes itself from --sitechat-font-size, not from the page', async () => {
    const page = await fixture<HTMLElement>(html`<div style="font-size: 40px"><chat-widget style="--sitechat-font-size: 10px"></chat-widget></div>`);
    const el = page.querySelector('chat-widget')!;
    await el.updateComplete;
    // The launcher is 3.5em wide: 35px at 10px, whatever the page's 40px says.
    expect(part(el, '[part="launcher"]').getBoundingClientRect().width).to.be.closeTo(35, 0.5);
  });

  it('has no serious accessibility violations, closed or open', async () => {
    const { el } = await widgetFixture();
    expect(await seriousViolations(el)).to.deep.equal([]);
    el.open();
    await el.updateComplete;
    expect(await seriousViolations(el)).to.deep.equal([]);
  });
});

import { expect, html, oneEvent } from '@open-wc/testing';
import { seriousViolations } from './test/axe.js';
import { answer, settle } from './test/fake-transport.js';
import { shadow } from './test/server-fixture.js';
import { part, widgetFixture } from './test/widget-fixture.js';

describe('<chat-widget> first impression', () => {
  it('shows the welcome message as markdown, which is never sent to the server', async () => {
    const { el, transport } = await widgetFixture(html`<chat-widget open welcome="Hi! I am **Fern**, ask me about our coffee."></chat-widget>`);
    const welcome = part(el, '[part~="welcome"]');
    expect(welcome.querySelector('strong')!.textContent).to.equal('Fern');
    transport.replyNext(answer('Sure.'));
    await el.send('Hello');
    expect(transport.calls[0]!.request.messages.map((message) => message.role)).to.deep.equal(['user']);
    expect(el.messages).to.have.length(2);
  });

  it('offers starter prompts as chips while the conversation is empty; a chip asks its question', async () => {
    const { el, transport } = await widgetFixture(html`<chat-widget open starters='["Opening hours?", "Do you ship abroad?"]'></chat-widget>`);
    const group = part(el, '[part="starters"]');
    expect(group.getAttribute('role')).to.equal('group');
    expect(group.getAttribute('aria-label')).to.equal('Suggested questions');
    const chips = shadow<HTMLButtonElement>(el, '[part="starter"]');
    expect(chips.map((chip) => chip.textContent)).to.deep.equal(['Opening hours?', 'Do you ship abroad?']);
    transport.replyNext(answer('We ship to 30 countries.'));
    const sent = oneEvent(el, 'chat-message-sent');
    chips[1]!.click();
    expect((await sent).detail.message.parts).to.deep.equal([{ type: 'text', text: 'Do you ship abroad?' }]);
    await settle(el);
    expect(shadow(el, '[part="starters"]')).to.have.length(0);
    expect(el.shadowRoot!.activeElement).to.equal(part(el, '[part="input"]'));

    el.setAttribute('starters', 'One|Two | Three');
    expect(el.starters).to.deep.equal(['One', 'Two', 'Three']);
  });

  it('shows a disclaimer line: the default text for the bare attribute, or the owner\'s', async () => {
    const { el } = await widgetFixture(html`<chat-widget open disclaimer></chat-widget>`);
    expect(part(el, '[part="disclaimer"]').textContent).to.equal('Answers are written by AI and can be wrong.');
    el.disclaimer = 'Not legal advice.';
    await el.updateComplete;
    expect(part(el, '[part="disclaimer"]').textContent).to.equal('Not legal advice.');
    el.disclaimer = undefined;
    await el.updateComplete;
    expect(shadow(el, '[part="disclaimer"]')).to.have.length(0);
  });

  it("shows the owner's assistant name and avatar", async () => {
    const avatar = 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg"/%3E';
    const { el, transport } = await widgetFixture(html`<chat-widget open title="Fernhill" assistant-name="Fern" avatar=${avatar}></chat-widget>`);
    const image = part<HTMLImageElement>(el, '[part="avatar"]');
    expect(image.getAttribute('src')).to.equal(avatar);
    expect(image.alt).to.equal('');
    transport.replyNext(answer('Hello!'));
    await el.send('Hi');
    await settle(el);
    expect(part(el, '[part~="message-assistant"] .visually-hidden').textContent).to.equal('Fern:');
    expect(await seriousViolations(el)).to.deep.equal([]);
  });

  it('counts answers that arrive while the panel is closed on the launcher, until it opens', async () => {
    const { el, transport } = await widgetFixture(html`<chat-widget title="Help"></chat-widget>`);
    transport.replyNext(answer('First'));
    await el.send('One');
    await settle(el);
    transport.replyNext(answer('Second'));
    await el.send('Two');
    await settle(el);
    const launcher = part(el, '[part="launcher"]');
    expect(part(el, '[part="badge"]').textContent).to.equal('2');
    expect(launcher.getAttribute('aria-label')).to.equal('Help, 2 new');
    expect(await seriousViolations(el)).to.deep.equal([]);
    launcher.click();
    await settle(el);
    expect(shadow(el, '[part="badge"]')).to.have.length(0);
    expect(launcher.getAttribute('aria-label')).to.equal('Help');
  });

  it('gives a launcher of your own the unread count as data-unread, removed once the panel opens', async () => {
    const { el, transport } = await widgetFixture(html`<chat-widget><button slot="launcher">Questions?</button></chat-widget>`);
    const own = el.querySelector('button')!;
    expect(own.hasAttribute('data-unread')).to.equal(false);
    transport.replyNext(answer('First'));
    await el.send('One');
    await settle(el);
    expect(own.dataset.unread).to.equal('1');
    transport.replyNext(answer('Second'));
    await el.send('Two');
    await settle(el);
    expect(own.dataset.unread).to.equal('2');
    own.click();
    await settle(el);
    expect(own.hasAttribute('data-unread')).to.equal(false);
  });
});

import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { ChatWidget } from './chat-widget.js';
import { defineChatWidget } from './define.js';
import { ChatError } from './core/chat-error.js';
import { answer, settle } from './test/fake-transport.js';
import { bareServer, part, widgetFixture } from './test/widget-fixture.js';

describe('<chat-widget> host page API', () => {
  it('open(), close(), toggle() work and emit nothing; assigning a boolean to open (as frameworks do) sets expanded', async () => {
    const { el } = await widgetFixture();
    const fired: string[] = [];
    for (const name of ['chat-open', 'chat-close'] as const) el.addEventListener(name, () => fired.push(name));
    el.open();
    await el.updateComplete;
    expect(el.expanded).to.equal(true);
    expect(el.hasAttribute('open')).to.equal(true);
    el.toggle();
    el.toggle();
    el.close();
    await el.updateComplete;
    expect(el.hasAttribute('open')).to.equal(false);
    (el as unknown as { open: boolean }).open = true;
    await el.updateComplete;
    expect(el.expanded).to.equal(true);
    expect(typeof el.open).to.equal('function');
    el.setAttribute('open', '');
    el.removeAttribute('open');
    await el.updateComplete;
    expect(el.expanded).to.equal(false);
    el.show();
    expect(el.expanded).to.equal(true);
    expect(fired).to.deep.equal([]);
  });

  it('send() resolves when the answer has ended; reset() starts over', async () => {
    const { el, transport } = await widgetFixture(html`<chat-widget open></chat-widget>`);
    transport.replyNext(answer('Done.'));
    await el.send('Do it');
    expect(el.status).to.equal('ready');
    expect(el.messages.map((message) => message.role)).to.deep.equal(['user', 'assistant']);
    el.reset();
    await el.updateComplete;
    expect(el.messages).to.deep.equal([]);
  });

  it('events bubble out of the shadow root to the document, with typed details', async () => {
    const { el, transport } = await widgetFixture();
    const seen: string[] = [];
    const names = ['chat-open', 'chat-close', 'chat-message-sent', 'chat-response-end', 'chat-feedback', 'chat-error'] as const;
    const listener = (event: Event) => {
      const custom = event as CustomEvent;
      expect(custom.bubbles && custom.composed).to.equal(true);
      seen.push(event.type);
    };
    for (const name of names) document.addEventListener(name, listener);
    try {
      part(el, '[part="launcher"]').click();
      await el.updateComplete;
      const input = part<HTMLTextAreaElement>(el, '[part="input"]');
      input.value = 'Hello';
      input.dispatchEvent(new Event('input'));
      await el.updateComplete;
      transport.replyNext(answer('Hi!'));
      const ended = oneEvent(document, 'chat-response-end');
      part<HTMLButtonElement>(el, '[part="send-button"]').click();
      expect((await ended).detail.outcome).to.equal('finished');
      await settle(el);
      part(el, '[part="feedback-up-button"]').click();
      transport.refuseNext(new ChatError('upstream_error', 'Failed.', { status: 502 }));
      await el.send('Again');
      part(el, '[part="close-button"]').click();
      expect(seen).to.deep.equal(['chat-open', 'chat-message-sent', 'chat-response-end', 'chat-feedback', 'chat-error', 'chat-response-end', 'chat-close']);
    } finally {
      for (const name of names) document.removeEventListener(name, listener);
    }
  });

  it('registers under another tag name too, and a second registration is harmless', async () => {
    defineChatWidget('acme-chat');
    defineChatWidget('acme-chat');
    defineChatWidget();
    const Acme = customElements.get('acme-chat')!;
    expect(Acme).to.not.equal(ChatWidget);
    expect(Acme.prototype).to.be.instanceOf(ChatWidget);
    const el = await fixture<ChatWidget>(html`<acme-chat mode="inline" .fetch=${bareServer}></acme-chat>`);
    expect(el.shadowRoot!.querySelector('[part="panel"]')).to.not.equal(null);
  });

  it('a launcher of your own, in the launcher slot, opens the panel and gets the focus back', async () => {
    const { el } = await widgetFixture(html`<chat-widget><button slot="launcher">Questions?</button></chat-widget>`);
    const own = el.querySelector('button')!;
    expect(own.getAttribute('aria-expanded')).to.equal('false');
    const opened = oneEvent(el, 'chat-open');
    own.click();
    await opened;
    await el.updateComplete;
    expect(own.getAttribute('aria-expanded')).to.equal('true');
    part(el, '[part="close-button"]').click();
    await el.updateComplete;
    expect(document.activeElement).to.equal(own);
    // The built-in launcher is not shown.
    expect(part(el, '[part="launcher"]').getBoundingClientRect().width).to.equal(0);
  });
});

import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { ChatWidget } from './chat-widget.js';
import { answerStart, FakeTransport, settle, textDelta } from './test/fake-transport.js';
import { FakeServer, serverAnswer } from './test/fake-server.js';
import { ask, serverFixture, shadow } from './test/server-fixture.js';
import { bareServer, clearStorage, part, visibleMessages } from './test/widget-fixture.js';

/** A page load: the old element goes (saving on the way, as on `pagehide`), a new one comes. */
async function reload(old: ChatWidget, template: ReturnType<typeof html>): Promise<ChatWidget> {
  dispatchEvent(new Event('pagehide'));
  old.remove();
  const el = await fixture<ChatWidget>(template);
  await settle(el);
  return el;
}

describe('<chat-widget> conversations that last', () => {
  it('the conversation, the open panel and the draft survive a reload or another page of the site', async () => {
    const server = new FakeServer();
    server.answers.push(serverAnswer('We open at **9**.', 'a1'));
    const { el } = await serverFixture({}, { server });
    await ask(el, 'When do you open?');
    const input = part<HTMLTextAreaElement>(el, '[part="input"]');
    input.value = 'And on Sund';
    input.dispatchEvent(new Event('input'));

    const next = await reload(el, html`<chat-widget .fetch=${server.fetch}></chat-widget>`);
    expect(next.expanded).to.equal(true);
    expect(visibleMessages(next)).to.deep.equal(['user: When do you open?', 'assistant: We open at 9.']);
    expect(part(next, '[part~="message-assistant"] strong').textContent).to.equal('9');
    expect(part<HTMLTextAreaElement>(next, '[part="input"]').value).to.equal('And on Sund');
    // The panel came back open without taking the focus from the page.
    expect(next.shadowRoot!.activeElement).to.equal(null);

    // Closed stays closed.
    next.close();
    await next.updateComplete;
    const third = await reload(next, html`<chat-widget .fetch=${server.fetch}></chat-widget>`);
    expect(third.expanded).to.equal(false);
    expect(third.messages).to.have.length(2);
  });

  it('a reload in the middle of an answer shows what had arrived and offers Retry', async () => {
    clearStorage();
    const el = await fixture<ChatWidget>(html`<chat-widget open .fetch=${bareServer}></chat-widget>`);
    const transport = new FakeTransport();
    el.transport = transport;
    void el.send('Tell me a story');
    const call = await transport.nextCall();
    call.push(...answerStart(), textDelta('Once upon a time'));
    await settle(el);

    const next = await reload(el, html`<chat-widget .fetch=${bareServer}></chat-widget>`);
    call.end();
    const retryTransport = new FakeTransport();
    next.transport = retryTransport;
    expect(visibleMessages(next)).to.deep.equal(['user: Tell me a story', 'assistant: Once upon a time']);
    expect(next.status).to.equal('error');
    expect(part(next, '[part="error"]').textContent).to.contain('The answer was interrupted');
    part(next, '[part="retry-button"]').click();
    const retry = await retryTransport.nextCall();
    expect(retry.request.trigger).to.equal('regenerate-message');
    expect(retry.request.messages.map((message) => message.role)).to.deep.equal(['user']);
    retry.end();
  });

  it('New conversation starts over, here and in storage', async () => {
    const server = new FakeServer();
    server.answers.push(serverAnswer('Hi!', 'a1'), serverAnswer('Hello again', 'b1', 'conv-2'));
    const { el } = await serverFixture({}, { server });
    await ask(el, 'Hello');
    const firstId = server.to('chat')[0]!.body.id;
    part(el, '[part="new-button"]').click();
    await settle(el);
    expect(el.messages).to.deep.equal([]);
    expect(el.conversationId).to.equal(undefined);
    expect(el.shadowRoot!.activeElement).to.equal(part(el, '[part="input"]'));
    await ask(el, 'Hello');
    expect(server.to('chat')[1]!.body.id).to.not.equal(firstId);
    expect(server.to('chat')[1]!.body.id).to.not.equal('conv-1');
    const next = await reload(el, html`<chat-widget .fetch=${server.fetch}></chat-widget>`);
    expect(visibleMessages(next)).to.deep.equal(['user: Hello', 'assistant: Hello again']);
  });

  it('keeps the conversation id the server names and sends it as the id; the visitor id is stable; a token becomes Authorization', async () => {
    const server = new FakeServer();
    server.answers.push(serverAnswer('One', 'a1', 'conv-42'), serverAnswer('Two', 'a2', 'conv-42'));
    const { el } = await serverFixture({}, { server, template: (s) => html`<chat-widget open token="signed.visitor.token" .fetch=${s.fetch}></chat-widget>` });
    await ask(el, 'First');
    expect(el.conversationId).to.equal('conv-42');
    await ask(el, 'Second');
    const [first, second] = server.to('chat');
    expect(first!.body.id).to.match(/^[0-9a-zA-Z]{16}$/);
    expect(second!.body.id).to.equal('conv-42');
    // Without a store on the server, each request carries the whole conversation.
    expect(second!.body.messages.map((message: { role: string }) => message.role)).to.deep.equal(['user', 'assistant', 'user']);
    const visitor = first!.headers['x-sitechat-visitor'];
    expect(visitor).to.match(/^[0-9a-zA-Z]{24}$/);
    expect(server.requests.every((request) => request.headers['x-sitechat-visitor'] === visitor)).to.equal(true);
    expect(server.requests.every((request) => request.headers.authorization === 'Bearer signed.visitor.token')).to.equal(true);

    const next = await reload(el, html`<chat-widget .fetch=${server.fetch}></chat-widget>`);
    expect(next.conversationId).to.equal('conv-42');
    server.answers.push(serverAnswer('Three', 'a3', 'conv-42'));
    await ask(next, 'Third');
    expect(server.to('chat')[2]!.headers['x-sitechat-visitor']).to.equal(visitor);
  });

  it('asks getToken for a fresh token before each request', async () => {
    const server = new FakeServer();
    server.answers.push(serverAnswer('One', 'a1'), serverAnswer('Two', 'a2'));
    let issued = 0;
    const { el } = await serverFixture({}, { server, template: (s) => html`<chat-widget open .fetch=${s.fetch} .getToken=${async () => `token-${++issued}`}></chat-widget>` });
    await ask(el, 'First');
    await ask(el, 'Second');
    const tokens = server.to('chat').map((request) => request.headers.authorization);
    expect(tokens[0]).to.match(/^Bearer token-\d$/);
    expect(tokens[1]).to.not.equal(tokens[0]);
  });

  it('with a store on the server (features.history), sends only the new question and takes the server copy on reload', async () => {
    const server = new FakeServer();
    server.answers.push(serverAnswer('One', 'a1', 'conv-7'), serverAnswer('Two', 'a2', 'conv-7'));
    const { el } = await serverFixture({ history: true }, { server });
    await ask(el, 'First');
    await ask(el, 'Second');
    const second = server.to('chat')[1]!.body;
    expect(second.id).to.equal('conv-7');
    expect(second.messages.map((message: { parts: { text: string }[] }) => message.parts[0]!.text)).to.deep.equal(['Second']);

    // Meanwhile, the server's copy has an alternative answer this browser never saw.
    const [question1, , question2] = el.messages;
    server.conversations.set('conv-7', [
      question1!,
      { id: 'a1', role: 'assistant', parts: [{ type: 'text', text: 'One' }], metadata: { parentId: question1!.id, status: 'complete' } },
      question2!,
      { id: 'a2', role: 'assistant', parts: [{ type: 'text', text: 'Two' }], metadata: { parentId: question2!.id, status: 'complete' } },
      { id: 'a2b', role: 'assistant', parts: [{ type: 'text', text: 'Two, from the server' }], metadata: { parentId: question2!.id, status: 'complete', feedback: { rating: 'up' } } },
    ]);
    const next = await reload(el, html`<chat-widget .fetch=${server.fetch}></chat-widget>`);
    await waitUntil(() => visibleMessages(next).at(-1) === 'assistant: Two, from the server', 'the server copy is shown');
    await settle(next);
    expect(server.to('conversations/conv-7')).to.have.length(1);
    expect(part(next, '[part="pager"] .position').textContent).to.equal('2 / 2');
    expect(shadow(next, '[part="feedback-up-button"]').at(-1)!.getAttribute('aria-pressed')).to.equal('true');
  });

  it('reset({ forget: true }) deletes the server copy too', async () => {
    const server = new FakeServer();
    server.answers.push(serverAnswer('One', 'a1', 'conv-8'));
    const { el } = await serverFixture({ history: true }, { server });
    await ask(el, 'First');
    server.conversations.set('conv-8', []);
    el.reset({ forget: true });
    await waitUntil(() => server.requests.some((request) => request.method === 'DELETE'));
    expect(server.requests.filter((request) => request.method === 'DELETE').map((request) => request.path)).to.deep.equal(['conversations/conv-8']);
    expect(el.messages).to.deep.equal([]);
  });

  it('reads the config lazily: not while the launcher is closed, once when it first opens', async () => {
    const { el, server } = await serverFixture({}, { template: (s) => html`<chat-widget .fetch=${s.fetch}></chat-widget>` });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(server.requests).to.deep.equal([]);
    el.open();
    await waitUntil(() => server.to('config').length === 1);
    el.close();
    el.open();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(server.to('config')).to.have.length(1);
  });

  it('degrades when the server has no config endpoint', async () => {
    const server = new FakeServer();
    server.hasConfig = false;
    server.answers.push(serverAnswer('Fine', 'a1'));
    const { el } = await serverFixture({}, { server });
    await ask(el, 'Works?');
    expect(visibleMessages(el)).to.deep.equal(['user: Works?', 'assistant: Fine']);
    expect(el.status).to.equal('ready');
  });

  it('sends the page as context with each question, plus what the host adds', async () => {
    const server = new FakeServer();
    server.answers.push(serverAnswer('Sure', 'a1'));
    const { el } = await serverFixture({}, { server });
    el.context = { productId: 'sku-123' };
    await ask(el, 'Is this in stock?');
    expect(server.to('chat')[0]!.body.context).to.deep.equal({ url: location.href, title: document.title, productId: 'sku-123' });
  });

  it('storage="none" keeps nothing; another endpoint keeps its own conversation', async () => {
    const server = new FakeServer();
    server.answers.push(serverAnswer('Kept', 'a1'), serverAnswer('Not kept', 'b1'));
    const { el } = await serverFixture({}, { server });
    await ask(el, 'Q');
    const other = await fixture<ChatWidget>(html`<chat-widget open endpoint="/other/chat" .fetch=${server.fetch}></chat-widget>`);
    expect(other.messages).to.deep.equal([]);
    const none = await reload(el, html`<chat-widget open storage="none" .fetch=${server.fetch}></chat-widget>`);
    expect(none.messages).to.deep.equal([]);
    await ask(none, 'Q2');
    const after = await reload(none, html`<chat-widget .fetch=${server.fetch}></chat-widget>`);
    expect(visibleMessages(after)).to.deep.equal(['user: Q', 'assistant: Kept']);
    expect(shadow(after, '[part="error"]')).to.have.length(0);
  });

  describe('two tabs of the same site', () => {
    /** What the browser does in this tab when another tab of the site writes the widget's storage. */
    function storageEventFromOtherTab(): void {
      const key = Object.keys(localStorage).find((name) => name.startsWith('sitechat:') && name.endsWith(':conversation'));
      dispatchEvent(new StorageEvent('storage', { key: key ?? null, storageArea: localStorage, newValue: key ? localStorage.getItem(key) : null }));
    }

    function storedWidget(): { draft: string; conversation: { messages: { role: string; parts: { text: string }[] }[] } } | undefined {
      const key = Object.keys(localStorage).find((name) => name.startsWith('sitechat:') && name.endsWith(':conversation'));
      return key ? JSON.parse(localStorage.getItem(key)!) : undefined;
    }

    /** The conversation as stored. */
    function stored(): string[] {
      return (storedWidget()?.conversation.messages ?? []).map((message) => `${message.role}: ${message.parts[0]!.text}`);
    }

    it('a tab shows what another tab added, and never saves its older copy over it', async () => {
      const server = new FakeServer();
      server.answers.push(serverAnswer('We open at 9.', 'a1'), serverAnswer('Until 6.', 'a2'));
      const { el: first } = await serverFixture({}, { server });
      await ask(first, 'When do you open?');
      // The second tab restores the same conversation and goes on with it.
      const second = await fixture<ChatWidget>(html`<chat-widget open .fetch=${server.fetch}></chat-widget>`);
      await settle(second);
      await ask(second, 'And close?');
      expect(stored()).to.deep.equal(['user: When do you open?', 'assistant: We open at 9.', 'user: And close?', 'assistant: Until 6.']);

      storageEventFromOtherTab();
      await settle(first);
      expect(visibleMessages(first)).to.deep.equal(['user: When do you open?', 'assistant: We open at 9.', 'user: And close?', 'assistant: Until 6.']);
      // The first tab saves (its draft): the second tab's answer stays stored.
      const input = part<HTMLTextAreaElement>(first, '[part="input"]');
      input.value = 'Thanks';
      input.dispatchEvent(new Event('input'));
      await waitUntil(() => storedWidget()?.draft === 'Thanks', 'the first tab saves');
      expect(stored()).to.have.length(4);
      // New conversation in one tab starts over in the other.
      part(second, '[part="new-button"]').click();
      await settle(second);
      storageEventFromOtherTab();
      await settle(first);
      expect(first.messages).to.deep.equal([]);
      second.remove();
    });

    it('waits for an answer that is still arriving in the other tab', async () => {
      const server = new FakeServer();
      server.answers.push(serverAnswer('We open at 9.', 'a1'));
      const { el: first } = await serverFixture({}, { server });
      await ask(first, 'When do you open?');
      const second = await fixture<ChatWidget>(html`<chat-widget open .fetch=${bareServer}></chat-widget>`);
      const transport = new FakeTransport();
      second.transport = transport;
      void second.send('And close?');
      const call = await transport.nextCall();
      call.push(...answerStart(), textDelta('Until'));
      await settle(second);
      // The other tab saves every few seconds while its answer streams (and at once on pagehide).
      dispatchEvent(new Event('pagehide'));
      expect(stored().at(-1)).to.equal('assistant: Until');

      storageEventFromOtherTab();
      await settle(first);
      expect(visibleMessages(first)).to.deep.equal(['user: When do you open?', 'assistant: We open at 9.']);
      expect(first.status).to.equal('ready');
      call.end();
      await settle(second);
      second.remove();
    });
  });
});


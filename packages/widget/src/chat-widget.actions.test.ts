import { expect, oneEvent } from '@open-wc/testing';
import { seriousViolations } from './test/axe.js';
import { answer, settle } from './test/fake-transport.js';
import { serverAnswer } from './test/fake-server.js';
import { ask, serverFixture, shadow } from './test/server-fixture.js';
import { part, visibleMessages, widgetFixture } from './test/widget-fixture.js';
import { html } from 'lit';

describe('<chat-widget> message actions', () => {
  let copied: string[];
  let original: Clipboard['writeText'];

  beforeEach(() => {
    copied = [];
    original = navigator.clipboard.writeText;
    navigator.clipboard.writeText = async (text: string) => {
      copied.push(text);
    };
  });

  afterEach(() => {
    navigator.clipboard.writeText = original;
  });

  it('Copy puts the answer on the clipboard as its markdown, and says Copied', async () => {
    const { el, transport } = await widgetFixture(html`<chat-widget open></chat-widget>`);
    transport.replyNext(answer('**Open** daily, see [hours](https://shop.example/hours).'));
    await ask(el, 'Hours?');
    const button = part<HTMLButtonElement>(el, '[part~="message-assistant"] + [part="message-actions"] [part="copy-button"]');
    expect(button.getAttribute('aria-label')).to.equal('Copy');
    button.click();
    await settle(el);
    expect(copied).to.deep.equal(['**Open** daily, see [hours](https://shop.example/hours).']);
    expect(part(el, '[part="copy-button"]').getAttribute('aria-label')).to.equal('Copied');
  });

  it('code blocks show their language and a Copy button that copies the code', async () => {
    const { el, transport } = await widgetFixture(html`<chat-widget open></chat-widget>`);
    transport.replyNext(answer('Run:\n\n```bash\nnpm install sitechat\n```'));
    await ask(el, 'Install?');
    expect(part(el, '[part="code-block"] .code-language').textContent).to.equal('bash');
    const copy = part<HTMLButtonElement>(el, '[part="copy-code-button"]');
    expect(copy.textContent).to.equal('Copy');
    copy.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(copied).to.deep.equal(['npm install sitechat']);
    expect(copy.textContent).to.equal('Copied');
  });

  it('Regenerate keeps the earlier answer: "2 / 2", paging back and forth', async () => {
    const { el, server } = await serverFixture();
    server.answers.push(serverAnswer('First answer', 'a1'), serverAnswer('Second answer', 'a2'));
    await ask(el, 'Question');
    expect(shadow(el, '[part="pager"]')).to.have.length(0);

    part(el, '[part="regenerate-button"]').click();
    await el.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 50));
    await settle(el);
    const [first, second] = server.to('chat');
    expect(second!.body.trigger).to.equal('regenerate-message');
    expect(second!.body.messageId).to.equal('a1');
    expect(second!.body.messages.map((message: { id: string }) => message.id)).to.deep.equal([first!.body.messages[0].id]);
    expect(visibleMessages(el)).to.deep.equal(['user: Question', 'assistant: Second answer']);
    expect(part(el, '[part="pager"] .position').textContent).to.equal('2 / 2');
    expect(part(el, '[part="pager"] .position').getAttribute('aria-label')).to.equal('Answer 2 of 2');
    expect(part<HTMLButtonElement>(el, '[part="next-button"]').disabled).to.equal(true);

    part(el, '[part="previous-button"]').click();
    await settle(el);
    expect(visibleMessages(el)).to.deep.equal(['user: Question', 'assistant: First answer']);
    expect(part(el, '[part="pager"] .position').textContent).to.equal('1 / 2');
    part(el, '[part="next-button"]').click();
    await settle(el);
    expect(visibleMessages(el)).to.deep.equal(['user: Question', 'assistant: Second answer']);
    expect(await seriousViolations(el)).to.deep.equal([]);
  });

  it('after a regenerate, asks which answer was better and sends the choice as a comparison', async () => {
    const { el, server } = await serverFixture({ comparisons: true });
    server.answers.push(serverAnswer('First', 'a1'), serverAnswer('Second', 'a2'));
    await ask(el, 'Question');
    const questionId = el.messages[0]!.id;
    await el.regenerate();
    await settle(el);
    const comparison = part(el, '[part="comparison"]');
    expect(comparison.getAttribute('role')).to.equal('group');
    expect(comparison.textContent).to.contain('Which answer was better?');
    const thisOne = [...comparison.querySelectorAll('button')].find((button) => button.textContent === 'This one')!;
    thisOne.click();
    await settle(el);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.to('comparisons').map((request) => request.body)).to.deep.equal([
      { conversationId: 'conv-1', parentId: questionId, answerA: 'a1', answerB: 'a2', preferred: 'b' },
    ]);
    expect(shadow(el, '[part="comparison"]')).to.have.length(0);
  });

  it('asks nothing about comparisons when the server does not take them', async () => {
    const { el, server } = await serverFixture();
    server.answers.push(serverAnswer('First', 'a1'), serverAnswer('Second', 'a2'));
    await ask(el, 'Question');
    await el.regenerate();
    await settle(el);
    expect(shadow(el, '[part="comparison"]')).to.have.length(0);
  });

  it('Edit puts the last question back in the composer; sending replaces it (same id, messageId) and its answer', async () => {
    const { el, server } = await serverFixture();
    server.answers.push(serverAnswer('About tea', 'a1'), serverAnswer('About coffee', 'a2'));
    await ask(el, 'Tell me about tea');
    const original = el.messages[0]!;
    part(el, '[part="edit-button"]').click();
    await el.updateComplete;
    const input = part<HTMLTextAreaElement>(el, '[part="input"]');
    expect(input.value).to.equal('Tell me about tea');
    expect(el.shadowRoot!.activeElement).to.equal(input);
    expect(part(el, '[part="editing"]').textContent).to.contain('Editing your question');
    input.value = 'Tell me about coffee';
    input.dispatchEvent(new Event('input'));
    const sent = oneEvent(el, 'chat-message-sent');
    part<HTMLButtonElement>(el, '[part="send-button"]').click();
    const event = await sent;
    expect(event.detail.message.id).to.equal(original.id);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await settle(el);
    const request = server.to('chat')[1]!.body;
    expect(request.trigger).to.equal('submit-message');
    expect(request.messageId).to.equal(original.id);
    expect(request.messages.map((message: { id: string }) => message.id)).to.deep.equal([original.id]);
    expect(visibleMessages(el)).to.deep.equal(['user: Tell me about coffee', 'assistant: About coffee']);
    expect(shadow(el, '[part="pager"], [part="editing"]')).to.have.length(0);
  });

  it('thumbs up / down: pressed state, POST /api/feedback with the server ids, chat-feedback, an optional comment', async () => {
    const { el, server } = await serverFixture({ feedback: true });
    server.answers.push(serverAnswer('An answer', 'a1', 'conv-9'));
    await ask(el, 'Question');
    const events: unknown[] = [];
    document.addEventListener('chat-feedback', (event) => events.push({ id: event.detail.message.id, rating: event.detail.rating, comment: event.detail.comment }));
    const down = part(el, '[part="feedback-down-button"]');
    expect(down.getAttribute('aria-label')).to.equal('Bad answer');
    expect(down.getAttribute('aria-pressed')).to.equal('false');
    down.click();
    await settle(el);
    expect(part(el, '[part="feedback-down-button"]').getAttribute('aria-pressed')).to.equal('true');
    expect(part(el, '[part="feedback-up-button"]').getAttribute('aria-pressed')).to.equal('false');

    const form = part<HTMLFormElement>(el, '[part="feedback-form"]');
    form.querySelector('textarea')!.value = 'It missed the weekend hours.';
    form.requestSubmit();
    await settle(el);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await settle(el);
    expect(server.to('feedback').map((request) => request.body)).to.deep.equal([
      { conversationId: 'conv-9', messageId: 'a1', rating: 'down' },
      { conversationId: 'conv-9', messageId: 'a1', rating: 'down', comment: 'It missed the weekend hours.' },
    ]);
    expect(events).to.deep.equal([
      { id: 'a1', rating: 'down', comment: undefined },
      { id: 'a1', rating: 'down', comment: 'It missed the weekend hours.' },
    ]);
    expect(part(el, '[part="feedback-notice"]').textContent).to.equal('Thanks for your feedback!');
    expect(server.to('feedback')[0]!.headers['x-sitechat-visitor']).to.match(/^[0-9a-zA-Z]{24}$/);
  });

  it('without feedback on the server the rating still fires chat-feedback, and sends nothing', async () => {
    const { el, server } = await serverFixture();
    server.answers.push(serverAnswer('An answer', 'a1'));
    await ask(el, 'Question');
    const rated = oneEvent(el, 'chat-feedback');
    part(el, '[part="feedback-up-button"]').click();
    expect((await rated).detail.rating).to.equal('up');
    await settle(el);
    expect(server.to('feedback')).to.deep.equal([]);
  });

  it('a feedback request the server refuses says so', async () => {
    const { el, server } = await serverFixture({ feedback: true });
    server.answers.push(serverAnswer('An answer', 'a1'));
    await ask(el, 'Question');
    server.failNext = 500;
    part(el, '[part="feedback-up-button"]').click();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await settle(el);
    expect(part(el, '[part="feedback-notice"]').textContent).to.equal('Your feedback could not be sent.');
  });
});

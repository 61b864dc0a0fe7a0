import { expect, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ChatError } from './core/chat-error.js';
import { seriousViolations } from './test/axe.js';
import { answer, answerEnd, answerStart, settle, streamError, textDelta } from './test/fake-transport.js';
import { part, visibleMessages, widgetFixture } from './test/widget-fixture.js';

describe('<chat-widget> conversation', () => {
  async function openWidget() {
    const fixture = await widgetFixture(html`<chat-widget open></chat-widget>`);
    part(fixture.el, '[part="input"]').focus();
    return fixture;
  }

  it('Enter sends, Shift+Enter starts a new line', async () => {
    const { el, transport } = await openWidget();
    const input = part<HTMLTextAreaElement>(el, '[part="input"]');
    const sendButton = part<HTMLButtonElement>(el, '[part="send-button"]');
    expect(sendButton.disabled).to.equal(true);

    await sendKeys({ type: 'Line one' });
    await sendKeys({ press: 'Shift+Enter' });
    await sendKeys({ type: 'Line two' });
    await el.updateComplete;
    expect(input.value).to.equal('Line one\nLine two');
    expect(sendButton.disabled).to.equal(false);
    expect(transport.calls).to.have.length(0);

    const sent = oneEvent(document, 'chat-message-sent');
    await sendKeys({ press: 'Enter' });
    const event = await sent;
    await el.updateComplete;
    expect(event.composed).to.equal(true);
    expect(event.detail.message.role).to.equal('user');
    expect(event.detail.message.parts).to.deep.equal([{ type: 'text', text: 'Line one\nLine two' }]);
    expect(input.value).to.equal('');
    expect(el.shadowRoot!.activeElement).to.equal(input);
    const call = await transport.nextCall();
    expect(call.request.messages.map((message) => message.parts)).to.deep.equal([[{ type: 'text', text: 'Line one\nLine two' }]]);
    expect(visibleMessages(el)).to.deep.equal(['user: Line one\nLine two']);
  });

  it('does not send blank text', async () => {
    const { el, transport } = await openWidget();
    await sendKeys({ type: '   ' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(part<HTMLButtonElement>(el, '[part="send-button"]').disabled).to.equal(true);
    expect(transport.calls).to.have.length(0);
  });

  it('shows the answer as it streams, with Stop while it comes and Send after', async () => {
    const { el, transport } = await openWidget();
    await sendKeys({ type: 'What are your hours?' });
    part<HTMLButtonElement>(el, '[part="send-button"]').click();
    await el.updateComplete;

    const log = part(el, '[part="messages"]');
    expect(log.getAttribute('role')).to.equal('log');
    expect(log.getAttribute('aria-busy')).to.equal('true');
    expect(el.status).to.equal('submitted');
    expect(el.shadowRoot!.querySelector('[part="typing-indicator"]')).to.not.equal(null);
    expect(el.shadowRoot!.querySelector('[part="send-button"]')).to.equal(null);
    expect(part(el, '[part="stop-button"]').getAttribute('aria-label')).to.equal('Stop answering');

    const call = await transport.nextCall();
    const ended = oneEvent(el, 'chat-response-end');
    call.push(...answerStart(), textDelta('We open'));
    await settle(el);
    expect(el.status).to.equal('streaming');
    expect(visibleMessages(el)).to.deep.equal(['user: What are your hours?', 'assistant: We open']);
    expect(el.shadowRoot!.querySelector('[part="typing-indicator"]')).to.equal(null);

    call.push(textDelta(' at 9'));
    await settle(el);
    expect(visibleMessages(el)).to.deep.equal(['user: What are your hours?', 'assistant: We open at 9']);

    call.push(textDelta('.\nClosed on Sundays.'), ...answerEnd()).end();
    const event = await ended;
    await el.updateComplete;
    expect(event.detail.outcome).to.equal('finished');
    expect(event.detail.message?.parts).to.deep.equal([{ type: 'text', text: 'We open at 9.\nClosed on Sundays.' }]);
    expect(visibleMessages(el)).to.deep.equal(['user: What are your hours?', 'assistant: We open at 9.\nClosed on Sundays.']);
    // A line break in the answer is a line break on screen.
    expect(part(el, '[part~="message-assistant"] [part="message-text"] br')).to.not.equal(null);
    expect(log.getAttribute('aria-busy')).to.equal('false');
    expect(el.shadowRoot!.querySelector('[part="stop-button"]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[part="send-button"]')).to.not.equal(null);
  });

  it('Stop aborts the request and keeps the partial answer', async () => {
    const { el, transport } = await openWidget();
    void el.send('Tell me a long story');
    const call = await transport.nextCall();
    call.push(...answerStart(), textDelta('Once upon a time'));
    await settle(el);

    const ended = oneEvent(el, 'chat-response-end');
    part(el, '[part="stop-button"]').click();
    const event = await ended;
    await el.updateComplete;
    expect(call.signal.aborted).to.equal(true);
    expect(event.detail.outcome).to.equal('stopped');
    expect(el.status).to.equal('ready');
    expect(visibleMessages(el)).to.deep.equal(['user: Tell me a long story', 'assistant: Once upon a time']);
    expect(el.shadowRoot!.querySelector('[part="error"]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[part="send-button"]')).to.not.equal(null);
    expect(el.shadowRoot!.activeElement).to.equal(part(el, '[part="input"]'));
  });

  it('a mid-stream failure keeps the partial text and offers Retry, which asks again and succeeds', async () => {
    const { el, transport } = await openWidget();
    const failed = oneEvent(el, 'chat-error');
    transport.replyNext([...answerStart(), textDelta('The answer is'), ...streamError('upstream_timeout', 'The assistant took too long to answer.')]);
    await el.send('Question');
    const event = await failed;
    await el.updateComplete;

    expect(event.detail.error.code).to.equal('upstream_timeout');
    expect(event.detail.error.retryable).to.equal(true);
    expect(visibleMessages(el)).to.deep.equal(['user: Question', 'assistant: The answer is']);
    const notice = part(el, '[part="error"]');
    expect(notice.getAttribute('role')).to.equal('alert');
    expect(notice.textContent).to.contain('The assistant took too long to answer.');
    expect(await seriousViolations(el)).to.deep.equal([]);

    transport.replyNext(answer('The answer is 42.'));
    const ended = oneEvent(el, 'chat-response-end');
    part(el, '[part="retry-button"]').click();
    await ended;
    await el.updateComplete;
    expect(transport.calls[1]!.request.trigger).to.equal('regenerate-message');
    expect(transport.calls[1]!.request.messages.map((message) => message.role)).to.deep.equal(['user']);
    expect(visibleMessages(el)).to.deep.equal(['user: Question', 'assistant: The answer is 42.']);
    expect(el.shadowRoot!.querySelector('[part="error"]')).to.equal(null);
  });

  it("shows the server's message when no model is configured", async () => {
    const { el, transport } = await openWidget();
    const message = 'No model is configured. Set OPENAI_API_KEY (or SITECHAT_MODEL_URL) and restart the server.';
    transport.refuseNext(new ChatError('model_not_configured', message, { status: 503 }));
    await el.send('Hello');
    await el.updateComplete;
    expect(el.status).to.equal('error');
    expect(part(el, '[part="error"] p').textContent).to.equal(message);
    expect(visibleMessages(el)).to.deep.equal(['user: Hello']);
  });

  it('offers no Retry for an error that asking again cannot fix', async () => {
    const { el, transport } = await openWidget();
    transport.refuseNext(new ChatError('message_too_long', 'That message is too long.', { status: 413 }));
    await el.send('Hello');
    await el.updateComplete;
    expect(part(el, '[part="error"]').textContent).to.contain('That message is too long.');
    expect(el.shadowRoot!.querySelector('[part="retry-button"]')).to.equal(null);
  });

  it('shows model text that looks like HTML as text, creating no element', async () => {
    const { el, transport } = await openWidget();
    const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    transport.replyNext(answer(hostile));
    await el.send('Hi');
    await el.updateComplete;
    expect(visibleMessages(el)).to.deep.equal(['user: Hi', `assistant: ${hostile}`]);
    const log = part(el, '[part="messages"]');
    expect(log.querySelector('img, script')).to.equal(null);
  });

  it('send() from the host fires no chat-message-sent, but the answer still fires chat-response-end', async () => {
    const { el, transport } = await openWidget();
    const fired: string[] = [];
    el.addEventListener('chat-message-sent', () => fired.push('chat-message-sent'));
    el.addEventListener('chat-response-end', () => fired.push('chat-response-end'));
    transport.replyNext(answer('Hi!'));
    await el.send('Hello');
    expect(fired).to.deep.equal(['chat-response-end']);
    expect(el.messages).to.have.length(2);
  });

  it('uses HTTP to the endpoint unless a transport is given', async () => {
    const { el } = await widgetFixture(html`<chat-widget endpoint="/no-such-endpoint"></chat-widget>`);
    el.transport = undefined;
    el.fetch = undefined;
    await el.updateComplete;
    const original = globalThis.fetch;
    const urls: string[] = [];
    globalThis.fetch = async (input) => {
      urls.push(String(input));
      return Response.json({ error: { code: 'not_found', message: 'Not here.' } }, { status: 404 });
    };
    try {
      await el.send('Hi');
    } finally {
      globalThis.fetch = original;
    }
    await el.updateComplete;
    // The chat endpoint, and its sibling `config` (asked once, with the first question or the first open).
    expect(urls.filter((url) => !url.endsWith('/config'))).to.deep.equal(['/no-such-endpoint']);
    expect(part(el, '[part="error"] p').textContent).to.equal('Not here.');
  });

  it('keeps the newest text in view while it streams, until the visitor scrolls up', async () => {
    const { el, transport } = await widgetFixture(html`<chat-widget open mode="inline" style="--sitechat-panel-height: 16em"></chat-widget>`);
    const log = part(el, '[part="messages"]');
    const atBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight <= 2;
    void el.send('Tell me a lot');
    const call = await transport.nextCall();
    call.push(...answerStart());
    for (let paragraph = 1; paragraph <= 12; paragraph++) {
      call.push(textDelta(`Paragraph ${paragraph} of a long answer.\n\n`));
      await settle(el);
    }
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    expect(log.scrollHeight).to.be.greaterThan(log.clientHeight * 2);
    expect(atBottom()).to.equal(true);

    log.scrollTop = 0;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    call.push(textDelta('More text that arrives while the visitor reads the beginning.\n\n'));
    await settle(el);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(log.scrollTop).to.equal(0);
    call.push(...answerEnd()).end();
    await settle(el);
  });
});

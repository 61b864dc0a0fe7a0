import { expect, html } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import type { ChatWidget } from './chat-widget.js';
import { seriousViolations } from './test/axe.js';
import { answerEnd, answerStart, answer, settle, streamError, textDelta } from './test/fake-transport.js';
import { part, widgetFixture } from './test/widget-fixture.js';

const RICH_ANSWER = [
  '## Our coffees',
  'We have **three** blends; see [the shop](https://shop.example/coffee).',
  '',
  '| Blend | Origin |',
  '| --- | --- |',
  '| Morning Fern | Colombia |',
  '',
  '```js',
  'const strength = "medium"; // a comment',
  '```',
  '',
  '> Roasted on Tuesdays.',
].join('\n');

/** An open widget with a question, a rich answer, a regenerated one ("2 / 2") and a failed third question. */
async function busyConversation(template = html`<chat-widget open></chat-widget>`): Promise<ChatWidget> {
  const { el, transport } = await widgetFixture(template);
  transport.replyNext(answer('An earlier answer.'));
  await el.send('What coffees do you have?');
  transport.replyNext(answer(RICH_ANSWER));
  await el.regenerate();
  transport.replyNext([...answerStart('answer-3'), textDelta('Partial'), ...streamError('upstream_timeout', 'The assistant took too long to answer.')]);
  await el.send('And tea?');
  await settle(el);
  // Let the lazy highlighter (a separate chunk) colour the code; on a loaded machine that can take a while.
  for (let waited = 0; waited < 5000 && !el.shadowRoot!.querySelector('.hl-keyword'); waited += 25) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return el;
}

describe('<chat-widget> accessibility', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' }));

  it('has no serious or critical axe violations, light theme, with markdown, actions and an error', async () => {
    const el = await busyConversation(html`<chat-widget open theme="light" disclaimer welcome="Hello!" assistant-name="Fern"></chat-widget>`);
    expect(el.shadowRoot!.querySelector('.hl-keyword')).to.not.equal(null);
    expect(await seriousViolations(el)).to.deep.equal([]);
  });

  it('has no serious or critical axe violations in the dark theme (attribute and system preference)', async () => {
    const el = await busyConversation(html`<chat-widget open theme="dark" disclaimer></chat-widget>`);
    expect(getComputedStyle(part(el, '[part="panel"]')).backgroundColor).to.equal('rgb(28, 29, 33)');
    expect(await seriousViolations(el)).to.deep.equal([]);

    await emulateMedia({ colorScheme: 'dark' });
    const auto = await busyConversation(html`<chat-widget open disclaimer></chat-widget>`);
    expect(getComputedStyle(part(auto, '[part="panel"]')).backgroundColor).to.equal('rgb(28, 29, 33)');
    expect(await seriousViolations(auto)).to.deep.equal([]);
    // `theme="light"` wins over the system preference.
    auto.theme = 'light';
    await auto.updateComplete;
    expect(getComputedStyle(part(auto, '[part="panel"]')).backgroundColor).to.equal('rgb(255, 255, 255)');
  });

  it('the log stays silent while an answer streams; a status region announces each finished answer once', async () => {
    const { el, transport } = await widgetFixture(html`<chat-widget open assistant-name="Fern"></chat-widget>`);
    const log = part(el, '[part="messages"]');
    expect(log.getAttribute('role')).to.equal('log');
    expect(log.getAttribute('aria-live')).to.equal('off');
    const status = el.shadowRoot!.querySelector('[role="status"][aria-live="polite"]')!;
    const announced: string[] = [];
    new MutationObserver(() => announced.push(status.textContent!.trim())).observe(status, { childList: true, characterData: true, subtree: true });

    void el.send('Hours?');
    const call = await transport.nextCall();
    call.push(...answerStart(), textDelta('We open '));
    await settle(el);
    call.push(textDelta('at **9**.'));
    await settle(el);
    expect(announced).to.deep.equal([]);
    call.push(...answerEnd()).end();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await settle(el);
    expect(announced).to.deep.equal(['Fern We open at 9.']);

    transport.replyNext(answer('Closed on Sundays.'));
    await el.send('Sunday?');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await settle(el);
    expect(announced).to.deep.equal(['Fern We open at 9.', 'Fern Closed on Sundays.']);
  });

  it('every action is reachable with the keyboard, with a visible focus ring and a label', async () => {
    const el = await busyConversation();
    part(el, '[part="input"]').focus();
    const reached = new Map<string, string>();
    for (let step = 0; step < 40; step++) {
      await sendKeys({ press: 'Shift+Tab' });
      const active = el.shadowRoot!.activeElement as HTMLElement | null;
      if (!active) break;
      const name = active.getAttribute('part') ?? active.className;
      if (active.tagName === 'BUTTON') {
        expect(active.getAttribute('aria-label') ?? active.textContent!.trim(), name).to.not.equal('');
        expect(getComputedStyle(active).outlineStyle, `${name} focus ring`).to.equal('solid');
      }
      reached.set(name, active.tagName);
    }
    for (const name of ['copy-button', 'regenerate-button', 'feedback-up-button', 'feedback-down-button', 'previous-button', 'copy-code-button', 'edit-button', 'new-button', 'close-button', 'messages']) {
      expect([...reached.keys()], name).to.include(name);
    }
  });

  it('Escape closes from anywhere in the panel; focus goes to the composer on open and back to the launcher', async () => {
    const { el } = await widgetFixture();
    part(el, '[part="launcher"]').focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(part(el, '[part="input"]'));
    await sendKeys({ press: 'Shift+Tab' });
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(el.expanded).to.equal(false);
    expect(el.shadowRoot!.activeElement).to.equal(part(el, '[part="launcher"]'));
  });

  it('moves nothing when the visitor prefers reduced motion', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const { el } = await widgetFixture(html`<chat-widget open></chat-widget>`);
    void el.send('Hi');
    await el.updateComplete;
    expect(getComputedStyle(part(el, '[part="panel"]')).animationName).to.equal('none');
    expect(getComputedStyle(part(el, '[part="typing-indicator"] .dot')).animationName).to.equal('none');
    await emulateMedia({ reducedMotion: 'no-preference' });
    await el.updateComplete;
    expect(getComputedStyle(part(el, '[part="typing-indicator"] .dot')).animationName).to.equal('sitechat-pulse');
  });
});

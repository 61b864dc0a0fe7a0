import { expect, html } from '@open-wc/testing';
import type { UIMessageChunk } from '@sitechat/protocol';
import { seriousViolations } from './test/axe.js';
import { answerEnd, answerStart, settle, textDelta } from './test/fake-transport.js';
import { widgetFixture } from './test/widget-fixture.js';

const source = (sourceId: string, url: string, title?: string): UIMessageChunk =>
  title === undefined ? { type: 'source-url', sourceId, url } : { type: 'source-url', sourceId, url, title };

describe('<chat-widget> sources of a grounded answer', () => {
  it('lists the cited pages as numbered links under the answer, dropping unsafe URLs and repeats', async () => {
    const { el, transport } = await widgetFixture(html`<chat-widget open></chat-widget>`);
    transport.replyNext([
      ...answerStart(),
      source('1', 'https://shop.example/help/shipping', 'International shipping'),
      source('2', 'javascript:alert(1)', 'Evil'),
      source('1', 'https://shop.example/help/shipping', 'International shipping'),
      source('3', '/help/returns'),
      textDelta('We ship to Canada for $19 [1].'),
      ...answerEnd(),
    ]);
    await el.send('Do you ship to Canada?');
    await settle(el);

    const list = el.shadowRoot!.querySelector('[part="sources"]')!;
    expect(list.getAttribute('aria-label')).to.equal('Sources');
    const links = [...list.querySelectorAll<HTMLAnchorElement>('a[part="source-link"]')];
    expect(links.map((link) => link.textContent!.trim())).to.deep.equal([
      '[1] International shipping',
      `[3] ${new URL('/help/returns', document.baseURI).href}`,
    ]);
    expect(links[0]!.href).to.equal('https://shop.example/help/shipping');
    expect(links.every((link) => link.rel === 'noopener noreferrer' && link.target === '_blank')).to.equal(true);
    expect(el.shadowRoot!.innerHTML).not.to.contain('javascript:');
    expect(await seriousViolations(el)).to.deep.equal([]);
  });

  it('shows no list for an answer without sources', async () => {
    const { el, transport } = await widgetFixture(html`<chat-widget open></chat-widget>`);
    transport.replyNext([...answerStart(), textDelta('Hello!'), ...answerEnd()]);
    await el.send('Hi');
    await settle(el);
    expect(el.shadowRoot!.querySelector('[part="sources"]')).to.equal(null);
  });
});

import { expect, html } from '@open-wc/testing';
import type { ChatWidget } from '../chat-widget.js';
import { answerEnd, answerStart, settle, textDelta } from '../test/fake-transport.js';
import { exfilHits, outsideRequests } from '../test/network.js';
import { widgetFixture } from '../test/widget-fixture.js';
import { xssPayloads } from './__fixtures__/xss-payloads.js';
import { MarkdownView } from './markdown-view.js';

/**
 * The XSS corpus, rendered by the markdown view on its own (whole, and streamed in deltas of 1, 2, 3, 5 and 8
 * characters, checked after every delta) and by the widget (whole, split in three deltas, and streamed in
 * deltas of 4 characters with a render after each). After every render: the canary never ran, no `on*`
 * attribute exists anywhere in the widget, every URL attribute holds an allowed scheme, no active element
 * (script, iframe, img, svg, form, style…) is inside a message; at the end, no image request left the page.
 */
declare global {
  interface Window {
    __xss: () => void;
  }
}

let canary = 0;
window.__xss = () => canary++;
for (const name of ['alert', 'confirm', 'prompt', 'print'] as const) (window as unknown as Record<string, unknown>)[name] = () => canary++;

const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'tel:']);
const URL_ATTRIBUTES = new Set(['href', 'xlink:href', 'action', 'formaction', 'src', 'srcset', 'data', 'poster', 'background', 'srcdoc', 'ping', 'codebase', 'cite', 'lowsrc', 'dynsrc']);
// Everything markdown may produce inside a message; anything else there (img included: no origin is allowed here) is a failure.
const CONTENT_TAGS = new Set(['DIV', 'P', 'BR', 'EM', 'STRONG', 'DEL', 'CODE', 'PRE', 'A', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'HR', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'SPAN', 'BUTTON']);

function problems(root: ParentNode): string[] {
  const found: string[] = [];
  if (canary > 0) found.push(`the canary ran ${canary} time(s)`);
  for (const element of root.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on')) found.push(`${element.tagName} has ${name}`);
      if (name === 'style') found.push(`${element.tagName} has a style attribute`);
      if (!URL_ATTRIBUTES.has(name)) continue;
      if (name !== 'href') {
        found.push(`${element.tagName} has ${name}="${attribute.value}"`);
        continue;
      }
      let protocol = 'unparseable:';
      try {
        protocol = new URL(attribute.value, document.baseURI).protocol;
      } catch {
        // Counted as unsafe below.
      }
      if (!SAFE_SCHEMES.has(protocol)) found.push(`${element.tagName} href="${attribute.value}"`);
    }
  }
  for (const content of root.querySelectorAll('[part="message-text"]')) {
    for (const element of content.querySelectorAll('*')) if (!CONTENT_TAGS.has(element.tagName)) found.push(`a <${element.tagName.toLowerCase()}> in a message`);
  }
  return found;
}

const markdownOptions = { baseUrl: document.baseURI, imageOrigins: [], labels: { copy: 'Copy', copied: 'Copied', image: 'Image' } };
const payloads = xssPayloads.map(({ name, markdown }) => ({ name, markdown: markdown.replace('EXFIL_ABSOLUTE', `${location.origin}/__exfil__`) }));

async function streamIntoWidget(el: ChatWidget, pieces: string[]): Promise<string[]> {
  const transport = el.transport as unknown as import('../test/fake-transport.js').FakeTransport;
  const found: string[] = [];
  const done = el.send('Hi');
  const call = await transport.nextCall();
  call.push(...answerStart());
  for (const piece of pieces) {
    call.push(textDelta(piece));
    await settle(el);
    found.push(...problems(el.shadowRoot!));
  }
  call.push(...answerEnd()).end();
  await done;
  await settle(el);
  found.push(...problems(el.shadowRoot!));
  return found;
}

function split(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += size) pieces.push(text.slice(start, start + size));
  return pieces;
}

describe('XSS corpus', () => {
  before(async () => {
    await exfilHits(true);
    await outsideRequests(true);
  });

  it(`has at least 50 payloads (${payloads.length})`, () => {
    expect(payloads.length).to.be.at.least(50);
  });

  for (const { name, markdown } of payloads) {
    it(`${name}: markdown view, whole and streamed in deltas of 1, 2, 3, 5, 8`, () => {
      const host = document.createElement('div');
      document.body.append(host);
      try {
        for (const size of [Infinity, 1, 2, 3, 5, 8]) {
          const view = new MarkdownView(markdownOptions);
          host.replaceChildren(view.element);
          view.element.setAttribute('part', 'message-text');
          const pieces = size === Infinity ? [] : split(markdown, size);
          let text = '';
          for (const piece of pieces) {
            view.update((text += piece), true);
            expect(problems(host), `${size}-character deltas, after ${JSON.stringify(text)}`).to.deep.equal([]);
          }
          view.update(markdown, false);
          expect(problems(host), size === Infinity ? 'whole' : `${size}-character deltas, finished`).to.deep.equal([]);
        }
      } finally {
        host.remove();
      }
    });

    it(`${name}: widget, whole, in three deltas and in 4-character deltas`, async () => {
      const { el } = await widgetFixture(html`<chat-widget open></chat-widget>`);
      const third = Math.ceil(markdown.length / 3);
      for (const pieces of [[markdown], [markdown.slice(0, third), markdown.slice(third, 2 * third), markdown.slice(2 * third)], split(markdown, 4)]) {
        expect(await streamIntoWidget(el, pieces.filter(Boolean)), `${pieces.length} deltas`).to.deep.equal([]);
        el.reset();
      }
    });
  }

  it('no image or other request went to the attacker, on this server or outside it', async () => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const resources = performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((url) => url.includes('__exfil__') || url.includes('attacker.invalid'));
    expect(resources).to.deep.equal([]);
    expect(await exfilHits()).to.deep.equal([]);
    expect(await outsideRequests()).to.deep.equal([]);
  });

  it('the checks catch what they look for (a rendering that did let things through)', async () => {
    const root = document.createElement('div');
    root.innerHTML = '<div part="message-text"><a href="javascript:x()">a</a><img src="/__exfil__/control.png" onerror="void 0"></div>';
    document.body.append(root);
    expect(problems(root)).to.have.members(['A href="javascript:x()"', 'IMG has src="/__exfil__/control.png"', 'IMG has onerror', 'a <img> in a message']);
    // The image request reaches the server's counter (give a loaded machine a few seconds).
    let hits: string[] = [];
    for (let attempt = 0; attempt < 50 && hits.length === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      hits = await exfilHits();
    }
    expect(hits).to.have.length(1);
    await exfilHits(true);
    root.remove();
  });
});

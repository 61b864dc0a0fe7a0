import { fixture, html } from '@open-wc/testing';
import '../define.js';
import type { ChatWidget } from '../chat-widget.js';
import { loadMarkdown } from '../markdown/markdown-element.js';
import { FakeTransport } from './fake-transport.js';

// The widget loads its markdown renderer when its panel first shows, and shows plain text until then (the
// one-file build's test, csp.test.ts, sees that happen). Here it is loaded before any test, so that every
// test sees answers rendered as they will be once it has.
await loadMarkdown();

/** Forget what earlier tests stored (conversations, visitor ids): every fixture starts as a first visit. */
export function clearStorage(): void {
  for (const area of [localStorage, sessionStorage]) {
    for (const key of Object.keys(area)) if (key.startsWith('sitechat:')) area.removeItem(key);
  }
}

/** A server with none of the optional endpoints: `GET /api/config` and the rest answer 404. */
export const bareServer: typeof fetch = async () => Response.json({ error: { code: 'not_found', message: 'Not found.' } }, { status: 404 });

/** A `<chat-widget>` wired to a `FakeTransport`, rendered and ready. */
export async function widgetFixture(template = html`<chat-widget></chat-widget>`): Promise<{ el: ChatWidget; transport: FakeTransport }> {
  clearStorage();
  const el = await fixture<ChatWidget>(template);
  const transport = new FakeTransport();
  el.transport = transport;
  el.fetch ??= bareServer;
  await el.updateComplete;
  return { el, transport };
}

/** An element of the widget's shadow root; fails the test when it is missing. */
export function part<T extends Element = HTMLElement>(el: ChatWidget, selector: string): T {
  const found = el.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`No ${selector} in <chat-widget>`);
  return found;
}

/** The messages as the visitor sees them: role and visible text (the assistant's as rendered markdown). */
export function visibleMessages(el: ChatWidget): string[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="message-user"], [part~="message-assistant"]')].map((message) => {
    const role = message.classList.contains('user') ? 'user' : 'assistant';
    const text = [...message.querySelectorAll('[part="message-text"]')].map((node) => renderedText(node)).join('\n');
    return `${role}: ${text}`;
  });
}

const BLOCKS = new Set(['P', 'DIV', 'LI', 'PRE', 'TR', 'BLOCKQUOTE', 'UL', 'OL', 'TABLE', 'HR']);

/**
 * Text as it reads on screen: line breaks for `<br>` and between blocks. (Not `innerText`: the markdown's
 * off-screen blocks are skipped by layout, `content-visibility: auto`, and `innerText` depends on layout.)
 */
export function renderedText(node: Node): string {
  let text = '';
  for (const child of node.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) text += child.textContent;
    else if (child.nodeName === 'BR') text += '\n';
    else if (BLOCKS.has(child.nodeName)) text += `\n${renderedText(child)}\n`;
    else text += renderedText(child);
  }
  return node.parentNode && !BLOCKS.has(node.nodeName) ? text : text.replace(/\n{2,}/g, '\n').replace(/^\n|\n$/g, '');
}

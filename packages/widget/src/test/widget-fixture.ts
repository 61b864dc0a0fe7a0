import { fixture, html } from '@open-wc/testing';
import '../define.js';
import type { ChatWidget } from '../chat-widget.js';
import { FakeTransport } from './fake-transport.js';

/** A `<chat-widget>` wired to a `FakeTransport`, rendered and ready. */
export async function widgetFixture(template = html`<chat-widget></chat-widget>`): Promise<{ el: ChatWidget; transport: FakeTransport }> {
  const el = await fixture<ChatWidget>(template);
  const transport = new FakeTransport();
  el.transport = transport;
  await el.updateComplete;
  return { el, transport };
}

/** An element of the widget's shadow root; fails the test when it is missing. */
export function part<T extends Element = HTMLElement>(el: ChatWidget, selector: string): T {
  const found = el.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`No ${selector} in <chat-widget>`);
  return found;
}

/** The messages as the visitor sees them: role and visible text. */
export function visibleMessages(el: ChatWidget): string[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="message"]')].map((message) => {
    const role = message.classList.contains('user') ? 'user' : 'assistant';
    const text = [...message.querySelectorAll('[part="message-text"]')].map((node) => node.textContent).join('\n');
    return `${role}: ${text}`;
  });
}

import { fixture, html, waitUntil } from '@open-wc/testing';
import '../define.js';
import type { ChatWidget } from '../chat-widget.js';
import { settle } from './fake-transport.js';
import { FakeServer } from './fake-server.js';
import { clearStorage } from './widget-fixture.js';

/**
 * A `<chat-widget>` talking HTTP to a `FakeServer` with the given features, open, with the server's config
 * already read. `keepStorage` leaves what an earlier widget stored (a reload).
 */
export async function serverFixture(
  features: Partial<FakeServer['features']> = {},
  options: { keepStorage?: boolean; server?: FakeServer; template?: (server: FakeServer) => ReturnType<typeof html> } = {},
): Promise<{ el: ChatWidget; server: FakeServer }> {
  if (!options.keepStorage) clearStorage();
  const server = options.server ?? new FakeServer();
  Object.assign(server.features, features);
  const configs = server.to('config').length;
  const el = await fixture<ChatWidget>(options.template?.(server) ?? html`<chat-widget open .fetch=${server.fetch}></chat-widget>`);
  if (el.expanded || el.mode === 'inline') await waitUntil(() => server.to('config').length > configs, 'the widget asks for the config');
  await settle(el);
  return { el, server };
}

/** Send `text` from the host and wait for the answer to be on screen. */
export async function ask(el: ChatWidget, text: string): Promise<void> {
  await el.send(text);
  await settle(el);
}

export function shadow<T extends Element = HTMLElement>(el: ChatWidget, selector: string): T[] {
  return [...el.shadowRoot!.querySelectorAll<T>(selector)];
}

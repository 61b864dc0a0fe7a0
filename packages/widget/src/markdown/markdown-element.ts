import { MarkdownView } from './markdown-view.js';
import type { MarkdownOptions } from './render.js';

const views = new WeakMap<object, MarkdownView>();

/**
 * The element showing `text` as markdown, for `key` (a message): the same element on every call, updated in
 * place, so a Lit template can put it in a child position render after render. A new `options` object
 * renders the text anew (the labels' language changed, say).
 */
export function markdownElement(key: object, text: string, streaming: boolean, options: MarkdownOptions): HTMLElement {
  let view = views.get(key);
  if (view?.options !== options) {
    const root = document.createElement('div');
    root.className = 'text markdown';
    root.setAttribute('part', 'message-text');
    // The answer's own direction (an English answer in an Arabic widget), paragraph by paragraph.
    root.dir = 'auto';
    views.set(key, (view = new MarkdownView(options, root)));
  }
  view.update(text, streaming);
  return view.element;
}

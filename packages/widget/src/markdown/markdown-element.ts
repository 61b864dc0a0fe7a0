import { importMarkdown, type MarkdownModule } from '../lazy.js';
import type { MarkdownView } from './markdown-view.js';
import type { MarkdownOptions } from './render.js';

/** The renderer, once its chunk has loaded. */
let renderer: MarkdownModule | undefined;
let loading: Promise<boolean> | undefined;

/**
 * Load the markdown renderer, once. It is a chunk of its own (a quarter of the widget's code) so that a page
 * whose visitor never opens the chat never loads it, and the widget's first render does not wait for it.
 * Resolves `true` once `markdownElement` renders markdown; `false` if it cannot load (offline, a missing
 * chunk), in which case answers stay plain text.
 */
export function loadMarkdown(): Promise<boolean> {
  return (loading ??= importMarkdown().then(
    (module) => Boolean((renderer = module)),
    () => false,
  ));
}

interface Entry {
  root: HTMLElement;
  options: MarkdownOptions;
  view?: MarkdownView;
}

const entries = new WeakMap<object, Entry>();

/**
 * The element showing `text` as markdown, for `key` (a message): the same element on every call, updated in
 * place, so a Lit template can put it in a child position render after render. A new `options` object
 * renders the text anew (the labels' language changed, say). Until the renderer has loaded (`loadMarkdown`),
 * the element shows the text as it is, as a text node: never as HTML.
 */
export function markdownElement(key: object, text: string, streaming: boolean, options: MarkdownOptions): HTMLElement {
  let entry = entries.get(key);
  if (entry?.options !== options) {
    const root = document.createElement('div');
    root.className = 'text markdown';
    root.setAttribute('part', 'message-text');
    // The answer's own direction (an English answer in an Arabic widget), paragraph by paragraph.
    root.dir = 'auto';
    entries.set(key, (entry = { root, options }));
  }
  if (!entry.view && renderer) {
    entry.root.replaceChildren();
    entry.view = new renderer.MarkdownView(options, entry.root);
  }
  if (entry.view) entry.view.update(text, streaming);
  else entry.root.textContent = text;
  return entry.root;
}

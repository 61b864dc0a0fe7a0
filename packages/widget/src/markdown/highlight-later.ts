import { importHighlighter } from '../lazy.js';

/**
 * Highlight a finished code block once the highlighter chunk has loaded (the first code block loads it): the
 * `highlight` of the widget's markdown options. A block whose text changed meanwhile is left alone.
 */
export function highlightLater(code: HTMLElement, text: string, language: string): void {
  void importHighlighter().then(
    ({ highlight }) => {
      const tokens = highlight(text, language);
      if (!tokens || code.textContent !== text) return;
      code.replaceChildren(
        ...tokens.map(([kind, value]) => {
          if (!kind) return value;
          const span = document.createElement('span');
          span.className = `hl-${kind}`;
          span.textContent = value;
          return span;
        }),
      );
    },
    () => {
      // No highlighter (offline, a missing chunk): the code stays plain.
    },
  );
}

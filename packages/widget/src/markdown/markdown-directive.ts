import { noChange } from 'lit';
import { Directive, directive, type PartInfo, PartType } from 'lit/directive.js';
import { MarkdownView } from './markdown-view.js';
import type { MarkdownOptions } from './render.js';

/**
 * `${markdown(text, streaming, options)}` in a Lit template: the element of a `MarkdownView`, updated in place
 * on each render. A new `options` object renders the text anew (the labels' language changed, say).
 */
class MarkdownDirective extends Directive {
  private view: MarkdownView | undefined;

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.CHILD) throw new Error('markdown() belongs in a child position');
  }

  render(_text: string, _streaming: boolean, _options: MarkdownOptions): unknown {
    return noChange;
  }

  override update(_part: unknown, [text, streaming, options]: [string, boolean, MarkdownOptions]): unknown {
    const fresh = this.view?.options !== options;
    if (fresh) {
      const root = document.createElement('div');
      root.className = 'text markdown';
      // The answer's own direction (an English answer in an Arabic widget), paragraph by paragraph.
      root.dir = 'auto';
      root.setAttribute('part', 'message-text');
      this.view = new MarkdownView(options, root);
    }
    this.view!.update(text, streaming);
    return fresh ? this.view!.element : noChange;
  }
}

export const markdown = directive(MarkdownDirective);

import { type Block, type Definitions, parseBlocks } from './blocks.js';
import type { InlineContext } from './inline.js';
import { type MarkdownOptions, renderBlock, renderCode } from './render.js';

/** Blocks per group of a long answer (see `freeze`). */
const GROUP = 24;

/**
 * Renders a streaming markdown answer into one element, incrementally.
 *
 * The text only grows while it streams. Blocks that have ended (a later block has started, with one more
 * complete line for a table's lookahead) are rendered once, appended, and never touched again ("frozen");
 * only the tail, from the start of the last block, is parsed and rendered again on each update. So the work
 * for an update is proportional to the new text and to the last block, not to the answer: a long answer costs
 * the same per token at its end as at its start. A growing fenced code block, the one block that tends to be
 * long, is extended in place rather than rebuilt.
 *
 * Reference definitions (`[1]: https://…`) usually come at the end of an answer, after the links that use
 * them: when the answer ends and a frozen block had an unresolved reference, the whole answer is rendered
 * once more.
 */
export class MarkdownView {
  readonly element: HTMLElement;
  readonly options: MarkdownOptions;
  private source = '';
  /** Where the tail starts in `source`: everything before it is frozen. */
  private frozenEnd = 0;
  private frozenDefinitions: Definitions = new Map();
  private liveNodes: Node[] = [];
  private liveCode: { line: number; length: number; code: HTMLElement } | undefined;
  private unresolved = false;
  private done = false;

  constructor(options: MarkdownOptions, element: HTMLElement = document.createElement('div')) {
    this.options = options;
    this.element = element;
  }

  /** How much of the text is still parsed again on each update (the tail): small, whatever the answer's length. */
  get tailLength(): number {
    return this.source.length - this.frozenEnd;
  }

  /** Show `text`; `streaming` while more may come. Text that does not extend the previous text is rendered anew. */
  update(text: string, streaming: boolean): void {
    if (text === this.source && (streaming || this.done)) return;
    if (text.length < this.source.length || this.done || !text.startsWith(this.source.slice(-64), Math.max(0, this.source.length - 64))) this.reset();
    this.source = text;
    if (streaming) this.renderTail();
    else this.end();
  }

  private reset(): void {
    this.element.replaceChildren();
    this.source = '';
    this.frozenEnd = 0;
    this.frozenDefinitions = new Map();
    this.liveNodes = [];
    this.liveCode = undefined;
    this.unresolved = false;
    this.done = false;
    this.frozenBlocks = 0;
    this.group = undefined;
  }

  private end(): void {
    this.renderTail(true);
    this.done = true;
    if (this.unresolved && this.frozenDefinitions.size > 0) {
      const source = this.source;
      this.reset();
      this.source = source;
      this.renderTail(true);
      this.done = true;
    }
  }

  private renderTail(final = false): void {
    const lines = this.source.slice(this.frozenEnd).split('\n');
    for (let index = 0; index < lines.length; index++) if (lines[index]!.endsWith('\r')) lines[index] = lines[index]!.slice(0, -1);
    const tailDefinitions: Definitions = new Map();
    const definitionLines = new Map<string, number>();
    const blocks = parseBlocks(lines, tailDefinitions, definitionLines);

    // A block is final once the next block starts on a complete line whose next line is complete too.
    let frozenCount = blocks.length;
    if (!final) {
      frozenCount = 0;
      while (frozenCount < blocks.length - 1 && blocks[frozenCount + 1]!.line < lines.length - 2) frozenCount++;
    }
    const freezeLine = final ? lines.length : blocks[frozenCount]?.line ?? lines.length;
    // Definitions from the frozen part are settled; later ones may still be half-written.
    for (const [label, definition] of tailDefinitions) {
      if ((final || definitionLines.get(label)! < freezeLine) && !this.frozenDefinitions.has(label)) this.frozenDefinitions.set(label, definition);
    }
    const context: InlineContext = { definitions: this.frozenDefinitions };

    const last = blocks[frozenCount];
    if (!final && frozenCount === 0 && last && this.extendCode(last)) return;
    this.removeLive();
    for (let index = 0; index < frozenCount; index++) this.freeze(renderBlock(blocks[index]!, context, this.options));
    this.unresolved ||= context.unresolved === true;
    if (final || !last) return;

    let offset = 0;
    for (let index = 0; index < freezeLine; index++) offset += lines[index]!.length + 1;
    this.frozenEnd += offset;
    // The live part: the last block as it stands, parsed again on every update until it is frozen.
    let node: Node;
    if (last.type === 'code') {
      node = renderCode(last.text, last.lang, this.options, true);
      this.liveCode = { line: last.line - freezeLine, length: last.text.length, code: (node as HTMLElement).querySelector('code')! };
    } else {
      node = renderBlock(last, { definitions: this.frozenDefinitions }, this.options, true);
    }
    this.liveNodes = node instanceof DocumentFragment ? [...node.childNodes] : [node];
    this.element.append(node);
  }

  /**
   * Append a finished block. A long answer's blocks go in groups of `GROUP` (after the first group), each
   * skipped by style, layout and paint while off screen (`content-visibility: auto` on `.group`): per group
   * rather than per block, because the browser tracks every such element's visibility at each frame.
   */
  private freeze(node: Node): void {
    if (this.frozenBlocks >= GROUP && this.frozenBlocks % GROUP === 0) {
      this.group = document.createElement('div');
      this.group.className = 'group';
      this.element.append(this.group);
    }
    this.frozenBlocks++;
    (this.group ?? this.element).append(node);
  }

  private frozenBlocks = 0;
  private group: HTMLElement | undefined;

  /** Append the new text of the growing code block; false when it is not simply longer than before. */
  private extendCode(block: Block): boolean {
    const live = this.liveCode;
    if (!live || block.type !== 'code' || block.line !== live.line || block.closed || block.text.length < live.length) return false;
    if (block.text.length > live.length) live.code.append(block.text.slice(live.length));
    live.length = block.text.length;
    return true;
  }

  private removeLive(): void {
    if (this.liveNodes.length === 0) return;
    for (const node of this.liveNodes) node.parentNode?.removeChild(node);
    this.liveNodes = [];
    this.liveCode = undefined;
  }
}

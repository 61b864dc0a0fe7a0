import type { Inline } from './inline.js';

/**
 * The delimiter stack of CommonMark's inline parsing: runs of `*`, `_` and `~` that may open or close emphasis,
 * and the `[` / `![` brackets that may open a link, kept among the parsed nodes until they are resolved.
 */
export interface Delimiter {
  type: 'delimiter';
  char: string;
  count: number;
  original: number;
  canOpen: boolean;
  canClose: boolean;
}

export interface Bracket {
  type: 'bracket';
  image: boolean;
  active: boolean;
}

export type Node = Inline | Delimiter | Bracket;

export const isDelimiter = (node: Node | undefined): node is Delimiter => typeof node === 'object' && node.type === 'delimiter';
export const isBracket = (node: Node | undefined): node is Bracket => typeof node === 'object' && node.type === 'bracket';

/** CommonMark's "process emphasis", on the nodes from `bottom` on. */
export function processEmphasis(nodes: Node[], bottom: number): void {
  let index = bottom;
  while (index < nodes.length) {
    const closer = nodes[index];
    if (!isDelimiter(closer) || !closer.canClose || closer.count === 0) {
      index++;
      continue;
    }
    let openerIndex = -1;
    for (let candidate = index - 1; candidate >= bottom; candidate--) {
      const opener = nodes[candidate];
      if (!isDelimiter(opener) || opener.char !== closer.char || !opener.canOpen || opener.count === 0) continue;
      // The "rule of 3": `*foo**bar*` is not `<em>foo</em><em>bar</em>`.
      if ((opener.canClose || closer.canOpen) && (opener.original + closer.original) % 3 === 0 && (opener.original % 3 !== 0 || closer.original % 3 !== 0)) continue;
      openerIndex = candidate;
      break;
    }
    if (openerIndex === -1) {
      index++;
      continue;
    }
    const opener = nodes[openerIndex] as Delimiter;
    const used = closer.char === '~' ? 2 : opener.count >= 2 && closer.count >= 2 ? 2 : 1;
    const inner = nodes.splice(openerIndex + 1, index - openerIndex - 1);
    const type = closer.char === '~' ? 'del' : used === 2 ? 'strong' : 'em';
    nodes.splice(openerIndex + 1, 0, { type, children: toInlines(inner) });
    opener.count -= used;
    closer.count -= used;
    index = openerIndex + 2;
    if (opener.count === 0) {
      nodes.splice(openerIndex, 1);
      index--;
    }
    if (closer.count === 0) nodes.splice(index, 1);
  }
}

/** Leftover delimiters and brackets become text again. */
export function toInlines(nodes: Node[]): Inline[] {
  const result: Inline[] = [];
  for (const node of nodes) {
    const value: Inline = isDelimiter(node) ? node.char.repeat(node.count) : isBracket(node) ? (node.image ? '![' : '[') : node;
    if (value === '') continue;
    const last = result.at(-1);
    if (typeof value === 'string' && typeof last === 'string') result[result.length - 1] = last + value;
    else result.push(value);
  }
  return result;
}

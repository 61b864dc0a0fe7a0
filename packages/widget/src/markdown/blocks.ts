/**
 * The block structure of markdown (CommonMark's, with GFM tables and strikethrough), parsed from lines. It is
 * a pure function of the lines, left to right: a block never changes once a later block has started (plus one
 * line of lookahead, for a table's delimiter row), which is what lets `MarkdownView` freeze finished blocks.
 *
 * Left out on purpose: raw HTML (shown as text, see `inline.ts`), indented code blocks (language models fence
 * their code; an indented line continues a paragraph), and multi-line link reference definitions.
 */
export type Align = 'left' | 'center' | 'right' | '';

export type Block = { line: number } & (
  | { type: 'paragraph'; text: string }
  | { type: 'heading'; level: number; text: string }
  | { type: 'code'; lang: string; text: string; closed: boolean }
  | { type: 'hr' }
  | { type: 'quote'; children: Block[] }
  | { type: 'list'; ordered: boolean; start: number; loose: boolean; items: Block[][] }
  | { type: 'table'; align: Align[]; head: string[]; rows: string[][] }
);

export interface Definition {
  href: string;
  title: string | undefined;
}

/** Link reference definitions by normalized label, filled in by the parse. */
export type Definitions = Map<string, Definition>;

const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const HR = /^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const QUOTE = /^ {0,3}> ?/;
const LIST_ITEM = /^( {0,3})([-+*]|(\d{1,9})([.)]))(?:([ \t]+)(.*))?$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const TABLE_DELIMITER = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const DEFINITION = /^ {0,3}\[((?:[^\]\\]|\\.){1,999})\]:[ \t]*(<[^<>\n]*>|\S+)(?:[ \t]+("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?[ \t]*$/;

export const isBlank = (line: string): boolean => line.trim() === '';

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

export function normalizeLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}

interface ListMarker {
  indent: number;
  /** The column where the item's content starts. */
  content: number;
  ordered: boolean;
  /** The bullet character, or the ordered delimiter (`.` or `)`). */
  kind: string;
  start: number;
  text: string;
}

function listMarker(line: string): ListMarker | undefined {
  const match = LIST_ITEM.exec(line);
  if (!match) return undefined;
  const indent = match[1]!.length;
  const marker = match[2]!;
  const spaces = match[5]?.length ?? 0;
  const text = match[6] ?? '';
  // One to four spaces after the marker set the content column; more than four belong to the content.
  const gap = text === '' || spaces > 4 ? 1 : spaces;
  return {
    indent,
    content: indent + marker.length + gap,
    ordered: match[3] !== undefined,
    kind: match[4] ?? marker,
    start: match[3] === undefined ? 1 : Number(match[3]),
    text,
  };
}

function splitRow(line: string): string[] {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  // Split on pipes that are not escaped; `\|` stays for the inline parser, which turns it into `|`.
  return row.split(/(?<!\\)\|/).map((cell) => cell.trim());
}

function tableAt(lines: readonly string[], index: number): Align[] | undefined {
  const head = lines[index]!;
  const delimiter = lines[index + 1];
  if (delimiter === undefined || !head.includes('|') || !TABLE_DELIMITER.test(delimiter) || !delimiter.includes('-')) return undefined;
  const cells = splitRow(delimiter);
  if (cells.length !== splitRow(head).length) return undefined;
  return cells.map((cell) => (cell.startsWith(':') ? (cell.endsWith(':') ? 'center' : 'left') : cell.endsWith(':') ? 'right' : ''));
}

/** Whether `line` starts a block that ends a paragraph (the lines after `line` matter only for a table). */
function interruptsParagraph(lines: readonly string[], index: number): boolean {
  const line = lines[index]!;
  if (isBlank(line) || FENCE.test(line) || HEADING.test(line) || HR.test(line) || QUOTE.test(line)) return true;
  const marker = listMarker(line);
  // As in CommonMark: only a non-empty item, and an ordered one only when it starts at 1.
  if (marker && marker.text.trim() !== '' && (!marker.ordered || marker.start === 1)) return true;
  return tableAt(lines, index) !== undefined;
}

function unescape(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

function fenceOpening(line: string): { indent: number; fence: string; lang: string } | undefined {
  const match = FENCE.exec(line);
  if (!match) return undefined;
  const info = match[3]!.trim();
  if (match[2]![0] === '`' && info.includes('`')) return undefined;
  return { indent: match[1]!.length, fence: match[2]!, lang: unescape(info.split(/\s+/)[0] ?? '') };
}

/**
 * Parse `lines` into blocks. Definitions found on the way go into `definitions` (the first one for a label
 * wins), with the line they were on in `definitionLines` when given.
 */
export function parseBlocks(lines: readonly string[], definitions: Definitions, definitionLines?: Map<string, number>, offset = 0): Block[] {
  const blocks: Block[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    const start = index;
    if (isBlank(line)) {
      index++;
      continue;
    }

    const fence = fenceOpening(line);
    if (fence) {
      const body: string[] = [];
      let closed = false;
      for (index++; index < lines.length; index++) {
        const candidate = lines[index]!;
        const closing = /^ {0,3}(`+|~+)[ \t]*$/.exec(candidate);
        if (closing && closing[1]![0] === fence.fence[0] && closing[1]!.length >= fence.fence.length) {
          closed = true;
          index++;
          break;
        }
        // Content lines lose up to the opening fence's indentation.
        body.push(candidate.slice(Math.min(fence.indent, indentOf(candidate))));
      }
      blocks.push({ type: 'code', lang: fence.lang, text: body.join('\n'), closed, line: start + offset });
      continue;
    }

    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ type: 'heading', level: heading[1]!.length, text: heading[2] ?? '', line: start + offset });
      index++;
      continue;
    }

    if (HR.test(line)) {
      blocks.push({ type: 'hr', line: start + offset });
      index++;
      continue;
    }

    if (QUOTE.test(line)) {
      const inner: string[] = [];
      while (index < lines.length) {
        const current = lines[index]!;
        if (QUOTE.test(current)) inner.push(current.replace(QUOTE, ''));
        // Lazy continuation: a plain line right after quoted text continues the quote's paragraph.
        else if (!isBlank(current) && !isBlank(inner.at(-1) ?? '') && !interruptsParagraph(lines, index)) inner.push(current);
        else break;
        index++;
      }
      blocks.push({ type: 'quote', children: parseBlocks(inner, definitions), line: start + offset });
      continue;
    }

    const marker = listMarker(line);
    if (marker) {
      index = parseList(lines, index, marker, blocks, definitions, offset);
      continue;
    }

    const align = tableAt(lines, index);
    if (align) {
      const head = splitRow(line);
      const rows: string[][] = [];
      for (index += 2; index < lines.length && !isBlank(lines[index]!) && !interruptsParagraph(lines, index); index++) {
        const cells = splitRow(lines[index]!);
        rows.push(head.map((_, column) => cells[column] ?? ''));
      }
      blocks.push({ type: 'table', align, head, rows, line: start + offset });
      continue;
    }

    // A paragraph, which may open with link reference definitions and may turn out to be a setext heading.
    const text: string[] = [];
    for (; index < lines.length; index++) {
      const current = lines[index]!;
      if (text.length > 0 && SETEXT.test(current)) {
        blocks.push({ type: 'heading', level: current.trim()[0] === '=' ? 1 : 2, text: text.join('\n'), line: start + offset });
        text.length = 0;
        index++;
        break;
      }
      if (text.length > 0 && interruptsParagraph(lines, index)) break;
      if (text.length === 0) {
        const definition = DEFINITION.exec(current);
        if (definition) {
          const label = normalizeLabel(definition[1]!);
          if (!definitions.has(label)) {
            const href = definition[2]!.startsWith('<') ? definition[2]!.slice(1, -1) : definition[2]!;
            definitions.set(label, { href: unescape(href), title: definition[3] === undefined ? undefined : unescape(definition[3].slice(1, -1)) });
            definitionLines?.set(label, index + offset);
          }
          continue;
        }
      }
      text.push(current.trimStart());
    }
    if (text.length > 0) blocks.push({ type: 'paragraph', text: text.join('\n'), line: start + offset });
  }
  return blocks;
}

function parseList(lines: readonly string[], index: number, first: ListMarker, blocks: Block[], definitions: Definitions, offset: number): number {
  const items: Block[][] = [];
  const start = index;
  let loose = false;
  let marker: ListMarker | undefined = first;
  while (marker) {
    const content: string[] = [marker.text];
    let inFence = fenceOpening(marker.text) !== undefined;
    let pendingBlanks = 0;
    for (index++; index < lines.length; index++) {
      const current = lines[index]!;
      if (isBlank(current)) {
        pendingBlanks++;
        continue;
      }
      const indent = indentOf(current);
      // Nested content is indented to the content column; models often indent by two under "1. ", so two more
      // than the marker's own indentation is enough.
      if (indent >= Math.min(marker.content, marker.indent + 2)) {
        const stripped = current.slice(Math.min(indent, marker.content));
        if (pendingBlanks > 0 && content.some((text) => !isBlank(text))) loose ||= !inFence && !listMarker(stripped);
        for (; pendingBlanks > 0; pendingBlanks--) content.push('');
        if (fenceOpening(stripped) || /^ {0,3}(`{3,}|~{3,})[ \t]*$/.test(stripped)) inFence = !inFence;
        content.push(stripped);
        continue;
      }
      if (pendingBlanks === 0 && (inFence || !interruptsParagraph(lines, index)) && !listMarker(current)) {
        content.push(current); // lazy continuation of the item's paragraph
        continue;
      }
      break;
    }
    items.push(parseBlocks(content, definitions));
    const next = index < lines.length ? listMarker(lines[index]!) : undefined;
    if (next && next.ordered === first.ordered && next.kind === first.kind) {
      if (pendingBlanks > 0) loose = true;
      marker = next;
    } else {
      marker = undefined;
    }
  }
  blocks.push({ type: 'list', ordered: first.ordered, start: first.start, loose, items, line: start + offset });
  return index;
}

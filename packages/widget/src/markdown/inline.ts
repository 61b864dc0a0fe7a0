import { type Definitions, normalizeLabel } from './blocks.js';
import { type Bracket, type Delimiter, isBracket, isDelimiter, type Node, processEmphasis, toInlines } from './delimiters.js';
import { decodeEntities } from './entities.js';
import { count, countRun, findBacktickRun, skipIndent, skipSpace } from './scan.js';

/**
 * Inline markdown (CommonMark's emphasis, code spans, links and images, autolinks; GFM strikethrough and bare
 * URLs) parsed into a small tree. Raw HTML is not a construct here: `<b onclick=…>` is plain text. Link
 * destinations are kept as written (decoded); `render.ts` decides whether they may become an `href`.
 */
export type Inline =
  | string
  | { type: 'code'; text: string }
  | { type: 'em' | 'strong' | 'del'; children: Inline[] }
  | { type: 'link'; href: string; title: string | undefined; children: Inline[] }
  | { type: 'image'; src: string; alt: string; title: string | undefined }
  | { type: 'br' };

export interface InlineContext {
  definitions: Definitions;
  /** Set when a `[text][label]` named a label that is not (yet) defined. */
  unresolved?: boolean;
}

const SPECIAL = /[\\`*_~![\]<&\n]|\bhttps?:\/\//g;
const ESCAPABLE = /[!-/:-@[-`{-~]/;
const WHITESPACE = /\s/u;
const PUNCTUATION = /[\p{P}\p{S}]/u;
const AUTOLINK = /^<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*)>/;
const EMAIL = /^<([a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*)>/;
const BARE_URL = /^https?:\/\/[^\s<]+/;
const ENTITY = /^&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});/;


function unescapeText(text: string): string {
  return decodeEntities(text.replace(/\\([!-/:-@[-`{-~])/g, '$1'));
}

/**
 * Parse `source`. With `streaming`, the text is the unfinished end of an answer: emphasis and code spans left
 * open at the end are closed (`**bold te` shows bold), and a link still missing its `)` shows as its text.
 */
export function parseInline(source: string, context: InlineContext, streaming = false): Inline[] {
  if (!streaming) return new InlineParser(source, context).parse();
  const text = source.replace(/!?\[([^\]\n]*)\]\([^)\s]*$/, '$1');
  const parser = new InlineParser(text, context);
  const nodes = parser.parse();
  return parser.unclosed === '' ? nodes : new InlineParser(text + parser.unclosed, context).parse();
}

class InlineParser {
  /** The delimiters that would close what is left open at the end (for streaming). */
  unclosed = '';
  private readonly source: string;
  private readonly context: InlineContext;
  private nodes: Node[] = [];
  private position = 0;

  constructor(source: string, context: InlineContext) {
    this.source = source;
    this.context = context;
  }

  parse(): Inline[] {
    const { source } = this;
    while (this.position < source.length) {
      SPECIAL.lastIndex = this.position;
      const match = SPECIAL.exec(source);
      const next = match ? match.index : source.length;
      if (next > this.position) this.text(source.slice(this.position, next));
      this.position = next;
      if (match) this.special(match[0]);
    }
    processEmphasis(this.nodes, 0);
    // An unclosed code span swallows the rest, so only its backticks are needed then. Otherwise the pure
    // openers left (`**bold te`, not the `*` of `2*3`) get their closers, innermost first.
    if (this.unclosed === '') {
      for (const node of this.nodes) {
        if (isDelimiter(node) && node.canOpen && !node.canClose && node.count > 0) this.unclosed = node.char.repeat(node.count) + this.unclosed;
      }
    }
    return toInlines(this.nodes);
  }

  private text(text: string): void {
    const last = this.nodes.at(-1);
    if (typeof last === 'string') this.nodes[this.nodes.length - 1] = last + text;
    else this.nodes.push(text);
  }

  private special(token: string): void {
    const { source } = this;
    const at = this.position;
    const char = token[0]!;
    if (token.length > 1) return this.bareUrl();
    switch (char) {
      case '\\': {
        const next = source[at + 1];
        if (next === '\n') {
          this.nodes.push({ type: 'br' });
          this.position = skipIndent(source, at + 2);
        } else if (next !== undefined && ESCAPABLE.test(next)) {
          this.text(next);
          this.position = at + 2;
        } else {
          this.text('\\');
          this.position = at + 1;
        }
        return;
      }
      case '`': {
        const run = countRun(source, at, '`');
        const close = findBacktickRun(source, at + run, run);
        if (close === -1) {
          this.text('`'.repeat(run));
          this.unclosed ||= '`'.repeat(run);
          this.position = at + run;
          return;
        }
        let code = source.slice(at + run, close).replace(/\n/g, ' ');
        if (code.length > 1 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') code = code.slice(1, -1);
        this.nodes.push({ type: 'code', text: code });
        this.position = close + run;
        return;
      }
      case '*':
      case '_':
      case '~': {
        const run = countRun(source, at, char);
        this.position = at + run;
        if (char === '~' && run !== 2) return this.text(char.repeat(run));
        const before = at === 0 ? ' ' : source[at - 1]!;
        const after = source[at + run] ?? ' ';
        const left = !WHITESPACE.test(after) && (!PUNCTUATION.test(after) || WHITESPACE.test(before) || PUNCTUATION.test(before));
        const right = !WHITESPACE.test(before) && (!PUNCTUATION.test(before) || WHITESPACE.test(after) || PUNCTUATION.test(after));
        const canOpen = char === '_' ? left && (!right || PUNCTUATION.test(before)) : left;
        const canClose = char === '_' ? right && (!left || PUNCTUATION.test(after)) : right;
        this.nodes.push({ type: 'delimiter', char, count: run, original: run, canOpen, canClose });
        return;
      }
      case '!':
        if (source[at + 1] === '[') {
          this.nodes.push({ type: 'bracket', image: true, active: true });
          this.position = at + 2;
        } else {
          this.text('!');
          this.position = at + 1;
        }
        return;
      case '[':
        this.nodes.push({ type: 'bracket', image: false, active: true });
        this.position = at + 1;
        return;
      case ']':
        this.position = at + 1;
        return this.closeBracket();
      case '<': {
        const rest = source.slice(at, at + 2100);
        const link = AUTOLINK.exec(rest);
        const email = link ? undefined : EMAIL.exec(rest);
        if (link || email) {
          const text = (link ?? email)![1]!;
          this.nodes.push({ type: 'link', href: link ? text : `mailto:${text}`, title: undefined, children: [text] });
          this.position = at + (link ?? email)![0].length;
        } else {
          this.text('<');
          this.position = at + 1;
        }
        return;
      }
      case '&': {
        const entity = ENTITY.exec(source.slice(at, at + 40));
        if (entity) {
          this.text(decodeEntities(entity[0]));
          this.position = at + entity[0].length;
        } else {
          this.text('&');
          this.position = at + 1;
        }
        return;
      }
      case '\n': {
        // A line break in an answer is shown as one (as chat interfaces and GitHub comments do); two trailing
        // spaces make no difference then.
        const last = this.nodes.at(-1);
        if (typeof last === 'string') this.nodes[this.nodes.length - 1] = last.replace(/ +$/, '');
        this.nodes.push({ type: 'br' });
        this.position = skipIndent(source, at + 1);
        return;
      }
    }
  }

  private bareUrl(): void {
    const { source } = this;
    const at = this.position;
    const match = BARE_URL.exec(source.slice(at, at + 2100));
    if (!match) {
      this.text(source.slice(at, (this.position = source.indexOf('//', at) + 2)));
      return;
    }
    let url = match[0];
    // Trailing punctuation ends the sentence, not the URL; a closing parenthesis only when unbalanced.
    while (/[?!.,:;*_~'"]$/.test(url) || (url.endsWith(')') && count(url, '(') < count(url, ')'))) url = url.slice(0, -1);
    const inLink = this.nodes.some((node) => isBracket(node) && node.active && !node.image);
    if (inLink || url.length <= 8) {
      this.text(url);
    } else {
      this.nodes.push({ type: 'link', href: url, title: undefined, children: [url] });
    }
    this.position = at + url.length;
  }

  private closeBracket(): void {
    let openerIndex = -1;
    for (let index = this.nodes.length - 1; index >= 0; index--) {
      if (isBracket(this.nodes[index])) {
        openerIndex = index;
        break;
      }
    }
    const opener = this.nodes[openerIndex] as Bracket | undefined;
    if (!opener || !opener.active) {
      if (opener) this.nodes[openerIndex] = opener.image ? '![' : '[';
      return this.text(']');
    }
    const target = this.inlineTarget() ?? this.referenceTarget(openerIndex);
    if (!target) {
      this.nodes[openerIndex] = opener.image ? '![' : '[';
      return this.text(']');
    }
    const inner = this.nodes.splice(openerIndex + 1);
    this.nodes.pop(); // the opener
    processEmphasis(inner, 0);
    const children = toInlines(inner);
    if (opener.image) {
      this.nodes.push({ type: 'image', src: target.href, alt: plainText(children), title: target.title });
    } else {
      this.nodes.push({ type: 'link', href: target.href, title: target.title, children });
      // No links inside links: earlier openers can no longer make one.
      for (const node of this.nodes) if (isBracket(node) && !node.image) node.active = false;
    }
  }

  /** `(destination "title")` right after the `]`. */
  private inlineTarget(): { href: string; title: string | undefined } | undefined {
    const { source } = this;
    if (source[this.position] !== '(') return undefined;
    let at = skipSpace(source, this.position + 1);
    let href = '';
    if (source[at] === '<') {
      const end = source.slice(at + 1).search(/[<>\n]/);
      if (end === -1 || source[at + 1 + end] !== '>') return undefined;
      href = source.slice(at + 1, at + 1 + end);
      at += end + 2;
    } else {
      let depth = 0;
      const begin = at;
      for (; at < source.length; at++) {
        const char = source[at]!;
        if (char === '\\' && at + 1 < source.length) at++;
        else if (char === '(') depth++;
        else if (char === ')') {
          if (depth === 0) break;
          depth--;
        } else if (char <= ' ') break;
      }
      href = source.slice(begin, at);
    }
    const beforeTitle = at;
    at = skipSpace(source, at);
    let title: string | undefined;
    const quote = source[at];
    if (at > beforeTitle && (quote === '"' || quote === "'" || quote === '(')) {
      const closeChar = quote === '(' ? ')' : quote;
      let end = at + 1;
      for (; end < source.length && source[end] !== closeChar; end++) if (source[end] === '\\') end++;
      if (end >= source.length) return undefined;
      title = unescapeText(source.slice(at + 1, end));
      at = skipSpace(source, end + 1);
    }
    if (source[at] !== ')') return undefined;
    this.position = at + 1;
    return { href: unescapeText(href), title };
  }

  /** `[label]`, `[]` or nothing after the `]`: a reference to a definition. */
  private referenceTarget(openerIndex: number): { href: string; title: string | undefined } | undefined {
    const { source } = this;
    let label: string | undefined;
    let end = this.position;
    const full = /^\[((?:[^\]\\[]|\\.){0,999})\]/.exec(source.slice(this.position, this.position + 1005));
    if (full && full[1]!.trim() !== '') {
      label = full[1];
      end += full[0].length;
    } else {
      if (full) end += 2;
      label = plainText(toInlines(this.nodes.slice(openerIndex + 1)));
    }
    const definition = this.context.definitions.get(normalizeLabel(label!));
    if (!definition) {
      if (full || label!.trim() !== '') this.context.unresolved = true;
      return undefined;
    }
    this.position = end;
    return definition;
  }
}

export function plainText(nodes: readonly Inline[]): string {
  let text = '';
  for (const node of nodes) {
    if (typeof node === 'string') text += node;
    else if (node.type === 'code') text += node.text;
    else if (node.type === 'image') text += node.alt;
    else if (node.type === 'br') text += ' ';
    else text += plainText(node.children);
  }
  return text;
}

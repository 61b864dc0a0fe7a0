/**
 * HTML character references, decoded the way CommonMark does in text, link destinations and titles. Only the
 * result is ever used, as text or as a URL that is checked afterwards, so an entity can never smuggle markup
 * or a scheme past the checks: `jav&#x61;script:` decodes to `javascript:` *before* the URL policy looks at it.
 *
 * The named table is a small subset (the ones that matter for URLs, and a few that models write); an unknown
 * name stays as written, and a URL containing it is then a harmless relative path.
 */
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', colon: ':', tab: '\t', newline: '\n',
  sol: '/', lpar: '(', rpar: ')', period: '.', hellip: '…', mdash: '—', ndash: '–', copy: '©', rarr: '→',
};

const REFERENCE = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,31}));/g;

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (match, decimal: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED[name] ?? match;
    const code = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex!, 16);
    // NUL, surrogates and values past Unicode become U+FFFD, as in CommonMark.
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
    return String.fromCodePoint(code);
  });
}

/**
 * A small syntax highlighter, loaded only when an answer contains a fenced code block with a language (a
 * separate chunk: `lazy.ts`). It imports nothing, so the chunk stands alone. It returns tokens, not HTML:
 * the widget makes a `<span class="hl-…">` with text for each, so the code stays text whatever it contains.
 *
 * Coverage is deliberately broad and shallow (comments, strings, numbers, keywords, literals) for the
 * languages answers tend to contain; anything else is shown plain.
 */
export type Token = [kind: string | undefined, text: string];

type Rules = [kind: string, pattern: RegExp][];

const words = (list: string) => new RegExp(`\\b(?:${list.split(' ').join('|')})\\b`);
const number = /\b(?:0[xX][\da-fA-F_]+|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?)\b/;
const doubleQuoted = /"(?:\\.|[^"\\\n])*"/;
const singleQuoted = /'(?:\\.|[^'\\\n])*'/;
const cComment = /\/\/[^\n]*|\/\*[\s\S]*?\*\//;
const hashComment = /#[^\n]*/;
const literals = words('true false null undefined None True False nil NaN Infinity this self');

const cLike = (keywords: string, extra: Rules = []): Rules => [
  ['comment', cComment],
  ...extra,
  ['string', doubleQuoted],
  ['string', singleQuoted],
  ['literal', literals],
  ['keyword', words(keywords)],
  ['number', number],
];

const JS_KEYWORDS =
  'async await break case catch class const continue default delete do else export extends finally for from function if import in instanceof let new of return static super switch throw try typeof var void while yield interface type enum implements private protected public readonly as declare namespace abstract';

const LANGUAGES: Record<string, Rules> = {
  js: cLike(JS_KEYWORDS, [['string', /`(?:\\.|[^`\\])*`/]]),
  python: [
    ['comment', hashComment],
    ['string', /"""[\s\S]*?"""|'''[\s\S]*?'''/],
    ['string', doubleQuoted],
    ['string', singleQuoted],
    ['literal', literals],
    ['keyword', words('and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case')],
    ['number', number],
  ],
  bash: [
    ['comment', /(?:^|\s)#[^\n]*/],
    ['string', doubleQuoted],
    ['string', singleQuoted],
    ['keyword', words('if then else elif fi for while until do done case esac function in return export local sudo')],
    ['literal', /\$\{?[\w@#?*!-]+\}?/],
    ['number', number],
  ],
  json: [
    ['keyword', /"(?:\\.|[^"\\\n])*"(?=\s*:)/],
    ['string', doubleQuoted],
    ['literal', words('true false null')],
    ['number', /-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b/],
  ],
  css: [
    ['comment', /\/\*[\s\S]*?\*\//],
    ['string', doubleQuoted],
    ['string', singleQuoted],
    ['keyword', /@[\w-]+|[\w-]+(?=\s*:)/],
    ['number', /-?\b\d+(?:\.\d+)?(?:%|[a-z]+)?\b|#[\da-fA-F]{3,8}\b/],
  ],
  html: [
    ['comment', /<!--[\s\S]*?-->/],
    ['keyword', /<\/?[\w-]+|\/?>/],
    ['string', doubleQuoted],
    ['string', singleQuoted],
    ['literal', /\b[\w-]+(?==)/],
  ],
  sql: [
    ['comment', /--[^\n]*|\/\*[\s\S]*?\*\//],
    ['string', singleQuoted],
    ['keyword', /\b(?:select|from|where|and|or|not|insert|into|values|update|set|delete|create|table|drop|alter|join|left|right|inner|outer|on|group|by|order|having|limit|as|distinct|union|null|is|in|like|primary|key|index)\b/i],
    ['number', number],
  ],
  c: cLike(
    'auto break case catch char class const continue default delete do double else enum extern float for goto if int long namespace new private protected public return short signed sizeof static struct switch template throw try typedef union unsigned using virtual void volatile while func package import var type go defer chan map range fn let mut impl trait pub use mod match loop where crate def end module require elsif unless begin rescue ensure yield lambda fun val when object data override interface extends implements final string bool',
  ),
};

const ALIASES: Record<string, string> = {
  javascript: 'js', jsx: 'js', ts: 'js', typescript: 'js', tsx: 'js', mjs: 'js', cjs: 'js',
  py: 'python', python3: 'python',
  sh: 'bash', shell: 'bash', zsh: 'bash', console: 'bash', shellscript: 'bash',
  jsonc: 'json', json5: 'json',
  scss: 'css', less: 'css',
  xml: 'html', svg: 'html', vue: 'html',
  postgres: 'sql', postgresql: 'sql', mysql: 'sql', sqlite: 'sql',
  cpp: 'c', 'c++': 'c', h: 'c', java: 'c', cs: 'c', csharp: 'c', 'c#': 'c', go: 'c', golang: 'c', rust: 'c', rs: 'c',
  kotlin: 'c', kt: 'c', swift: 'c', php: 'c', ruby: 'c', rb: 'c', dart: 'c', scala: 'c',
};

const compiled = new Map<string, RegExp>();

/** Tokens for `code` in `language`, or `undefined` for a language it does not know. */
export function highlight(code: string, language: string): Token[] | undefined {
  const name = ALIASES[language] ?? language;
  const rules = LANGUAGES[name];
  if (!rules) return undefined;
  let pattern = compiled.get(name);
  if (!pattern) {
    pattern = new RegExp(rules.map(([, rule]) => `(${rule.source})`).join('|'), `g${rules.some(([, rule]) => rule.flags.includes('i')) ? 'i' : ''}m`);
    compiled.set(name, pattern);
  }
  const tokens: Token[] = [];
  let last = 0;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(code); match; match = pattern.exec(code)) {
    if (match[0] === '') {
      pattern.lastIndex++;
      continue;
    }
    if (match.index > last) tokens.push([undefined, code.slice(last, match.index)]);
    const group = match.findIndex((value, index) => index > 0 && value !== undefined);
    tokens.push([rules[group - 1]![0], match[0]]);
    last = match.index + match[0].length;
  }
  if (last < code.length) tokens.push([undefined, code.slice(last)]);
  return tokens;
}

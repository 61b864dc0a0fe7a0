/** Small scanners over a markdown source string, by position. */

export function count(text: string, char: string): number {
  let total = 0;
  for (const current of text) if (current === char) total++;
  return total;
}

export function countRun(source: string, at: number, char: string): number {
  let end = at;
  while (source[end] === char) end++;
  return end - at;
}

export function findBacktickRun(source: string, from: number, length: number): number {
  for (let at = source.indexOf('`', from); at !== -1; at = source.indexOf('`', at)) {
    const run = countRun(source, at, '`');
    if (run === length) return at;
    at += run;
  }
  return -1;
}

export function skipSpace(source: string, at: number): number {
  while (at < source.length && (source[at] === ' ' || source[at] === '\t' || source[at] === '\n')) at++;
  return at;
}

export function skipIndent(source: string, at: number): number {
  while (source[at] === ' ' || source[at] === '\t') at++;
  return at;
}

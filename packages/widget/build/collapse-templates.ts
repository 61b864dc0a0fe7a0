/**
 * Lit's `html` and `svg` templates keep their source indentation through minification. Inside our templates a
 * run of whitespace that starts with a line break carries no meaning (no template holds `<pre>` text or a
 * `<textarea>` value), so each shrinks to one space. Only the static parts of tagged templates change:
 * expressions, strings and untagged template literals (whose line breaks are data, `split('\n')`) are
 * copied as they are. The scanner knows just enough JavaScript for our own source files.
 */
export function collapseTemplates(code: string): string {
  let output = '';
  let position = 0;
  const tag = /\b(?:html|svg)`/g;
  for (let match = tag.exec(code); match; match = tag.exec(code)) {
    if (match.index < position) continue;
    const start = match.index + match[0].length;
    output += code.slice(position, start);
    const [body, end] = template(code, start, true);
    output += body;
    position = end;
    tag.lastIndex = end;
  }
  return output + code.slice(position);
}

/**
 * A line break and its indentation between two tags, or between a tag and an expression, is dropped (it
 * would be a whitespace-only text node, which lays out as nothing in our flex and block containers); any
 * other becomes one space, as HTML would show it.
 */
function collapseStatic(text: string): string {
  return text
    .replace(/>\s*\n\s*</g, '><')
    .replace(/>\s*\n\s*$/, '>')
    .replace(/^\s*\n\s*</, '<')
    .replace(/\n\s*/g, ' ');
}

/** From just after an opening backtick to just after the closing one: [the text, the position after it]. */
function template(code: string, start: number, collapse: boolean): [string, number] {
  let output = '';
  let staticText = '';
  let index = start;
  const flush = () => {
    output += collapse ? collapseStatic(staticText) : staticText;
    staticText = '';
  };
  while (index < code.length) {
    const char = code[index]!;
    if (char === '\\') {
      staticText += code.slice(index, index + 2);
      index += 2;
    } else if (char === '`') {
      flush();
      return [`${output}\``, index + 1];
    } else if (char === '$' && code[index + 1] === '{') {
      flush();
      const [expression, end] = expressionUntilBrace(code, index + 2);
      output += `\${${expression}}`;
      index = end;
    } else {
      staticText += char;
      index++;
    }
  }
  throw new Error('unterminated template literal');
}

/** A `${…}` expression, nested templates processed: [the text, the position after the closing brace]. */
function expressionUntilBrace(code: string, start: number): [string, number] {
  let output = '';
  let depth = 0;
  let index = start;
  while (index < code.length) {
    const char = code[index]!;
    if (char === '}' && depth === 0) return [output, index + 1];
    if (char === '{') depth++;
    if (char === '}') depth--;
    if (char === "'" || char === '"') {
      let end = index + 1;
      while (end < code.length && code[end] !== char) end += code[end] === '\\' ? 2 : 1;
      output += code.slice(index, end + 1);
      index = end + 1;
      continue;
    }
    if (char === '`') {
      const tagged = /\b(?:html|svg)$/.test(output);
      const [body, end] = template(code, index + 1, tagged);
      output += `\`${body}`;
      index = end;
      continue;
    }
    output += char;
    index++;
  }
  throw new Error('unterminated template expression');
}

import { expect } from '@open-wc/testing';
import { MarkdownView } from './markdown-view.js';
import type { MarkdownOptions } from './render.js';

const options: MarkdownOptions = {
  baseUrl: 'https://shop.example/page',
  imageOrigins: ['https://images.example'],
  labels: { copy: 'Copy', copied: 'Copied', image: 'Image' },
};

function html(text: string, streaming = false): string {
  const view = new MarkdownView(options);
  view.update(text, streaming);
  return view.element.innerHTML;
}

/** Feed `text` in pieces of `size` characters, as a stream, then end it. */
function streamed(text: string, size: number, inspect?: (view: MarkdownView) => void): MarkdownView {
  const view = new MarkdownView(options);
  for (let end = size; end < text.length + size; end += size) {
    view.update(text.slice(0, end), true);
    inspect?.(view);
  }
  view.update(text, false);
  return view;
}

const codeBlock = (language: string, code: string) =>
  `<div class="code-block" part="code-block"><div class="code-header"><span class="code-language">${language}</span><button class="copy-code" type="button" part="copy-code-button">Copy</button></div><pre tabindex="0"><code${language ? ` class="language-${language}"` : ''}>${code}</code></pre></div>`;

describe('markdown', () => {
  it('paragraphs, emphasis, strong, strikethrough, inline code and line breaks', () => {
    expect(html('Hello *world* and **bold** and ~~gone~~ and `x < y`.\nNext line\n\nSecond')).to.equal(
      '<p>Hello <em>world</em> and <strong>bold</strong> and <del>gone</del> and <code>x &lt; y</code>.<br>Next line</p><p>Second</p>',
    );
    expect(html('***both*** _under_ __strong__ 2*3*4 snake_case_name')).to.equal(
      '<p><em><strong>both</strong></em> <em>under</em> <strong>strong</strong> 2<em>3</em>4 snake_case_name</p>',
    );
  });

  it('headings, rules, blockquotes', () => {
    expect(html('# Title\n## Sub ##\nSetext\n---\n\n***\n> quoted **text**\nlazy\n\n> > nested')).to.equal(
      '<div class="heading h1">Title</div><div class="heading h2">Sub</div><div class="heading h2">Setext</div><hr><blockquote><p>quoted <strong>text</strong><br>lazy</p></blockquote><blockquote><blockquote><p>nested</p></blockquote></blockquote>',
    );
  });

  it('tight and loose lists, ordered with a start, nested', () => {
    expect(html('- one\n- two\n  - nested\n- three')).to.equal('<ul><li>one</li><li>two<ul><li>nested</li></ul></li><li>three</li></ul>');
    expect(html('3. a\n4. b')).to.equal('<ol start="3"><li>a</li><li>b</li></ol>');
    expect(html('1. a\n\n2. b')).to.equal('<ol><li><p>a</p></li><li><p>b</p></li></ol>');
    expect(html('Steps:\n1. Open\n2. Close\n\nDone.')).to.equal('<p>Steps:</p><ol><li>Open</li><li>Close</li></ol><p>Done.</p>');
  });

  it('tables with alignment, inside a scrolling wrapper', () => {
    expect(html('| Name | Price |\n| :--- | ---: |\n| Tea | $3 |\n| Coffee \\| beans | **$4** |')).to.equal(
      '<div class="table" tabindex="0"><table><thead><tr><th class="align-left">Name</th><th class="align-right">Price</th></tr></thead><tbody><tr><td class="align-left">Tea</td><td class="align-right">$3</td></tr><tr><td class="align-left">Coffee | beans</td><td class="align-right"><strong>$4</strong></td></tr></tbody></table></div>',
    );
    expect(html('Compare:\n| a | b |\n|---|---|\n| 1 | 2 |')).to.contain('<p>Compare:</p><div class="table" tabindex="0">');
  });

  it('fenced code blocks with a language label and a Copy button', () => {
    expect(html('```js\nconst a = "<b>";\n```\n\n~~~\nplain\n~~~')).to.equal(codeBlock('js', 'const a = "&lt;b&gt;";') + codeBlock('', 'plain'));
  });

  it('links: inline, titled, reference, collapsed, shortcut, autolink, email, bare URL; relative ones resolve', () => {
    const out = html(
      '[a](https://a.example) [b](</x y> "T") [c][ref] [ref][] [ref] <https://d.example> <me@mail.example> see https://e.example/path). [rel](/shipping)\n\n[ref]: https://r.example',
    );
    const anchors = (() => {
      const root = document.createElement('div');
      root.innerHTML = out;
      return [...root.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('rel'), a.getAttribute('target')]);
    })();
    expect(anchors).to.deep.equal([
      ['a', 'https://a.example/', 'noopener noreferrer', '_blank'],
      ['b', 'https://shop.example/xy', 'noopener noreferrer', '_blank'],
      ['c', 'https://r.example/', 'noopener noreferrer', '_blank'],
      ['ref', 'https://r.example/', 'noopener noreferrer', '_blank'],
      ['ref', 'https://r.example/', 'noopener noreferrer', '_blank'],
      ['https://d.example', 'https://d.example/', 'noopener noreferrer', '_blank'],
      ['me@mail.example', 'mailto:me@mail.example', 'noopener noreferrer', '_blank'],
      ['https://e.example/path', 'https://e.example/path', 'noopener noreferrer', '_blank'],
      ['rel', 'https://shop.example/shipping', 'noopener noreferrer', '_blank'],
    ]);
    expect(out).to.contain('title="T"');
  });

  it('images load only from allowed origins; others become a link the visitor may follow', () => {
    expect(html('![logo](https://images.example/logo.png)')).to.equal(
      '<p><img alt="logo" referrerpolicy="no-referrer" loading="lazy" src="https://images.example/logo.png"></p>',
    );
    expect(html('![chart](https://evil.example/c.png?q=secret)')).to.equal(
      '<p><a class="image-link" href="https://evil.example/c.png?q=secret" target="_blank" rel="noopener noreferrer">[Image: chart]</a></p>',
    );
  });

  it('raw HTML stays text', () => {
    expect(html('<b onclick="x()">hi</b> & <script>alert(1)</script>')).to.equal(
      '<p>&lt;b onclick="x()"&gt;hi&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;</p>',
    );
  });

  it('escapes and entities', () => {
    expect(html('\\*not em\\* &amp; &copy; &#65; &#x42; &bogus;')).to.equal('<p>*not em* &amp; © A B &amp;bogus;</p>');
  });

  it('shows unfinished markdown sensibly while streaming', () => {
    expect(html('Some **bold te', true)).to.equal('<p>Some <strong>bold te</strong></p>');
    expect(html('See [the docs](https://exa', true)).to.equal('<p>See the docs</p>');
    expect(html('Run `npm i', true)).to.equal('<p>Run <code>npm i</code></p>');
    expect(html('```python\nprint(1)\npri', true)).to.equal(codeBlock('python', 'print(1)\npri'));
    expect(html('| a | b |\n|---|---|\n| 1 | 2', true)).to.contain('<td>2</td>');
    // Not streaming: the same text is literal.
    expect(html('Some **bold te')).to.equal('<p>Some **bold te</p>');
  });

  it('streamed in any piece size, the result is the same as rendering the whole text', () => {
    const text = [
      '# Plan',
      'First paragraph with *emphasis*, a [link](https://a.example) and `code`.',
      '',
      '- item one',
      '- item two with **bold**',
      '  - nested',
      '',
      '1. first',
      '2. second',
      '',
      '```ts',
      'const x = 1;',
      'console.log(x);',
      '```',
      '',
      '| h1 | h2 |',
      '| -- | -- |',
      '| c1 | c2 |',
      '',
      '> quote line',
      '> more',
      '',
      'Last line with a ref [x][r] and ![img](https://evil.example/a.png).',
      '',
      '[r]: https://r.example',
    ].join('\n');
    const whole = html(text);
    for (const size of [1, 2, 3, 7, 16, 50]) expect(streamed(text, size).element.innerHTML, `piece size ${size}`).to.equal(whole);
  });

  it('freezes finished blocks: the text parsed again per update stays small however long the answer grows', () => {
    const paragraph = 'A sentence about coffee with **some** emphasis and a [link](https://a.example).\n\n';
    const text = paragraph.repeat(200) + '```js\n' + 'let value = 1;\n'.repeat(200) + '```\n\nThe end.';
    let longest = 0;
    const view = streamed(text, 5, (current) => {
      if (current.tailLength > longest && !text.slice(0, 0)) longest = Math.max(longest, current.tailLength);
    });
    expect(view.element.querySelectorAll('p').length).to.equal(201);
    // The tail is one paragraph at most, or the code block, which is extended in place rather than parsed to DOM.
    expect(longest).to.be.lessThan('let value = 1;\n'.length * 200 + 20);
    const tails: number[] = [];
    streamed(paragraph.repeat(200), 5, (current) => tails.push(current.tailLength));
    expect(Math.max(...tails)).to.be.lessThan(paragraph.length * 2);
  });

  it('keeps the code block element while it grows and only appends to it', () => {
    const view = new MarkdownView(options);
    view.update('```js\nline 1\n', true);
    const code = view.element.querySelector('code')!;
    view.update('```js\nline 1\nline 2\nli', true);
    expect(view.element.querySelector('code')).to.equal(code);
    expect(code.textContent).to.equal('line 1\nline 2\nli');
  });
});

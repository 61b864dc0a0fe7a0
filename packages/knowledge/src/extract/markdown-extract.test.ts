import { describe, expect, it } from 'vitest';
import { makePdf } from '../__fixtures__/make-pdf.js';
import { extractDocument, formatFromContentType, formatFromPath } from './extract-document.js';
import { extractMarkdown } from './markdown-extract.js';
import { extractText } from './text-extract.js';

describe('extractMarkdown', () => {
  it('reads front matter title, headings, lists and tables; inline markup becomes text', () => {
    const document = extractMarkdown(
      '---\ntitle: "Shipping rates"\nlayout: help\n---\n\n# Shipping\n\nWe ship **fast**, see [rates](rates.md).\n\n## Abroad\n\n- Canada: $19\n- UK: $29\n\n| Option | Cost |\n| --- | --- |\n| Standard | $5.95 |\n\n<script>alert(1)</script>\n',
      { url: 'shipping.md' },
    );
    expect(document.title).toBe('Shipping rates');
    expect(document.blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Shipping' },
      { kind: 'text', text: 'We ship fast, see rates.' },
      { kind: 'heading', level: 2, text: 'Abroad' },
      { kind: 'text', text: '- Canada: $19' },
      { kind: 'text', text: '- UK: $29' },
      { kind: 'text', text: 'Option | Cost' },
      { kind: 'text', text: 'Standard | $5.95' },
    ]);
  });

  it('falls back to the first heading, then to the given title', () => {
    expect(extractMarkdown('## Returns\n\ntext', { url: 'u' }).title).toBe('Returns');
    expect(extractMarkdown('just text', { url: 'u', fallbackTitle: 'notes' }).title).toBe('notes');
  });
});

describe('extractText', () => {
  it('splits paragraphs on blank lines and takes a short first line as the title', () => {
    expect(extractText('Store hours\n\nOpen daily\nfrom 8.\n\nClosed on holidays.', { url: 'u' })).toEqual({
      url: 'u',
      title: 'Store hours',
      blocks: [{ kind: 'text', text: 'Open daily from 8.' }, { kind: 'text', text: 'Closed on holidays.' }],
    });
    expect(extractText('One sentence only.', { url: 'u', fallbackTitle: 'file' }).title).toBe('file');
  });
});

describe('extractDocument', () => {
  it('reads PDF text and metadata title through unpdf', async () => {
    const document = await extractDocument(makePdf(['Warranty card', 'All kettles carry a one year warranty.'], 'Kettle warranty'), 'pdf', { url: 'w.pdf' });
    expect(document.title).toBe('Kettle warranty');
    expect(document.blocks.map((block) => block.text).join(' ')).toContain('All kettles carry a one year warranty.');
  });

  it('knows formats by extension and by content type', () => {
    expect(formatFromPath('a/b/Guide.MD')).toBe('markdown');
    expect(formatFromPath('image.png')).toBeUndefined();
    expect(formatFromContentType('text/html; charset=utf-8', 'https://x/a')).toBe('html');
    expect(formatFromContentType('text/plain', 'https://x/readme.md')).toBe('markdown');
    expect(formatFromContentType(null, 'https://x/file.pdf')).toBe('pdf');
    expect(formatFromContentType('image/png', 'https://x/a.png')).toBeUndefined();
  });
});

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { extractHtml } from './html-extract.js';

const samplePage = (path: string) => readFile(new URL(`../../sample/pages/${path}`, import.meta.url), 'utf8');
const allText = (blocks: Array<{ text: string }>) => blocks.map((block) => block.text).join('\n');

describe('extractHtml', () => {
  it('keeps the article and drops navigation, header, footer, asides, cookie banner, scripts and styles', async () => {
    const document = extractHtml(await samplePage('troubleshooting/aria-error-codes.html'), { url: 'https://help.example/aria' });
    const text = allText(document.blocks);
    expect(document.title).toBe('Aria error codes');
    expect(text).toContain('Fill the water tank');
    for (const chrome of ['Search help articles', 'Related articles', 'We use cookies', 'Subscribe to our newsletter', 'Was this article helpful', 'dataLayer', '.cookie-banner', 'Returns']) {
      expect(text).not.toContain(chrome);
    }
  });

  it('keeps headings with their levels and turns table rows into cells joined by |', async () => {
    const document = extractHtml(await samplePage('troubleshooting/aria-error-codes.html'), { url: 'u' });
    expect(document.blocks.filter((block) => block.kind === 'heading')).toEqual([
      { kind: 'heading', level: 1, text: 'Aria error codes' },
      { kind: 'heading', level: 2, text: 'What each code means' },
      { kind: 'heading', level: 2, text: 'The display stays blank' },
    ]);
    expect(document.blocks).toContainEqual({ kind: 'text', text: 'E2 | Boiler overheated | Switch the machine off and let it cool for 30 minutes. This often happens after steaming with an almost empty tank.' });
  });

  it('finds the content of a page without landmarks (Readability) and still drops its chrome', async () => {
    const document = extractHtml(await samplePage('stores/store-locations-and-hours.html'), { url: 'u' });
    const text = allText(document.blocks);
    expect(document.title).toBe('Our stores and opening hours');
    expect(text).toContain('415 East Pine Street');
    expect(document.blocks).toContainEqual({ kind: 'heading', level: 2, text: 'Seattle — Capitol Hill' });
    for (const chrome of ['Browse topics', 'This site uses cookies', 'Help home', 'analytics']) expect(text).not.toContain(chrome);
  });

  it('marks list items and keeps inline text together', () => {
    const document = extractHtml(
      '<main><h2>Steps</h2><ol><li>Open <b>Account</b> › Orders</li><li>Choose <a href="#">Start a return</a><ul><li>nested</li></ul></li></ol><p>Done.<br>Really.</p></main>',
      { url: 'u' },
    );
    expect(document.blocks).toEqual([
      { kind: 'heading', level: 2, text: 'Steps' },
      { kind: 'text', text: '- Open Account › Orders' },
      { kind: 'text', text: '- Choose Start a return' },
      { kind: 'text', text: '- nested' },
      { kind: 'text', text: 'Done. Really.' },
    ]);
    expect(document.title).toBe('Steps');
  });

  it('uses <title> when the page has no h1, and keeps an article header inside main', () => {
    const document = extractHtml(
      '<html><head><title>Gift cards</title></head><body><main><article><header><h2>Buying</h2></header><p>From $25.</p></article></main></body></html>',
      { url: 'u' },
    );
    expect(document.title).toBe('Gift cards');
    expect(document.blocks).toEqual([{ kind: 'heading', level: 2, text: 'Buying' }, { kind: 'text', text: 'From $25.' }]);
  });

  it('does not mistake a layout wrapper named after its sidebar for chrome', () => {
    const document = extractHtml('<body><div class="with-sidebar"><div class="sidebar">Menu</div><h1>Hours</h1><p>Open daily.</p></div></body>', { url: 'u' });
    expect(allText(document.blocks)).toBe('Hours\nOpen daily.');
  });
});

import { expect, waitUntil } from '@open-wc/testing';
import type { ChatWidget } from './chat-widget.js';
import { outsideRequests } from './test/network.js';

/**
 * The real one-file build (`dist/sitechat.js`, so run `pnpm build` first) on pages served with a strict
 * Content-Security-Policy: `default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; …`,
 * no 'unsafe-inline', no 'unsafe-eval'. The widget renders styled, streams a markdown answer from the page's
 * origin, and loads its lazy chunks (a locale, the highlighter) from next to its script, with no violation.
 */
async function loadPage(path: string): Promise<{ frame: HTMLIFrameElement; widget: ChatWidget; window: Window & { __violations: string[] } }> {
  const build = await fetch('/dist/sitechat.js', { method: 'HEAD' });
  if (!build.ok) throw new Error('dist/sitechat.js is missing: run `pnpm --filter @sitechat/widget build` before the tests');
  const frame = document.createElement('iframe');
  frame.style.width = '600px';
  frame.style.height = '700px';
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = path;
  document.body.append(frame);
  await loaded;
  const frameWindow = frame.contentWindow as Window & { __violations: string[] };
  await waitUntil(() => frameWindow.customElements.get('chat-widget') !== undefined, 'sitechat.js defines <chat-widget>');
  const widget = frame.contentDocument!.querySelector('chat-widget') as ChatWidget;
  await widget.updateComplete;
  return { frame, widget, window: frameWindow };
}

describe('strict Content-Security-Policy and the one-file build', () => {
  it('the test pages really are served with the strict policy', async () => {
    const response = await fetch('/csp/page.html');
    const policy = response.headers.get('content-security-policy')!;
    expect(policy).to.contain("script-src 'self'");
    expect(policy).to.contain("style-src 'self'");
    expect(policy).to.not.contain('unsafe-inline');
    expect(policy).to.not.contain('unsafe-eval');
  });

  it('renders styled, streams markdown, loads the German catalogue, the markdown renderer and the highlighter, with no violation', async () => {
    await outsideRequests(true);
    const { frame, widget, window: frameWindow } = await loadPage('/csp/page.html');
    try {
      const root = widget.shadowRoot!;
      expect(getComputedStyle(root.querySelector('[part="header"]')!).backgroundColor).to.equal('rgb(37, 99, 235)');
      // <html lang="de">: the German catalogue is a separate file, imported on demand.
      await waitUntil(() => root.querySelector<HTMLTextAreaElement>('[part="input"]')!.placeholder === 'Stellen Sie eine Frage…', 'the German chunk loads');
      await widget.send('Wie brühe ich?');
      await waitUntil(() => root.querySelector('.hl-keyword') !== null, 'the highlighter chunk loads and colours the code');
      expect(root.querySelector('[part~="message-assistant"] .heading')!.textContent).to.equal('Brewing guide');
      expect(root.querySelector('[part~="message-assistant"] a')!.getAttribute('href')).to.equal('https://example.com/brew');
      expect(root.querySelector('.hl-keyword')!.textContent).to.equal('const');
      const chunks = frameWindow.performance
        .getEntriesByType('resource')
        .map((entry) => new URL(entry.name).pathname)
        .filter((path) => path.includes('/chunks/'));
      expect(chunks).to.include.members(['/dist/chunks/locale-de.js', '/dist/chunks/markdown.js', '/dist/chunks/highlight.js']);
      expect(frameWindow.__violations).to.deep.equal([]);
      expect(await outsideRequests()).to.deep.equal([]);
    } finally {
      frame.remove();
    }
  });

  it('works as <script type="module"> too, with the chunks folder named by data-sitechat-chunks', async () => {
    const { frame, widget, window: frameWindow } = await loadPage('/csp/module.html');
    try {
      const root = widget.shadowRoot!;
      await waitUntil(() => root.querySelector('[part="title"]')!.textContent === 'チャット', 'the Japanese chunk loads');
      expect(frameWindow.__violations).to.deep.equal([]);
    } finally {
      frame.remove();
    }
  });
});

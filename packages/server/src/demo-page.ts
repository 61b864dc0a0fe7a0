/**
 * The page `sitechat start` serves at `/` when no `--site` folder is given: enough to try the assistant
 * straight away. `origin` is this server's, so that the snippet on it can be copied as it is.
 */
export const demoPage = (origin: string): string => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Sitechat</title>
    <style>
      body { font: 1rem/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; }
    </style>
  </head>
  <body>
    <h1>Sitechat is running</h1>
    <p>This is a demo page. The chat in the corner talks to this server's <code>POST /api/chat</code>.</p>
    <p>To put it on your own site, add:</p>
    <pre><code>&lt;script src="${escapeHtml(origin)}/sitechat.js" defer&gt;&lt;/script&gt;
&lt;chat-widget&gt;&lt;/chat-widget&gt;</code></pre>
    <p>Serve your own pages from here with <code>sitechat start --site ./your-site</code>.</p>
    <chat-widget></chat-widget>
    <script src="/sitechat.js" defer></script>
  </body>
</html>
`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

// Generates help/**.html (the help centre's articles, not committed) from the sample knowledge base in
// packages/knowledge/sample/pages, the content `pnpm eval` measures retrieval on. `pnpm build` runs it; or:
//   node examples/help-centre/build-pages.mjs
// Each article gets the site's header, breadcrumb, section menu and footer around its <main>, as a real
// help centre would: `sitechat ingest` has to find the article inside them.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const samples = join(here, '../../packages/knowledge/sample/pages');
const output = join(here, 'help');
// marked is a dependency of @sitechat/knowledge; this script borrows it rather than being a package itself.
const { marked } = await import(createRequire(join(samples, '../../package.json')).resolve('marked'));

const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const sectionName = (section) => section[0].toUpperCase() + section.slice(1);

async function article(file) {
  const text = await readFile(join(samples, file), 'utf8');
  if (file.endsWith('.md')) {
    const markdown = text.replace(/^---\n[\s\S]*?\n---\n/, '');
    const title = markdown.match(/^# (.+)$/m)?.[1] ?? file;
    return { title, body: marked.parse(markdown, { async: false }) };
  }
  // The few HTML samples: keep their main content, leave their own header and footer behind.
  const title = text.match(/<h1[^>]*>([\s\S]*?)<\/h1>/)?.[1].trim() ?? file;
  const main = text.match(/<main[^>]*>([\s\S]*?)<\/main>/)?.[1] ?? text;
  return { title, body: main.replace(/<form[\s\S]*?<\/form>/g, '').trim() };
}

function page({ title, body, section, pages, depth }) {
  const root = '../'.repeat(depth);
  const menu = pages.map((entry) => `<li><a href="${root}help/${entry.path}">${escape(entry.title)}</a></li>`).join('');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escape(title)} | Fernhill Help Centre</title>
    <link rel="stylesheet" href="${root}styles.css" />
  </head>
  <body>
    <header class="site"><a class="brand" href="${root}index.html">Fernhill Help Centre</a><nav><a href="${root}index.html">All topics</a><a href="${root}help/company/contact-us.html">Contact</a></nav></header>
    <div class="layout">
      <aside class="sidebar" aria-label="${sectionName(section)}"><h2>${sectionName(section)}</h2><ul>${menu}</ul></aside>
      <main>
        <nav class="breadcrumb" aria-label="Breadcrumb"><a href="${root}index.html">Help</a> › ${sectionName(section)}</nav>
        <article>
${body}
        </article>
      </main>
    </div>
    <footer>© Fernhill Coffee Co. · <a href="${root}help/policies/privacy-policy.html">Privacy</a> · <a href="${root}help/policies/cookie-policy.html">Cookies</a></footer>
    <script src="/sitechat.js" defer></script>
    <chat-widget title="Fernhill help" placeholder="Ask about orders, machines, coffee…"></chat-widget>
  </body>
</html>
`;
}

const files = (await readdir(samples, { recursive: true })).filter((file) => /\.(md|html)$/.test(file)).sort();
const articles = await Promise.all(
  files.map(async (file) => ({ file, path: file.replace(/\.md$/, '.html'), section: file.split('/')[0], ...(await article(file)) })),
);
await rm(output, { recursive: true, force: true });
for (const entry of articles) {
  const pages = articles.filter((other) => other.section === entry.section);
  const target = join(output, entry.path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, page({ ...entry, pages, depth: entry.path.split('/').length }));
}

const sections = [...new Set(articles.map((entry) => entry.section))];
const topics = sections
  .map((section) => {
    const links = articles.filter((entry) => entry.section === section).map((entry) => `<li><a href="help/${entry.path}">${escape(entry.title)}</a></li>`);
    return `      <section><h2>${sectionName(section)}</h2><ul>${links.join('')}</ul></section>`;
  })
  .join('\n');
const index = await readFile(join(here, 'index.html'), 'utf8');
await writeFile(join(here, 'index.html'), index.replace(/(<!-- topics -->)[\s\S]*(<!-- \/topics -->)/, `$1\n${topics}\n      $2`));
console.log(`${articles.length} articles in ${relative(process.cwd(), output)}`);

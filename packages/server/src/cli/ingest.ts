/**
 * Node-only: `sitechat ingest`, which brings the knowledge index in line with the site's content, from the
 * configured sources or from flags (docs/knowledge.md).
 */
import { rm } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import {
  fileIngestJournal,
  folderSource,
  type IngestReport,
  type KnowledgeSource,
  RobotsUnavailableError,
  SitemapUnavailableError,
  sitemapSource,
  urlSource,
} from '@sitechat/knowledge';
import { configuredSource, describeSource } from '../knowledge/configured-sources.js';
import { openKnowledge, type OpenedKnowledge } from '../knowledge/open-knowledge.js';
import { loadCommandConfig, parseCommandLine, usageError } from './command-line.js';
import { formatReport, journalPath, type IngestCommandContext } from './ingest-output.js';
import { progressBar } from './progress-bar.js';

export type { IngestCommandContext } from './ingest-output.js';

export const INGEST_USAGE = `Usage: sitechat ingest [options]

Brings the knowledge index in line with your content: new and changed pages are indexed, unchanged ones are
left alone, pages that are gone are removed. An interrupted run (Ctrl-C) resumes where it stopped.

  sitechat ingest                                   every enabled source of the configuration
  sitechat ingest --source help                     one configured source (repeat for several)
  sitechat ingest --folder ./help --base-url https://example.com/help/
  sitechat ingest --sitemap https://example.com     your own site, from its sitemap (robots.txt respected)
  sitechat ingest --url https://example.com/faq --url https://example.com/pricing

Options:
  --source <name>     a source from knowledge.sources (also a disabled one)
  --folder <dir>      Markdown, HTML, text and PDF files under this folder
  --base-url <url>    where --folder is published: citation links are this plus each file's path
  --sitemap <url>     the site (or its sitemap.xml); one host only
  --url <url>         one page (repeat for several, all on one host)
  --name <name>       the source name for --folder, --sitemap or --url (default: the folder's name, the
                      site's host, or "pages"); the same name replaces that source's pages
  --restart           forget an interrupted run and start the source over
  --config <file>     config file (default: sitechat.config.* in the current folder)
  -h, --help          show this help

The index is the one the server uses: knowledge.path (default .sitechat/knowledge.db), or PostgreSQL
(knowledge.url, or DATABASE_URL). Exit status 1 when a site's robots.txt or sitemap could not be read (that
source is left as it was) or a setting is wrong.`;

interface Job {
  source: KnowledgeSource;
  description: string;
}

const syntax = {
  options: {
    source: { type: 'string', multiple: true },
    folder: { type: 'string' },
    'base-url': { type: 'string' },
    sitemap: { type: 'string' },
    url: { type: 'string', multiple: true },
    name: { type: 'string' },
    restart: { type: 'boolean' },
    config: { type: 'string' },
  },
  usage: INGEST_USAGE,
} as const;

const fail = (context: IngestCommandContext, message: string): number => usageError(context, syntax, message);

const isHttpUrl = (value: string) => /^https?:\/\/[^/]/i.test(value) && URL.canParse(value);
const SOURCE_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

/** Runs `sitechat ingest`; resolves to the exit code. */
export async function ingestCommand(argv: readonly string[], context: IngestCommandContext): Promise<number> {
  const parsed = parseCommandLine(argv, context, syntax);
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const adHoc = [values.folder, values.sitemap, values.url].filter((value) => value !== undefined).length;
  if (adHoc > 1) return fail(context, 'Give one of --folder, --sitemap or --url at a time.');
  if (adHoc === 1 && values.source !== undefined) return fail(context, '--source ingests configured sources; it cannot be combined with --folder, --sitemap or --url.');
  if (values['base-url'] !== undefined && values.folder === undefined) return fail(context, '--base-url goes with --folder.');
  if (values.name !== undefined && adHoc === 0) return fail(context, '--name goes with --folder, --sitemap or --url.');
  if (values.name !== undefined && !SOURCE_NAME.test(values.name)) return fail(context, `--name: must be 1-64 letters, digits, ".", "_" or "-" (got "${values.name}").`);
  for (const [flag, value] of [['--base-url', values['base-url']], ['--sitemap', values.sitemap], ...(values.url ?? []).map((url) => ['--url', url])] as const) {
    if (value !== undefined && !isHttpUrl(value)) return fail(context, `${flag}: must be an http:// or https:// URL (got "${value}").`);
  }

  const loaded = await loadCommandConfig(context, values.config);
  if (typeof loaded === 'number') return loaded;
  const { config } = loaded;
  const configured = config.knowledge !== undefined;
  const settings = config.knowledge ?? { path: '.sitechat/knowledge.db', sources: {}, passages: 5, minScore: 0.5 };
  const fetchOption = context.fetch === undefined ? {} : { fetch: context.fetch };

  const jobs: Job[] = [];
  if (values.folder !== undefined) {
    const path = resolve(context.cwd, values.folder);
    const name = values.name ?? (basename(path).replace(/[^a-z0-9._-]/gi, '-').replace(/^[^a-z0-9]+/i, '') || 'files');
    jobs.push({ source: folderSource({ name, path, ...(values['base-url'] === undefined ? {} : { baseUrl: values['base-url'] }) }), description: `folder ${values.folder}` });
  } else if (values.sitemap !== undefined) {
    jobs.push({ source: sitemapSource({ url: values.sitemap, ...(values.name === undefined ? {} : { name: values.name }), ...fetchOption }), description: `sitemap of ${values.sitemap}` });
  } else if (values.url !== undefined) {
    jobs.push({ source: urlSource({ urls: values.url, ...(values.name === undefined ? {} : { name: values.name }), ...fetchOption }), description: `${values.url.length} page(s)` });
  } else {
    const names = values.source ?? Object.keys(settings.sources).filter((name) => settings.sources[name]!.enabled);
    const unknown = names.filter((name) => settings.sources[name] === undefined);
    if (unknown.length > 0) {
      const known = Object.keys(settings.sources);
      context.err(`Unknown source${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. ${known.length ? `Configured: ${known.join(', ')}.` : 'knowledge.sources is empty.'}`);
      return 1;
    }
    if (names.length === 0) {
      context.err(
        Object.keys(settings.sources).length === 0
          ? `Nothing to ingest: add sources to knowledge.sources in the configuration, or use --folder, --sitemap or --url.\n\n${INGEST_USAGE}`
          : 'Nothing to ingest: every configured source is disabled (enabled: false). Name one with --source to ingest it anyway.',
      );
      return 1;
    }
    for (const name of names) {
      const source = settings.sources[name]!;
      jobs.push({ source: configuredSource(name, source, { cwd: context.cwd, ...fetchOption }), description: describeSource(source) });
    }
  }

  let opened: OpenedKnowledge;
  try {
    opened = (await openKnowledge({ ...config, knowledge: settings }, { cwd: context.cwd, ...fetchOption }))!;
  } catch (error) {
    // Never the URL itself: it usually carries a password.
    context.err(`Cannot open the knowledge index: ${String((error as { code?: unknown }).code ?? (error as Error).name)}.`);
    return 1;
  }

  // Ctrl-C stops at the page in flight; the journal lets the next run resume there.
  const controller = new AbortController();
  const signal = context.signal === undefined ? controller.signal : AbortSignal.any([context.signal, controller.signal]);
  const interrupt = () => controller.abort();
  if (context.signal === undefined) process.once('SIGINT', interrupt);
  let exitCode = 0;
  try {
    context.out(`Knowledge index: ${opened.where}`);
    for (const job of jobs) {
      const journal = journalPath(context.cwd, job.source.name);
      if (values.restart) await rm(journal, { force: true });
      const bar = progressBar(context.progress ?? process.stderr, { label: `Ingesting ${job.source.name}`, unit: 'pages', minTotal: 1 });
      let report: IngestReport;
      try {
        report = await opened.base.ingest(job.source, {
          journal: fileIngestJournal(journal),
          signal,
          onProgress: ({ processed, total }) => bar.update(processed, total ?? processed),
        });
      } catch (error) {
        if (signal.aborted) {
          context.err(`Interrupted: run the same command again to resume "${job.source.name}" where it stopped.`);
          return 130;
        }
        if (error instanceof RobotsUnavailableError || error instanceof SitemapUnavailableError) {
          context.err(`${job.source.name}: ${error.message}. Nothing was changed for this source; try again later.`);
          exitCode = 1;
          continue;
        }
        throw error;
      } finally {
        bar.done();
      }
      context.out(formatReport(report, job.description));
    }
  } finally {
    process.removeListener('SIGINT', interrupt);
    await opened.close();
  }
  if (!configured) {
    context.err('\nKnowledge is not on in the configuration, so `sitechat start` will not use this index: add "knowledge": {} to sitechat.config.json (docs/knowledge.md).');
  }
  return exitCode;
}

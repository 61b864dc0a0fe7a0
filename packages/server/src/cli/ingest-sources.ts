/**
 * Node-only: `sitechat sources`, the knowledge sources with their page and passage counts and whether
 * answers may use them.
 */
import { describeSource } from '../knowledge/configured-sources.js';
import { openKnowledge, type OpenedKnowledge } from '../knowledge/open-knowledge.js';
import { loadCommandConfig, parseCommandLine } from './command-line.js';
import type { IngestCommandContext } from './ingest-output.js';

export const SOURCES_USAGE = `Usage: sitechat sources [--config <file>] [--json]

Lists the knowledge sources: the configured ones and any other in the index (from sitechat ingest --folder,
--sitemap or --url), with their pages and passages, and whether answers use them (knowledge.sources.<name>.enabled).`;

interface SourceRow {
  name: string;
  enabled: boolean;
  pages: number;
  passages: number;
  from: string;
}

function table(rows: readonly SourceRow[]): string[] {
  const header = ['source', 'answers', 'pages', 'passages', 'from'];
  const cells = rows.map((row) => [row.name, row.enabled ? 'enabled' : 'disabled', String(row.pages), String(row.passages), row.from]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => cell[column]!.length)));
  const line = (cell: string[]) =>
    cell.map((value, column) => (column === 2 || column === 3 ? value.padStart(widths[column]!) : value.padEnd(widths[column]!))).join('  ').trimEnd();
  return [line(header), ...cells.map(line)];
}

/** Runs `sitechat sources`; resolves to the exit code. */
export async function sourcesCommand(argv: readonly string[], context: IngestCommandContext): Promise<number> {
  const parsed = parseCommandLine(argv, context, { options: { config: { type: 'string' }, json: { type: 'boolean' } }, usage: SOURCES_USAGE });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const loaded = await loadCommandConfig(context, values.config);
  if (typeof loaded === 'number') return loaded;
  const { config } = loaded;
  if (config.knowledge === undefined) {
    context.err('Knowledge is off: there is no "knowledge" section in the configuration (docs/knowledge.md).');
    return 1;
  }
  let opened: OpenedKnowledge;
  try {
    opened = (await openKnowledge(config, { cwd: context.cwd }))!;
  } catch (error) {
    context.err(`Cannot open the knowledge index: ${String((error as { code?: unknown }).code ?? (error as Error).name)}.`);
    return 1;
  }
  try {
    const configured = config.knowledge.sources;
    const rows: SourceRow[] = (await opened.base.sources()).map((summary) => ({
      name: summary.name,
      enabled: summary.enabled,
      pages: summary.documents,
      passages: summary.chunks,
      from: configured[summary.name] === undefined ? '(not in the configuration)' : describeSource(configured[summary.name]!),
    }));
    if (values.json) {
      context.out(JSON.stringify({ index: opened.where, sources: rows }));
      return 0;
    }
    context.out(`Knowledge index: ${opened.where}`);
    if (rows.length === 0) context.out('No sources yet: add them to knowledge.sources and run sitechat ingest.');
    else for (const line of table(rows)) context.out(line);
    return 0;
  } finally {
    await opened.close();
  }
}

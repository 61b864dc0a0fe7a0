import { appendFile, mkdir, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

export type IngestOutcome = 'added' | 'updated' | 'unchanged' | 'unavailable' | 'skipped';

/** An ingest run in progress: what it has done so far, and where it writes down the rest. */
export interface JournalRun {
  /** Outcomes recorded by an earlier, interrupted run of the same source (empty for a fresh run). */
  readonly previous: ReadonlyMap<string, IngestOutcome>;
  record(url: string, outcome: IngestOutcome): Promise<void>;
  /** The run completed: forget it, so the next run starts from scratch. */
  finish(): Promise<void>;
}

/**
 * Remembers which URLs an ingest run has processed, so that a run that was interrupted (Ctrl-C,
 * crash, deploy) continues where it stopped instead of fetching every page again.
 */
export interface IngestJournal {
  open(source: string): Promise<JournalRun>;
}

/**
 * A journal in a JSON Lines file: a header line naming the source, then one line per processed
 * URL, appended as it happens, so at most the page in flight is lost when the process dies.
 *
 * @example
 * await knowledge.ingest(sitemapSource({ url: 'https://example.com' }), { journal: fileIngestJournal('.sitechat/crawl.jsonl') });
 */
export function fileIngestJournal(path: string): IngestJournal {
  return {
    async open(source) {
      const previous = new Map<string, IngestOutcome>();
      const lines = await readFile(path, 'utf8').then((text) => text.split('\n').filter(Boolean), () => []);
      const header = parseLine<{ source?: string }>(lines[0]);
      if (header?.source === source) {
        for (const line of lines.slice(1)) {
          const entry = parseLine<{ url: string; outcome: IngestOutcome }>(line);
          if (!entry) break; // a torn last line from a crash: everything before it is good
          previous.set(entry.url, entry.outcome);
        }
      } else {
        await mkdir(dirname(path), { recursive: true });
        await rm(path, { force: true });
        await appendFile(path, `${JSON.stringify({ source, startedAt: new Date().toISOString() })}\n`);
      }
      return {
        previous,
        record: (url, outcome) => appendFile(path, `${JSON.stringify({ url, outcome })}\n`),
        finish: () => rm(path, { force: true }),
      };
    },
  };
}

function parseLine<T>(line: string | undefined): T | undefined {
  try {
    return line ? (JSON.parse(line) as T) : undefined;
  } catch {
    return undefined;
  }
}

/** A journal in memory: survives an aborted run within the same process (tests, a long-lived server). */
export function memoryIngestJournal(): IngestJournal {
  const runs = new Map<string, Map<string, IngestOutcome>>();
  return {
    async open(source) {
      const previous = runs.get(source) ?? new Map<string, IngestOutcome>();
      const current = new Map(previous);
      runs.set(source, current);
      return {
        previous,
        record: async (url, outcome) => void current.set(url, outcome),
        finish: async () => void runs.delete(source),
      };
    },
  };
}

/**
 * The loop both exports share: count for progress, stream transcripts from the store, turn each into zero
 * or more examples, validate every example, tally what was skipped and why, and hand out JSONL lines.
 */
import { redact, type RedactOptions } from '../redact.ts';
import type { Transcript } from '../records.ts';
import type { ConversationStore, TranscriptQuery } from '../types.ts';

export interface ExportOptions {
  /** Only conversations started at or after this time. */
  from?: Date;
  /** Only conversations started before this time. */
  to?: Date;
  site?: string;
  /** Prepended as a `system` message to every example (the owner's instructions the model ran with). */
  systemPrompt?: string;
  /**
   * Mask e-mail addresses, phone numbers and card numbers in user and assistant text. Default `true`:
   * training files travel (to a provider, to a colleague), so personal data stays home unless asked for.
   */
  redact?: boolean | RedactOptions;
  /**
   * Include conversations flagged by moderation. Default `false`: abuse and jailbreak attempts are not
   * examples the model should learn to continue.
   */
  includeFlagged?: boolean;
  /** Called with (conversations processed, conversations to process), first with `done` 0. */
  onProgress?: (done: number, total: number) => void;
  /** Conversations loaded per round trip. Default 100. */
  batchSize?: number;
}

export interface ExportSummary {
  written: number;
  /** How many candidate examples were left out, by reason. */
  skipped: Record<string, number>;
}

/** JSONL lines (each ending in `\n`) produced on demand; `summary` is final once iteration has ended. */
export interface ExportLines extends AsyncIterable<string> {
  readonly summary: ExportSummary;
}

/** The part of a Node writable stream (a file, stdout) an export uses. */
export interface WritableOutput {
  write(chunk: string): boolean;
  once(event: 'drain' | 'error', listener: (...args: any[]) => void): unknown;
  removeListener(event: 'drain' | 'error', listener: (...args: any[]) => void): unknown;
}

/** A writable stream, or a function that takes each line. */
export type LineOutput = WritableOutput | ((line: string) => void | Promise<void>);

export type Candidate<Example> = { example: Example } | { skipped: string };

/** Per-export helpers handed to the example builders. */
export interface ExportContext {
  /** Applies the export's redaction setting to visitor or model text. */
  text(value: string): string;
  systemPrompt: string | undefined;
}

export function exportContext(options: ExportOptions): ExportContext {
  const redaction = options.redact ?? true;
  return {
    text: redaction === false ? (value) => value : (value) => redact(value, redaction === true ? {} : redaction),
    systemPrompt: options.systemPrompt === undefined || options.systemPrompt === '' ? undefined : options.systemPrompt,
  };
}

export function exportLines<Example>(
  store: ConversationStore,
  query: TranscriptQuery,
  options: ExportOptions,
  examplesOf: (transcript: Transcript, context: ExportContext) => Iterable<Candidate<Example>>,
  validate: (example: Example) => string[],
): ExportLines {
  const summary: ExportSummary = { written: 0, skipped: {} };
  const skip = (reason: string) => {
    summary.skipped[reason] = (summary.skipped[reason] ?? 0) + 1;
  };
  const context = exportContext(options);
  const fullQuery: TranscriptQuery = {
    ...query,
    ...(options.from === undefined ? {} : { from: options.from }),
    ...(options.to === undefined ? {} : { to: options.to }),
    ...(options.site === undefined ? {} : { site: options.site }),
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.includeFlagged === true ? {} : { flagged: false }),
  };
  async function* generate(): AsyncGenerator<string> {
    const total = options.onProgress === undefined ? 0 : await store.countTranscripts(fullQuery);
    let done = 0;
    options.onProgress?.(done, total);
    for await (const transcript of store.iterateTranscripts(fullQuery)) {
      for (const candidate of examplesOf(transcript, context)) {
        if ('skipped' in candidate) {
          skip(candidate.skipped);
        } else if (validate(candidate.example).length > 0) {
          skip('invalid_format');
        } else {
          summary.written += 1;
          yield `${JSON.stringify(candidate.example)}\n`;
        }
      }
      done += 1;
      // Conversations added while exporting can push `done` past the count taken at the start.
      options.onProgress?.(done, Math.max(total, done));
    }
  }
  return { summary, [Symbol.asyncIterator]: generate };
}

/** Writes lines to `output`, waiting for a stream to drain whenever it asks to (bounded memory). */
export async function writeLines(lines: AsyncIterable<string>, output: LineOutput): Promise<void> {
  for await (const line of lines) {
    if (typeof output === 'function') await output(line);
    else if (!output.write(line)) await drained(output);
  }
}

/** Resolves when the stream wants more, rejects if it fails first (a full disk, a closed pipe). */
function drained(output: WritableOutput): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      output.removeListener('error', onError);
      resolve();
    };
    const onError = (error: unknown) => {
      output.removeListener('drain', onDrain);
      reject(error);
    };
    output.once('drain', onDrain);
    output.once('error', onError);
  });
}

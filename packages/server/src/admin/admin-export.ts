import { ErrorCode } from '@sitechat/protocol';
import type { ConversationStore, ExportLines, SftExportOptions } from '@sitechat/store';
import { SitechatError } from '../http/errors.js';
import { exportFileName, type ExportKind, parseDateBound } from './export-options.js';

/** The export's options from a download link's query (`?from=2025-03-01&minRating=1&systemPrompt=1&redact=0`). */
export function exportOptions(kind: ExportKind, query: Record<string, string | undefined>, systemPrompt: string): SftExportOptions {
  const options: SftExportOptions = {};
  for (const bound of ['from', 'to'] as const) {
    const value = query[bound]?.trim();
    if (value === undefined || value === '') continue;
    const date = parseDateBound(value, bound);
    if (date === undefined) throw new SitechatError(400, ErrorCode.InvalidRequest, `Invalid request: ${bound}: not a date (use 2025-03-01).`);
    options[bound] = date;
  }
  const minRating = query.minRating?.trim();
  if (kind === 'sft' && minRating !== undefined && minRating !== '') {
    if (!/^-?\d$/.test(minRating) || Math.abs(Number(minRating)) > 5) {
      throw new SitechatError(400, ErrorCode.InvalidRequest, 'Invalid request: minRating: must be a whole number from -5 to 5.');
    }
    options.minRating = Number(minRating);
  }
  if (query.systemPrompt === '1') options.systemPrompt = systemPrompt;
  options.redact = query.redact !== '0';
  options.includeFlagged = query.includeFlagged === '1';
  return options;
}

/**
 * An export as a JSONL download, streamed as the store is read (a large store never sits in memory). The
 * exports live in `@sitechat/store`, loaded on demand for the same reason as its redaction (privacy/).
 */
export async function exportResponse(
  store: ConversationStore,
  kind: ExportKind,
  options: SftExportOptions,
  now: Date,
): Promise<Response> {
  const { sftLines, preferenceLines } = await import('@sitechat/store');
  const lines: ExportLines = kind === 'sft' ? sftLines(store, options) : preferenceLines(store, options);
  const iterator = lines[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'application/jsonl; charset=utf-8',
      'content-disposition': `attachment; filename="${exportFileName(kind, now)}"`,
    },
  });
}

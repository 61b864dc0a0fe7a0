import { UI_MESSAGE_STREAM_HEADER } from '@sitechat/protocol';
import { fixesForBuffering, fixesForCaching, fixesForCompression } from './fixes.js';
import type { MeasuredStream } from './measure.js';
import type { ProbeEventData } from './probe.js';

export type FindingLevel = 'ok' | 'info' | 'warn' | 'fail';

export interface Finding {
  level: FindingLevel;
  title: string;
  detail?: string;
  fixes?: string[];
}

export interface StreamingVerdict {
  /** incremental: events arrive as the server sends them; buffered: all at the end; batched: in bursts. */
  kind: 'incremental' | 'batched' | 'buffered' | 'unknown';
  events: number;
  /** From the server's first probe event to its last, on the server's clock. */
  serverSpreadMs: number;
  /** The same two events, on the client's clock. */
  clientSpreadMs: number;
  /** The longest an event waited somewhere on the way, beyond the fastest event's transit. */
  maxDelayMs: number;
}

const isProbe = (chunk: unknown): chunk is { type: 'data-doctor'; data: ProbeEventData } =>
  typeof chunk === 'object' && chunk !== null && (chunk as { type?: string }).type === 'data-doctor';

/**
 * Compare when each probe event left the server with when it arrived. A buffering proxy delivers them all
 * at once at the end (client spread near 0); a streaming path keeps the server's spacing.
 */
export function probeVerdict(measured: MeasuredStream): StreamingVerdict {
  const points = measured.events.flatMap((event) => (isProbe(event.chunk) ? [{ at: event.at, t: event.chunk.data.t }] : []));
  if (points.length < 3) return { kind: 'unknown', events: points.length, serverSpreadMs: 0, clientSpreadMs: 0, maxDelayMs: 0 };
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const serverSpreadMs = last.t - first.t;
  const clientSpreadMs = last.at - first.at;
  const transit = Math.min(...points.map((point) => point.at - point.t));
  const maxDelayMs = Math.max(...points.map((point) => point.at - point.t - transit));
  const round = (value: number) => Math.round(value);
  const verdict = { events: points.length, serverSpreadMs: round(serverSpreadMs), clientSpreadMs: round(clientSpreadMs), maxDelayMs: round(maxDelayMs) };
  // Allowances for a slow or jittery network (and a busy server): 400 ms, or a quarter of the probe, whichever
  // is larger. A buffering proxy holds events back for most of the probe.
  if (maxDelayMs <= Math.max(400, serverSpreadMs * 0.25)) return { kind: 'incremental', ...verdict };
  if (clientSpreadMs < serverSpreadMs * 0.2) return { kind: 'buffered', ...verdict };
  return { kind: 'batched', ...verdict };
}

/** Findings about the response headers of a stream. `headers` has lower-case names. */
export function headerFindings(headers: Readonly<Record<string, string>>): Finding[] {
  const findings: Finding[] = [];
  const type = headers['content-type'] ?? '';
  if (!type.toLowerCase().startsWith('text/event-stream')) {
    findings.push({ level: 'fail', title: `The answer is not an event stream (content-type: ${type || 'none'})`, detail: 'Something on the way rewrote the response, or this URL is not a Sitechat server.' });
  }
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding !== 'identity') {
    findings.push({ level: 'fail', title: `The stream is compressed (content-encoding: ${encoding})`, detail: 'Sitechat never compresses streams; a proxy, CDN or middleware on the way did.', fixes: fixesForCompression(headers) });
  } else {
    findings.push({ level: 'ok', title: 'The stream is not compressed' });
  }
  const cacheControl = (headers['cache-control'] ?? '').toLowerCase();
  if (!cacheControl.includes('no-cache') || !cacheControl.includes('no-transform')) {
    findings.push({ level: 'warn', title: `Cache-Control was changed on the way (got "${headers['cache-control'] ?? 'none'}", Sitechat sends "no-cache, no-transform")`, detail: '`no-transform` is what tells proxies not to compress or rewrite the stream.', fixes: fixesForCaching() });
  }
  if (headers['age'] !== undefined || /\bhit\b/i.test(headers['x-cache'] ?? '') || /\bhit\b/i.test(headers['cf-cache-status'] ?? '')) {
    findings.push({ level: 'fail', title: 'The answer came from a cache', detail: 'Chat answers must never be cached.', fixes: fixesForCaching() });
  }
  if (headers['content-length'] !== undefined) {
    // No fixes of its own: the timing finding says whether the answer was held back, and how to fix that.
    findings.push({ level: 'warn', title: `The stream arrived with a Content-Length (${headers['content-length']})`, detail: 'Only a proxy that read the whole answer first can know its length.' });
  }
  if (headers['x-accel-buffering'] === undefined) {
    findings.push({ level: 'info', title: 'X-Accel-Buffering did not arrive', detail: 'nginx removes this header after obeying it, so this is expected behind nginx.' });
  }
  if (headers[UI_MESSAGE_STREAM_HEADER] === undefined) {
    findings.push({ level: 'warn', title: `The ${UI_MESSAGE_STREAM_HEADER} header was removed on the way`, detail: 'AI SDK clients check it; <chat-widget> does not need it.' });
  }
  return findings;
}

/** The finding for a probe's timing. */
export function streamingFinding(verdict: StreamingVerdict, headers: Readonly<Record<string, string>>, compressed: boolean): Finding {
  const numbers = `${verdict.events} events sent over ${verdict.serverSpreadMs} ms arrived over ${verdict.clientSpreadMs} ms; the longest held back ${verdict.maxDelayMs} ms`;
  switch (verdict.kind) {
    case 'incremental':
      return { level: 'ok', title: 'Tokens arrive as they are sent (no buffering)', detail: numbers };
    case 'buffered':
      return {
        level: 'fail',
        title: compressed ? 'Tokens arrive all at once at the end: the compression holds them back' : 'Tokens arrive all at once at the end: something on the way buffers the whole answer',
        detail: numbers,
        fixes: compressed ? fixesForCompression(headers) : fixesForBuffering(headers),
      };
    case 'batched':
      return {
        level: 'fail',
        title: compressed ? 'Tokens arrive in bursts: the compression holds them back' : 'Tokens arrive in bursts: something on the way buffers part of the answer',
        detail: numbers,
        fixes: compressed ? fixesForCompression(headers) : fixesForBuffering(headers),
      };
    case 'unknown':
      return { level: 'warn', title: 'Too few probe events arrived to judge the streaming', detail: numbers };
  }
}

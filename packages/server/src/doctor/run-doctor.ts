import { headerFindings, probeVerdict, streamingFinding, type Finding, type StreamingVerdict } from './diagnose.js';
import { measureStream, type MeasuredStream } from './measure.js';
import { DOCTOR_HEADER } from './probe.js';

export interface DoctorOptions {
  /** The Sitechat server: its origin (`https://shop.example`), a prefix it is mounted under, or the full `/api/chat` URL. */
  url: string;
  /** Default: `false`. Also send one real chat request (costs a few model tokens) and time its answer. */
  chat?: boolean;
  /** Default: a request for one short sentence. The visitor message of the real chat request. */
  message?: string;
  /** Extra request headers, e.g. a visitor token the server requires. */
  headers?: Record<string, string>;
  /** Default: 30 000 ms for each request. */
  timeoutMs?: number;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
}

export interface StreamReport {
  status: number;
  headers: Record<string, string>;
  measured: MeasuredStream;
  /** The server's own `Server-Timing` entries (ms), when they arrived. */
  serverTiming: Record<string, number>;
  /** The `error.code` of a JSON refusal. */
  errorCode?: string;
}

export interface DoctorReport {
  chatUrl: string;
  probe?: StreamReport & { verdict: StreamingVerdict };
  chat?: StreamReport & { firstTokenAt?: number; deltas: number };
  findings: Finding[];
  /** No `fail` finding. */
  healthy: boolean;
}

/** `https://shop.example` and `https://shop.example/chat/` -> `.../api/chat`; a URL already ending so is kept. */
export function chatUrlOf(url: string): string {
  const parsed = new URL(url);
  if (/\/api\/chat\/?$/.test(parsed.pathname)) return parsed.href;
  if (!parsed.pathname.endsWith('/')) parsed.pathname += '/';
  return new URL('api/chat', parsed).href;
}

/** `sitechat;desc="...";dur=1.2, model;dur=340` -> `{ sitechat: 1.2, model: 340 }`. */
export function parseServerTiming(value: string | null): Record<string, number> {
  const timings: Record<string, number> = {};
  for (const entry of (value ?? '').split(',')) {
    const [name, ...parameters] = entry.trim().split(';');
    const duration = parameters.map((parameter) => /^\s*dur=([\d.]+)\s*$/.exec(parameter)?.[1]).find(Boolean);
    if (name && duration !== undefined) timings[name.trim()] = Number(duration);
  }
  return timings;
}

function chatRequestBody(text: string): string {
  return JSON.stringify({ id: `sitechat-doctor-${Date.now()}`, trigger: 'submit-message', messages: [{ id: 'doctor-1', role: 'user', parts: [{ type: 'text', text }] }] });
}

async function timedPost(options: DoctorOptions, chatUrl: string, extraHeaders: Record<string, string>, text: string): Promise<StreamReport> {
  const fetcher = options.fetch ?? fetch;
  const sentAt = performance.now();
  const response = await fetcher(chatUrl, {
    method: 'POST',
    // What a browser sends: a proxy that compresses for browsers compresses for the doctor too.
    headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip, deflate, br', ...options.headers, ...extraHeaders },
    body: chatRequestBody(text),
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
  const serverTiming = parseServerTiming(response.headers.get('server-timing'));
  if (response.status !== 200 && (headers['content-type'] ?? '').includes('json')) {
    const body = (await response.json().catch(() => undefined)) as { error?: { code?: unknown } } | undefined;
    const measured: MeasuredStream = { headersAt: performance.now() - sentAt, firstByteAt: undefined, events: [], reads: 0, bytes: 0, endedAt: performance.now() - sentAt, complete: false };
    const code = body?.error?.code;
    return { status: response.status, headers, measured, serverTiming, ...(typeof code === 'string' ? { errorCode: code } : {}) };
  }
  const measured = await measureStream(response, sentAt);
  return { status: response.status, headers, measured, serverTiming };
}

function refusedFinding(what: string, report: StreamReport): Finding {
  const code = report.errorCode;
  const hint =
    report.status === 404
      ? 'This server does not answer doctor probes (a Sitechat version without them, `ops.doctor: false`, or the wrong URL). `--chat` still times a real answer.'
      : report.status === 401 || report.status === 403
        ? 'The server wants credentials: pass them with --header "Authorization: Bearer ...".'
        : undefined;
  return { level: 'fail', title: `The ${what} was refused with status ${report.status}${code ? ` (${code})` : ''}`, ...(hint ? { detail: hint } : {}) };
}

/**
 * Check that answers stream through everything in front of a Sitechat server: a free timed probe (no
 * model call), and optionally one real chat request. Web standards only; the CLI prints the result.
 * @example
 * const report = await runDoctor({ url: 'https://shop.example' });
 * console.log(formatReport(report));
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const chatUrl = chatUrlOf(options.url);
  const report: DoctorReport = { chatUrl, findings: [], healthy: true };
  try {
    const probe = await timedPost(options, chatUrl, { [DOCTOR_HEADER]: '1' }, 'doctor probe');
    if (probe.status !== 200) {
      report.findings.push(refusedFinding('doctor probe', probe));
    } else {
      const verdict = probeVerdict(probe.measured);
      report.probe = { ...probe, verdict };
      const compressed = (probe.headers['content-encoding'] ?? 'identity') !== 'identity';
      report.findings.push(streamingFinding(verdict, probe.headers, compressed), ...headerFindings(probe.headers));
      if (!probe.measured.complete) report.findings.push({ level: 'fail', title: 'The probe stream was cut before its end', detail: 'A proxy timeout or a connection limit on the way.' });
    }
  } catch (error) {
    report.findings.push({ level: 'fail', title: `Could not reach ${chatUrl}`, detail: (error as Error).message });
  }

  if (options.chat) {
    try {
      const chat = await timedPost(options, chatUrl, {}, options.message ?? 'This is a connection test. Reply with one short sentence.');
      const deltas = chat.measured.events.filter((event) => typeof event.chunk === 'object' && event.chunk.type === 'text-delta');
      report.chat = { ...chat, deltas: deltas.length, ...(deltas[0] ? { firstTokenAt: deltas[0].at } : {}) };
      if (chat.status !== 200) report.findings.push(refusedFinding('chat request', chat));
      else if (!chat.measured.complete) report.findings.push({ level: 'fail', title: 'The answer was cut before its end' });
      else if (deltas.length === 0) report.findings.push({ level: 'warn', title: 'The answer had no text' });
      else if (report.probe === undefined) report.findings.push(...headerFindings(chat.headers));
    } catch (error) {
      report.findings.push({ level: 'fail', title: 'The chat request failed', detail: (error as Error).message });
    }
  }
  report.healthy = !report.findings.some((finding) => finding.level === 'fail');
  return report;
}

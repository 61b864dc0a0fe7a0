import type { DoctorReport, FindingLevel } from './index.js';

const MARK: Record<FindingLevel, string> = { ok: '✓', info: 'i', warn: '!', fail: '✗' };
const ms = (value: number | undefined) => (value === undefined ? '-' : `${Math.round(value)} ms`);

/**
 * The doctor's report as text for a terminal.
 * @example
 * console.log(formatReport(await runDoctor({ url })));
 */
export function formatReport(report: DoctorReport): string {
  const lines = [`sitechat doctor: ${report.chatUrl}`, ''];
  if (report.probe) {
    const { measured, verdict, serverTiming } = report.probe;
    lines.push(
      `probe  headers ${ms(measured.headersAt)}, first byte ${ms(measured.firstByteAt)}, end ${ms(measured.endedAt)}; ` +
        `${verdict.events} events over ${verdict.serverSpreadMs} ms on the server, ${verdict.clientSpreadMs} ms here, in ${measured.reads} reads` +
        (serverTiming.sitechat !== undefined ? `; server overhead ${serverTiming.sitechat} ms` : ''),
    );
  }
  if (report.chat) {
    const { measured, serverTiming, firstTokenAt, deltas } = report.chat;
    const serverFirst = serverTiming.sitechat !== undefined && serverTiming.model !== undefined ? serverTiming.sitechat + serverTiming.model : undefined;
    lines.push(
      `chat   status ${report.chat.status}, first token ${ms(firstTokenAt)} here` +
        (serverFirst !== undefined ? ` (${Math.round(serverFirst)} ms of it on the server: Sitechat ${serverTiming.sitechat} ms, model ${serverTiming.model} ms)` : '') +
        `, ${deltas} deltas in ${measured.reads} reads, end ${ms(measured.endedAt)}`,
    );
  }
  lines.push('');
  for (const finding of report.findings) {
    lines.push(`${MARK[finding.level]} ${finding.title}`);
    if (finding.detail) lines.push(`    ${finding.detail}`);
    for (const fix of finding.fixes ?? []) lines.push(`    fix: ${fix}`);
  }
  lines.push('', report.healthy ? 'Streaming works through this path.' : 'Streaming is broken or degraded on this path: see the fixes above.');
  return lines.join('\n');
}

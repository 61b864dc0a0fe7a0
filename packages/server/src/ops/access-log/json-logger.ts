import type { Logger } from '../../http/logger.js';

export interface JsonLoggerOptions {
  /** Default: `console.log` (stdout; every runtime has it). */
  write?: (line: string) => void;
  /** Default: `() => new Date().toISOString()`. */
  time?: () => string;
}

/**
 * A `Logger` that writes one JSON object per line (`time`, `level`, `msg`, then the fields), the shape
 * log collectors (journald + Loki, CloudWatch, Workers Logs, Datadog) parse without configuration.
 * @example
 * createSitechat(config, { logger: createJsonLogger() });
 * // {"time":"2026-12-01T10:00:00.000Z","level":"info","msg":"request","status":200,...}
 */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => console.log(line));
  const time = options.time ?? (() => new Date().toISOString());
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    let line: string;
    try {
      line = JSON.stringify({ time: time(), level, msg: message, ...fields });
    } catch {
      // A field that cannot be serialised (a cycle) must not take the request down with it.
      line = JSON.stringify({ time: time(), level, msg: message, fieldsError: true });
    }
    write(line);
  };
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

/** JSON lines on stdout. */
export const jsonLogger: Logger = createJsonLogger();

/**
 * Where the server writes what the owner needs to know. Only our own codes, statuses and counts are logged:
 * never message contents, upstream error text, upstream headers or keys.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

function write(stream: 'log' | 'warn' | 'error', message: string, fields?: Record<string, unknown>): void {
  if (fields === undefined) console[stream](`[sitechat] ${message}`);
  else console[stream](`[sitechat] ${message}`, fields);
}

/** The default: one line per event on the console. */
export const consoleLogger: Logger = {
  info: (message, fields) => write('log', message, fields),
  warn: (message, fields) => write('warn', message, fields),
  error: (message, fields) => write('error', message, fields),
};

/** Discards everything (tests that do not look at logs). */
export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
};

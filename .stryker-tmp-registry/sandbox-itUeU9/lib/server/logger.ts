/** Logger receives what a server has to say: one event, with a message and a few fields. */
// @ts-nocheck

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * createLineLogger returns a Logger that writes one logfmt line per event to
 * `write` (standard output by default), as containers expect:
 * `time=2026-01-01T00:00:00.000Z level=info msg="listening" url=http://0.0.0.0:9464/metrics`.
 *
 * @example
 * const logger = createLineLogger();
 * logger.info('listening', { port: 9464 });
 */
export function createLineLogger(write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    let line = `time=${new Date().toISOString()} level=${level} msg=${quote(message)}`;
    if (fields !== undefined) for (const [k, v] of Object.entries(fields)) if (v !== undefined) line += ` ${k}=${quote(String(v))}`;
    write(line + '\n');
  };
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

/** silentLogger drops every event. */
export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

function quote(value: string): string {
  return /^[\w./:@+-]+$/.test(value) ? value : JSON.stringify(value);
}

/**
 * Structured logs with ids only. Never pass names, birth dates, addresses or free text from
 * requests: logs leave the database's protection.
 */
export type LogFields = Record<string, string | number | boolean | null | undefined> & {
  /** The line's own keys: a field may not replace them (an error's text goes in `errorMessage`). */
  at?: never;
  level?: never;
  message?: never;
};

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export function jsonLogger(write: (line: string) => void = (l) => console.log(l)): Logger {
  const emit =
    (level: string) =>
    (message: string, fields: LogFields = {}) =>
      // The line's own keys first for reading, and again last so no field can replace them.
      write(
        JSON.stringify(
          Object.assign({ at: '', level, message }, fields, { at: new Date().toISOString(), level, message }),
        ),
      );
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/**
 * An error's message as it may go to the log (or into an alert): drizzle's "Failed query" messages
 * end with the values being written (a name, a care manager's free text), so only the driver's own
 * message and the SQL (placeholders, no values) are kept, the driver's message first so a cut at
 * `max` keeps what went wrong.
 */
export function loggableMessage(err: unknown, max = 200): string {
  const e = err as { message?: unknown; cause?: { message?: unknown } };
  const message = typeof e?.message === 'string' ? e.message : String(err);
  const withoutValues = message.split(/\nparams:/)[0]!;
  if (withoutValues === message) return message.split('\n')[0]!.slice(0, max);
  const cause = typeof e?.cause?.message === 'string' ? e.cause.message.split('\n')[0]! : 'query failed';
  return `${cause} (${withoutValues.replace(/\s+/g, ' ')})`.slice(0, max);
}

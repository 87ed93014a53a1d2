/**
 * The bridge's log: one JSON line per event, naming messages by MSH-10 and spool sequence only.
 * Never a body, a name or a birth date: the hospital's operators read it, and it is copied around.
 */
export function log(msg: string, fields: Record<string, string | number | boolean | null> = {}): void {
  process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), msg, ...fields })}\n`);
}

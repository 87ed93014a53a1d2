import { type Client, createClient } from '@libsql/client';

/** One spooled message, as the forwarder reads it. */
export interface Spooled {
  seq: number;
  controlId: string;
  patient: string;
  body: Uint8Array;
  attempts: number;
}

export type Source = 'mllp' | 'ss-mix2';

/**
 * The bridge's durable spool: a libSQL file on the hospital's side. A message is ACKed to the HIS
 * (MLLP) or its file marked read (SS-MIX2) only in the same write that spools it, so a crash never
 * loses an accepted message; MSH-10 is unique, so a resent or re-read message is spooled once.
 */
export class Spool {
  private constructor(private readonly db: Client) {}

  static async open(file: string): Promise<Spool> {
    const db = createClient({ url: `file:${file}` });
    await db.execute('PRAGMA journal_mode = WAL');
    await db.batch(
      [
        `CREATE TABLE IF NOT EXISTS messages (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          control_id TEXT NOT NULL UNIQUE,
          patient TEXT NOT NULL,
          body BLOB NOT NULL,
          source TEXT NOT NULL,
          status TEXT NOT NULL DEFAULT 'pending',
          attempts INTEGER NOT NULL DEFAULT 0,
          next_at INTEGER NOT NULL DEFAULT 0,
          received_at INTEGER NOT NULL,
          done_at INTEGER,
          outcome TEXT
        )`,
        'CREATE INDEX IF NOT EXISTS messages_pending ON messages (status, patient, seq)',
        'CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, read_at INTEGER NOT NULL)',
      ],
      'write',
    );
    return new Spool(db);
  }

  /** Spools a message (once per MSH-10) and, for SS-MIX2, marks its file read, in one transaction. */
  async add(m: {
    controlId: string;
    patient: string;
    body: Uint8Array;
    source: Source;
    file?: string;
  }): Promise<boolean> {
    const now = Date.now();
    const [inserted] = await this.db.batch(
      [
        {
          sql: 'INSERT OR IGNORE INTO messages (control_id, patient, body, source, received_at) VALUES (?, ?, ?, ?, ?)',
          args: [m.controlId, m.patient, m.body, m.source, now],
        },
        ...(m.file ? [{ sql: 'INSERT OR IGNORE INTO files (path, read_at) VALUES (?, ?)', args: [m.file, now] }] : []),
      ],
      'write',
    );
    return (inserted?.rowsAffected ?? 0) > 0;
  }

  async fileRead(path: string): Promise<boolean> {
    const r = await this.db.execute({ sql: 'SELECT 1 FROM files WHERE path = ?', args: [path] });
    return r.rows.length > 0;
  }

  /** The oldest pending message of each patient whose retry time has come: order holds per patient. */
  async heads(now: number): Promise<Spooled[]> {
    const r = await this.db.execute({
      sql: `SELECT seq, control_id, patient, body, attempts FROM messages
            WHERE seq IN (SELECT MIN(seq) FROM messages WHERE status = 'pending' GROUP BY patient) AND next_at <= ?
            ORDER BY seq`,
      args: [now],
    });
    return r.rows.map((row) => ({
      seq: Number(row.seq),
      controlId: String(row.control_id),
      patient: String(row.patient),
      body: new Uint8Array(row.body as ArrayBuffer),
      attempts: Number(row.attempts),
    }));
  }

  async done(seq: number, status: 'sent' | 'refused', outcome: string): Promise<void> {
    await this.db.execute({
      sql: 'UPDATE messages SET status = ?, outcome = ?, done_at = ? WHERE seq = ?',
      args: [status, outcome, Date.now(), seq],
    });
  }

  async retryLater(seq: number, nextAt: number, outcome: string): Promise<void> {
    await this.db.execute({
      sql: 'UPDATE messages SET attempts = attempts + 1, next_at = ?, outcome = ? WHERE seq = ?',
      args: [nextAt, outcome, seq],
    });
  }

  async pendingCount(): Promise<number> {
    const r = await this.db.execute("SELECT COUNT(*) AS n FROM messages WHERE status = 'pending'");
    return Number(r.rows[0]?.n ?? 0);
  }

  close(): void {
    this.db.close();
  }
}

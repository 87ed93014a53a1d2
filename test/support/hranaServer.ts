import { createServer, type Server } from 'node:http';
import Database from 'libsql';

/**
 * A remote libSQL database on loopback: a small server for the Hrana-over-HTTP protocol (v2,
 * JSON: POST /v2/pipeline), the protocol of sqld and Turso, over a real SQLite file through the
 * `libsql` engine. It lets the remote path of @libsql/client (Node) and @libsql/client/web
 * (Workers) run for real, and counts requests: each is one network round trip.
 * It keeps no stream across requests (the engine never holds an interactive transaction), and
 * runs each request synchronously, so a batch's BEGIN ... COMMIT never interleaves with another.
 */
export interface TestHrana {
  url: string;
  /** Pipeline requests received: round trips to the database. */
  requests: number;
  close(): Promise<void>;
}

type Value =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'float'; value: number }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string };
interface Stmt {
  sql?: string;
  sql_id?: number;
  args?: Value[];
  named_args?: { name: string; value: Value }[];
  want_rows?: boolean;
}
type Cond =
  | { type: 'ok' | 'error'; step: number }
  | { type: 'not'; cond: Cond }
  | { type: 'and' | 'or'; conds: Cond[] };
interface Step {
  condition?: Cond | null;
  stmt: Stmt;
}
/** One request of a pipeline: execute, batch, store_sql, close_sql, close (others answer ok). */
interface Req {
  type: string;
  stmt?: Stmt;
  batch?: { steps: Step[] };
  sql_id?: number;
  sql?: string;
}

function decode(v: Value): unknown {
  switch (v.type) {
    case 'null':
      return null;
    case 'integer':
      return BigInt(v.value);
    case 'float':
      return v.value;
    case 'text':
      return v.value;
    case 'blob':
      return Buffer.from(v.base64, 'base64');
  }
}

function encode(x: unknown): Value {
  if (x === null || x === undefined) return { type: 'null' };
  if (typeof x === 'bigint') return { type: 'integer', value: x.toString() };
  if (typeof x === 'number')
    return Number.isInteger(x) ? { type: 'integer', value: String(x) } : { type: 'float', value: x };
  if (typeof x === 'string') return { type: 'text', value: x };
  return { type: 'blob', base64: Buffer.from(x as Uint8Array).toString('base64') };
}

export async function startHrana(path: string): Promise<TestHrana> {
  const db = new Database(path);
  db.exec('PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON');

  // Statements the client stored with `store_sql` and refers to by id. Ids belong to a stream; a
  // stream stores before it uses within one pipeline, and requests run one at a time, so one map will do.
  const stored = new Map<number, string>();
  const execute = (stmt: Stmt) => {
    const prepared = db.prepare(stmt.sql ?? stored.get(stmt.sql_id ?? -1) ?? '');
    const args = stmt.named_args?.length
      ? Object.fromEntries(stmt.named_args.map((a) => [a.name.replace(/^[:@$]/, ''), decode(a.value)]))
      : (stmt.args ?? []).map(decode);
    prepared.safeIntegers(true);
    if (prepared.reader) {
      const cols = prepared.columns() as { name: string; type: string | null }[];
      const rows = (prepared.raw(true).all(args) as unknown[][]).map((r) => r.map(encode));
      return {
        cols: cols.map((c) => ({ name: c.name, decltype: c.type })),
        rows,
        affected_row_count: 0,
        last_insert_rowid: null,
      };
    }
    const info = prepared.run(args) as { changes: number; lastInsertRowid: number | bigint };
    return {
      cols: [],
      rows: [],
      affected_row_count: Number(info.changes),
      last_insert_rowid: String(info.lastInsertRowid),
    };
  };
  const error = (e: unknown) => ({
    message: (e as Error).message,
    code: (e as { code?: string }).code ?? 'SQLITE_ERROR',
  });

  const holds = (cond: Cond | null | undefined, results: unknown[], errors: unknown[]): boolean => {
    if (!cond) return true;
    switch (cond.type) {
      case 'ok':
        return results[cond.step] != null;
      case 'error':
        return errors[cond.step] != null;
      case 'not':
        return !holds(cond.cond, results, errors);
      case 'and':
        return cond.conds.every((c) => holds(c, results, errors));
      case 'or':
        return cond.conds.some((c) => holds(c, results, errors));
    }
  };

  const handle = (req: Req) => {
    if (req.type === 'execute') {
      try {
        return { type: 'ok', response: { type: 'execute', result: execute(req.stmt!) } };
      } catch (e) {
        return { type: 'error', error: error(e) };
      }
    }
    if (req.type === 'batch') {
      const steps = req.batch!.steps;
      const results: unknown[] = [];
      const errors: unknown[] = [];
      steps.forEach((step, i) => {
        results[i] = null;
        errors[i] = null;
        if (!holds(step.condition, results, errors)) return;
        try {
          results[i] = execute(step.stmt);
        } catch (e) {
          errors[i] = error(e);
        }
      });
      return { type: 'ok', response: { type: 'batch', result: { step_results: results, step_errors: errors } } };
    }
    if (req.type === 'store_sql') stored.set(req.sql_id!, req.sql!);
    if (req.type === 'close_sql') stored.delete(req.sql_id!);
    return { type: 'ok', response: { type: req.type } };
  };

  const counter = { requests: 0 };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      raw += c;
    });
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v2/pipeline') {
        counter.requests++;
        const body = JSON.parse(raw) as { requests: Req[] };
        const results = body.requests.map(handle);
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ baton: null, base_url: null, results }));
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return counter.requests;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
}

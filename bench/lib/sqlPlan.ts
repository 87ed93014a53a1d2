import { type Client, createClient, type InStatement } from '@libsql/client';
import { libsqlDatabase } from '../../db/database.js';
import type { NodeDeps } from '../../functions/runtime.js';

/**
 * Records the SQL the engine sends, so EXPLAIN QUERY PLAN is asked about the product's own query:
 * the last statement executed alone, or the first of the last batch (where a function reads its
 * main query together with small lookups). The engine runs on a connection of its own to the same
 * file (the service's client is left untouched), and `planOf` hands it the deps that use it.
 */
export function sqlRecorder(deps: NodeDeps) {
  const client = createClient({ url: deps.database.url, timeout: 5000 });
  // EXPLAIN on a connection of its own: with the embedded libSQL an EXPLAIN leaves its statement
  // open, and the next write transaction on that connection could not commit.
  const explainer = createClient({ url: deps.database.url, timeout: 5000 });
  let last: InStatement | null = null;
  const recording = new Proxy(client, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop === 'execute')
        return (stmt: InStatement) => {
          last = stmt;
          return target.execute(stmt);
        };
      if (prop === 'batch') {
        return (stmts: InStatement[], mode?: Parameters<Client['batch']>[1]) => {
          last = stmts[0] ?? null;
          return target.batch(stmts, mode);
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const recordingDeps: NodeDeps = { ...deps, database: libsqlDatabase(recording, deps.database.url) };
  return {
    async planOf(run: (deps: NodeDeps) => Promise<unknown>): Promise<string[]> {
      last = null;
      await run(recordingDeps);
      if (!last) throw new Error('no SQL was executed');
      const stmt = last as InStatement;
      const q = typeof stmt === 'string' ? { sql: stmt, args: [] } : stmt;
      const rs = await explainer.execute({ sql: `EXPLAIN QUERY PLAN ${q.sql}`, args: q.args ?? [] } as InStatement);
      return rs.rows.map((r) => String(r.detail));
    },
    close() {
      client.close();
      explainer.close();
    },
  };
}

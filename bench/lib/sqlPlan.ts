import type { Client, InStatement } from '@libsql/client';

/**
 * Records the SQL drizzle sends, so EXPLAIN QUERY PLAN is asked about the product's own query:
 * the last statement executed alone, or the first of the last batch (where a function reads its
 * main query together with small lookups).
 */
export function sqlRecorder(client: Client, explainOn: Client = client) {
  const execute = client.execute.bind(client);
  const batch = client.batch.bind(client);
  let last: InStatement | null = null;
  (client as { execute: unknown }).execute = (stmt: InStatement) => {
    last = stmt;
    return execute(stmt);
  };
  (client as { batch: unknown }).batch = (stmts: InStatement[], mode?: Parameters<Client['batch']>[1]) => {
    last = stmts[0] ?? null;
    return batch(stmts, mode);
  };
  return {
    async planOf<T>(run: () => Promise<T>): Promise<string[]> {
      last = null;
      await run();
      if (!last) throw new Error('no SQL was executed');
      const stmt = last as InStatement;
      const q = typeof stmt === 'string' ? { sql: stmt, args: [] } : stmt;
      const rs = await explainOn.execute({ sql: `EXPLAIN QUERY PLAN ${q.sql}`, args: q.args ?? [] } as InStatement);
      return rs.rows.map((r) => String(r.detail));
    },
  };
}

import type { Client, InStatement } from '@libsql/client';

/** Records the SQL drizzle sends, so EXPLAIN QUERY PLAN is asked about the product's own query. */
export function sqlRecorder(client: Client) {
  const original = client.execute.bind(client);
  let last: InStatement | null = null;
  (client as { execute: unknown }).execute = (stmt: InStatement) => {
    last = stmt;
    return original(stmt);
  };
  return {
    async planOf<T>(run: () => Promise<T>): Promise<string[]> {
      last = null;
      await run();
      if (!last) throw new Error('no SQL was executed');
      const stmt = last as InStatement;
      const q = typeof stmt === 'string' ? { sql: stmt, args: [] } : stmt;
      const rs = await original({ sql: `EXPLAIN QUERY PLAN ${q.sql}`, args: q.args ?? [] } as InStatement);
      return rs.rows.map((r) => String(r.detail));
    },
  };
}


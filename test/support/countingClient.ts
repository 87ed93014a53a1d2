import type { Client } from '@libsql/client';

export interface Call {
  method: 'execute' | 'batch';
  statements: number;
  mode: string | undefined;
  sql: string;
}

/**
 * Every call on a libSQL client is one round trip on a remote database (one HTTP request to
 * libSQL/Turso; D1's prepare().all() and batch() likewise). Counting the calls the engine makes
 * on a real client counts the round trips an event costs, whatever the backend.
 */
export function counting(client: Client, calls: Call[]): Client {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      const text = (stmt: unknown) => (typeof stmt === 'string' ? stmt : (stmt as { sql: string }).sql);
      if (prop === 'execute') {
        return (stmt: unknown) => {
          calls.push({ method: 'execute', statements: 1, mode: undefined, sql: text(stmt) });
          return target.execute(stmt as never);
        };
      }
      if (prop === 'batch') {
        return (stmts: unknown[], mode?: string) => {
          calls.push({ method: 'batch', statements: stmts.length, mode, sql: stmts.map(text).join(';\n') });
          return target.batch(stmts as never, mode as never);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

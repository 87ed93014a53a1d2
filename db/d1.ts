import { drizzle } from 'drizzle-orm/d1';
import { type Database, type Db, toSql } from './database.js';
import * as schema from './schema.js';

/** The part of a Workers D1 binding we use (its full type lives in @cloudflare/workers-types). */
export interface D1Binding {
  prepare(query: string): D1Prepared;
  batch(statements: D1Prepared[]): Promise<unknown[]>;
}
export interface D1Prepared {
  bind(...values: unknown[]): D1Prepared;
}

/**
 * Cloudflare D1. Its batch runs the statements as one transaction (rolled back whole if any
 * fails) in one round trip, which is exactly what `commit` promises.
 */
export function d1Database(binding: D1Binding): Database {
  const db = drizzle(binding as never, { schema }) as unknown as Db;
  return {
    backend: 'd1',
    db,
    async commit(statements) {
      await binding.batch(
        statements.map((s) => {
          const { sql, args } = toSql(s);
          return binding.prepare(sql).bind(...args);
        }),
      );
    },
    async check() {
      await binding.batch([binding.prepare('SELECT 1')]);
    },
    close() {},
  };
}

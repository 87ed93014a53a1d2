import { createRequire } from 'node:module';

// Node only: the embedded libSQL driver. Not imported by the Worker entry.

interface LibsqlStatement {
  run(...args: unknown[]): unknown;
  all(...args: unknown[]): unknown;
  get(...args: unknown[]): unknown;
}
interface LibsqlDatabaseClass {
  prototype: { prepare(this: object, sql: string): LibsqlStatement };
}

/** Statements kept per connection at most: the engine's SQL is a few hundred shapes; a list of ids makes more. */
const MAX_PER_CONNECTION = 1000;
let installed = false;
let enabled = true;

/**
 * `@libsql/client` prepares every statement anew for a local file (parse, plan, allocate), even
 * the same SQL text an event runs thousands of times a minute. This keeps each connection's
 * prepared statements by SQL text, so the driver's `prepare` returns the statement it prepared
 * before. It patches the `libsql` binding the client itself loads (there is no hook for it).
 * Safe because every use of a statement by the client is synchronous and runs it to its end
 * (`all`, `run`); a statement whose run failed is dropped and prepared anew next time (a failed
 * step can leave it unreset, which would hold a read lock and fail the next COMMIT). SQLite
 * prepares a kept statement again by itself when a migration changes the schema.
 * `RENKEI_STATEMENT_CACHE=0` turns it off (for the bench's A/B).
 */
export function useStatementCache(on: boolean): void {
  enabled = on;
  if (installed || !on) return;
  installed = true;
  const require = createRequire(import.meta.resolve('@libsql/client'));
  const Database = require('libsql') as LibsqlDatabaseClass;
  const prepare = Database.prototype.prepare;
  const kept = new WeakMap<object, Map<string, LibsqlStatement>>();
  Database.prototype.prepare = function (this: object, sql: string) {
    if (!enabled) return prepare.call(this, sql);
    let statements = kept.get(this);
    if (!statements) {
      statements = new Map();
      kept.set(this, statements);
    }
    const found = statements.get(sql);
    if (found) return found;
    const statement = prepare.call(this, sql);
    if (statements.size < MAX_PER_CONNECTION) {
      const connection = statements;
      for (const method of ['run', 'all', 'get'] as const) {
        const call = statement[method].bind(statement);
        statement[method] = (...args: unknown[]) => {
          try {
            return call(...args);
          } catch (e) {
            connection.delete(sql);
            throw e;
          }
        };
      }
      statements.set(sql, statement);
    }
    return statement;
  };
}

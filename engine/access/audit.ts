import { and, count, desc, eq, gte, inArray, like, lt, type SQL } from 'drizzle-orm';
import { auditLog } from '../../db/schema.js';
import type { Deps } from '../deps.js';

/** Where a request came from, for the audit log. */
export interface Requester {
  ip: string | null;
  userAgent: string | null;
}

export interface AuditEntry {
  actor: string;
  action: string;
  /** The case id, account id, notice id, ... the action was about. */
  target: string;
  detail?: Record<string, unknown> | null;
}

/** The audit row as a statement, so it commits together with what it records. */
export function auditStatement(deps: Deps, entry: AuditEntry, requester: Requester) {
  return deps.database.db.insert(auditLog).values({
    at: deps.now().getTime(),
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    ip: requester.ip,
    userAgent: requester.userAgent?.slice(0, 500) ?? null,
    detail: entry.detail ?? null,
  });
}

export async function audit(deps: Deps, entry: AuditEntry, requester: Requester): Promise<void> {
  await auditStatement(deps, entry, requester);
}

/** Why a request was refused before it did anything. */
export type DenialReason = 'administrators_only' | 'csrf' | 'second_factor_required';

/**
 * A refused request is recorded like an allowed one: who tried which method on which path, and why
 * it was refused (`access.denied`). Refusals of a case outside the caller's hospital are
 * `case.view.denied` and `case.action.denied`, with the case as target.
 */
export function auditDenied(
  deps: Deps,
  actor: string,
  requester: Requester,
  attempt: { method: string; path: string; reason: DenialReason },
): Promise<void> {
  return audit(
    deps,
    {
      actor,
      action: 'access.denied',
      target: attempt.path.slice(0, 300),
      detail: { method: attempt.method, reason: attempt.reason },
    },
    requester,
  );
}

export type AuditRow = typeof auditLog.$inferSelect;

export function auditView(r: AuditRow) {
  return {
    id: r.id,
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    action: r.action,
    target: r.target,
    ip: r.ip,
    userAgent: r.userAgent,
    detail: r.detail,
  };
}

export interface AuditFilter {
  /** Entries about these targets (a case and its notices). */
  targets?: string[] | undefined;
  actor?: string | undefined;
  /** An action, or a family of them ending in `.` (e.g. `case.fact.`). */
  action?: string | undefined;
  /** Instants (ms), from inclusive, to exclusive. */
  from?: number | undefined;
  to?: number | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

function auditWhere(filter: AuditFilter): SQL | undefined {
  const where: SQL[] = [];
  if (filter.targets) where.push(inArray(auditLog.target, filter.targets.length ? filter.targets : ['']));
  if (filter.actor) where.push(eq(auditLog.actor, filter.actor));
  if (filter.action)
    where.push(
      filter.action.endsWith('.') ? like(auditLog.action, `${filter.action}%`) : eq(auditLog.action, filter.action),
    );
  if (filter.from !== undefined) where.push(gte(auditLog.at, filter.from));
  if (filter.to !== undefined) where.push(lt(auditLog.at, filter.to));
  return where.length ? and(...where) : undefined;
}

/** Newest first: entries matching the filter (about given targets, by an actor, an action, in a period). */
export async function listAudit(deps: Deps, filter: AuditFilter = {}) {
  const rows = await deps.database.db
    .select()
    .from(auditLog)
    .where(auditWhere(filter))
    .orderBy(desc(auditLog.id))
    .limit(filter.limit ?? 200)
    .offset(filter.offset ?? 0);
  return rows.map(auditView);
}

/** How many entries match the filter (for paging). */
export async function countAudit(deps: Deps, filter: AuditFilter = {}): Promise<number> {
  const [row] = await deps.database.db.select({ n: count() }).from(auditLog).where(auditWhere(filter));
  return Number(row?.n ?? 0);
}

/** The actors that appear in the log, for a filter's choices. */
export async function auditActors(deps: Deps): Promise<string[]> {
  const rows = await deps.database.db.selectDistinct({ actor: auditLog.actor }).from(auditLog);
  return rows.map((r) => r.actor).sort();
}

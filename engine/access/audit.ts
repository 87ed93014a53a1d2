import { and, desc, inArray, type SQL } from 'drizzle-orm';
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

/** Newest first: entries about the given targets (a case and its notices), or all of them. */
export async function listAudit(deps: Deps, filter: { targets?: string[]; limit?: number } = {}) {
  const where: SQL[] = [];
  if (filter.targets) where.push(inArray(auditLog.target, filter.targets.length ? filter.targets : ['']));
  const rows = await deps.database.db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(filter.limit ?? 200);
  return rows.map(auditView);
}

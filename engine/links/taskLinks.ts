import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Statement } from '../../db/database.js';
import { cases, linkUses, outbox, tasks } from '../../db/schema.js';
import type { Deps } from '../deps.js';
import { getHospital, hospitalWindows, windowFor } from '../directory/index.js';
import { signTaskToken, verifyTaskToken } from './tokens.js';

// A care manager's links: task links (`/t/{token}`, signed for the task's link generation) and the
// short links of notices (`/n/{code}`). Raising a task's generation revokes every link signed
// before; a notice's short link is revoked by its `linkRevokedAt`. A resend signs afresh.

type TaskRow = typeof tasks.$inferSelect;

export async function taskLink(
  deps: Deps,
  task: Pick<TaskRow, 'id' | 'expiresAt' | 'linkGeneration'>,
): Promise<string> {
  const token = await signTaskToken(deps.keys.links, {
    taskId: task.id,
    expiresAt: task.expiresAt,
    generation: task.linkGeneration,
  });
  return `${deps.config.publicBaseUrl}/t/${token}`;
}

/** Whom to ask once a link no longer works: the hospital's window. Nothing about the patient. */
export interface HospitalContact {
  hospitalName: string;
  window: { name: string; phone: string | null } | null;
}

export async function hospitalContact(deps: Deps, caseId: string): Promise<HospitalContact> {
  const [row] = await deps.database.db.select({ hospitalId: cases.hospitalId }).from(cases).where(eq(cases.id, caseId));
  if (!row) return { hospitalName: '', window: null };
  const [hospital, windows] = await Promise.all([
    getHospital(deps, row.hospitalId),
    hospitalWindows(deps, row.hospitalId),
  ]);
  const window = windowFor(windows, 'inpatient');
  return { hospitalName: hospital?.name ?? '', window: window && { name: window.name, phone: window.phone } };
}

export type LinkedTask =
  | { kind: 'ok'; task: TaskRow }
  | { kind: 'invalid' }
  | { kind: 'expired' }
  | { kind: 'revoked'; contact: HospitalContact };

/** The task a link names, while the link is good: signed with our key, the task unexpired, of its current generation. */
export async function taskOfLink(deps: Deps, token: string): Promise<LinkedTask> {
  const now = deps.now().getTime();
  const check = await verifyTaskToken(deps.keys.links, token, now);
  if (!check.ok) return { kind: check.reason };
  const [task] = await deps.database.db.select().from(tasks).where(eq(tasks.id, check.claims.taskId));
  if (!task) return { kind: 'invalid' };
  // The task's own expiry decides, not only the one the token carries.
  if (now >= task.expiresAt) return { kind: 'expired' };
  if (task.linkGeneration !== check.claims.generation)
    return { kind: 'revoked', contact: await hospitalContact(deps, task.caseId) };
  return { kind: 'ok', task };
}

/**
 * The statement every write through a task link carries in its batch: it records the use and, by
 * the trigger on link_uses, aborts the whole batch if the link was revoked after it was checked.
 */
export function linkUse(
  deps: Deps,
  task: Pick<TaskRow, 'id' | 'linkGeneration'>,
  action: string,
  at: number,
): Statement {
  return deps.database.db.insert(linkUses).values({ taskId: task.id, generation: task.linkGeneration, action, at });
}

const REVOKED_MESSAGE = 'renkei: task link revoked';

/** The batch was refused because its link was revoked in between (see linkUse). */
export function isRevokedLinkUse(e: unknown): boolean {
  const err = e as { message?: string; cause?: { message?: string } };
  return `${err?.message ?? ''} ${err?.cause?.message ?? ''}`.includes(REVOKED_MESSAGE);
}

/**
 * Statements revoking a case's care-manager links: every task link of the case (all its tasks
 * show the patient), and the short links of notices to care offices, or only to `fromOffice`.
 */
export function revokeLinkStatements(deps: Deps, caseId: string, now: number, fromOffice?: string): Statement[] {
  const { db } = deps.database;
  return [
    db
      .update(tasks)
      .set({ linkGeneration: sql`${tasks.linkGeneration} + 1` })
      .where(eq(tasks.caseId, caseId)),
    db
      .update(outbox)
      .set({ linkRevokedAt: now })
      .where(
        and(
          eq(outbox.caseId, caseId),
          eq(outbox.recipientKind, 'care_office'),
          isNull(outbox.linkRevokedAt),
          ...(fromOffice ? [eq(outbox.recipientId, fromOffice)] : []),
        ),
      ),
  ];
}

/**
 * When a case's care office changes (a reassignment, or a correction that removes or replaces it),
 * the previous office's links stop working in the same commit; the new office's notices carry new ones.
 */
export function revokeOnOfficeChange(
  deps: Deps,
  caseId: string,
  now: number,
  before: string | null,
  after: string | null,
): Statement[] {
  return before !== null && before !== after ? revokeLinkStatements(deps, caseId, now, before) : [];
}

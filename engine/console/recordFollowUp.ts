import { eq } from 'drizzle-orm';
import { accounts, outbox, stuckFollowUps } from '../../db/schema.js';
import { auditStatement, maySee, type Principal, type Requester } from '../access/index.js';
import type { Deps } from '../deps.js';
import { type FollowUpStatus, followUpToday } from './followUps.js';
import { caseOfDeadlineItem, listStuck, type StuckItem } from './stuck.js';

// A person records what was done about a stuck handoff: its status, a note, a day to put it off
// to, and who is in charge. The row and its audit entry commit in one batch.

export interface FollowUpInput {
  status: FollowUpStatus;
  note?: string | null | undefined;
  /** YYYY-MM-DD (Japan time), today or later; null or absent: not put off. */
  until?: string | null | undefined;
  /** An account id; null or absent: nobody in charge. */
  assignee?: string | null | undefined;
}

export type FollowUpResult =
  | { kind: 'done'; item: StuckItem }
  | { kind: 'not_found' }
  | { kind: 'invalid'; field: 'until' | 'assignee'; detail: string };

function isCalendarDate(d: string): boolean {
  const ms = Date.parse(`${d}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === d;
}

/** The stuck item an id names, as the list computes it now: null when it is not (or no longer) stuck. */
async function findItem(deps: Deps, itemId: string): Promise<StuckItem | null> {
  let caseId = caseOfDeadlineItem(itemId);
  if (!caseId) {
    const [row] = await deps.database.db.select({ caseId: outbox.caseId }).from(outbox).where(eq(outbox.id, itemId));
    caseId = row?.caseId ?? null;
  }
  if (!caseId) return null;
  return (await listStuck(deps, { caseId })).find((i) => i.id === itemId) ?? null;
}

export async function recordFollowUp(
  deps: Deps,
  principal: Principal,
  requester: Requester,
  itemId: string,
  input: FollowUpInput,
): Promise<FollowUpResult> {
  const item = await findItem(deps, itemId);
  if (!item) return { kind: 'not_found' };
  const { db } = deps.database;
  if (!maySee(principal, item.hospitalId)) {
    await auditStatement(
      deps,
      { actor: principal.actor, action: 'case.action.denied', target: item.caseId, detail: { itemId } },
      requester,
    );
    return { kind: 'not_found' };
  }
  const until = input.until || null;
  if (until !== null && !isCalendarDate(until)) return { kind: 'invalid', field: 'until', detail: 'a date YYYY-MM-DD' };
  if (until !== null && until < followUpToday(deps))
    return { kind: 'invalid', field: 'until', detail: 'today or a later day (Japan time)' };
  const assigneeId = input.assignee || null;
  if (assigneeId !== null) {
    const [a] = await db.select().from(accounts).where(eq(accounts.id, assigneeId));
    // The person in charge must be able to see the item: an administrator, or staff of its hospital.
    if (!a || a.disabledAt !== null || (a.role !== 'admin' && a.hospitalId !== item.hospitalId))
      return { kind: 'invalid', field: 'assignee', detail: 'an active account that may see this case' };
  }
  const note = input.note?.trim() || null;
  const row = {
    itemId,
    caseId: item.caseId,
    hospitalId: item.hospitalId,
    status: input.status,
    note,
    byActor: principal.actor,
    byName: principal.name,
    at: deps.now().getTime(),
    until,
    assigneeId,
  };
  await db.batch([
    db
      .insert(stuckFollowUps)
      .values(row)
      .onConflictDoUpdate({
        target: stuckFollowUps.itemId,
        set: {
          status: row.status,
          note: row.note,
          byActor: row.byActor,
          byName: row.byName,
          at: row.at,
          until: row.until,
          assigneeId: row.assigneeId,
        },
      }),
    auditStatement(
      deps,
      {
        actor: principal.actor,
        action: 'stuck.follow_up',
        target: item.caseId,
        detail: { itemId, missedStep: item.missedStep, status: input.status, note, until, assignee: assigneeId },
      },
      requester,
    ),
  ]);
  const [updated] = (await listStuck(deps, { caseId: item.caseId })).filter((i) => i.id === itemId);
  return { kind: 'done', item: updated ?? item };
}

import { and, eq } from 'drizzle-orm';
import { cases, tasks } from '../../db/schema.js';
import type { DischargeRecordContent } from '../../machines/types.js';
import { auditStatement, type Requester } from '../access/index.js';
import { sha256Hex } from '../crypto/index.js';
import type { Deps } from '../deps.js';
import { isRevokedLinkUse, linkUse } from '../links/index.js';
import { recordEvent } from './record.js';
import type { TaskRow } from './tasks.js';

// 退院・退所情報記録書: the care manager files what the hospital told them, from the office page or
// the discharge-start notice's task link, as a fact in the case's log through the machine. Filing
// again supersedes: the machine keeps every record, the last in force.

export type CaseRow = typeof cases.$inferSelect;

/** A stay of this care office, or nothing: another office's stay is not found (the scope of every route). */
export async function officeStay(deps: Deps, careOfficeId: string, caseId: string): Promise<CaseRow | null> {
  const [row] = await deps.database.db
    .select()
    .from(cases)
    .where(and(eq(cases.id, caseId), eq(cases.careOfficeId, careOfficeId)));
  return row ?? null;
}

export interface RecordFiling {
  /** Who files: `care_office:<id>`, for the audit log. */
  actor: string;
  requester: Requester;
  /**
   * How many records the form was opened over: the same form sent twice (a double tap) records once,
   * the same content sent again over a newer record is a new filing.
   */
  basedOn: number;
  /** Filed from a task link: the link's use is recorded, the task done, in the same batch. */
  task?: TaskRow | undefined;
}

export type RecordFiled =
  | { kind: 'filed'; replayed: boolean; records: number }
  | { kind: 'refused'; detail: string }
  | { kind: 'revoked' }
  | { kind: 'no_case' };

export async function fileDischargeRecord(
  deps: Deps,
  caseId: string,
  record: DischargeRecordContent,
  filing: RecordFiling,
): Promise<RecordFiled> {
  const now = deps.now();
  const digest = (await sha256Hex(JSON.stringify(record))).slice(0, 32);
  const { db } = deps.database;
  const task = filing.task;
  const result = await recordEvent(
    deps,
    { caseId },
    {
      source: 'care_manager',
      dedupeKey: `discharge_record:${caseId}:${filing.basedOn}:${digest}`,
      event: { type: 'discharge_record_filed', occurredAt: now.toISOString(), record },
      data: { record, via: task ? 'task' : 'office' },
      ifRefused: 'store',
      extra: () => [
        auditStatement(
          deps,
          {
            actor: filing.actor,
            action: 'case.discharge_record_filed',
            target: caseId,
            detail: { via: task ? 'task' : 'office' },
          },
          filing.requester,
        ),
        ...(task
          ? [
              linkUse(deps, task, 'task.file_discharge_record.completed', now.getTime()),
              db
                .update(tasks)
                .set({ status: 'done', doneAt: now.getTime(), result: { kind: 'file_discharge_record' } })
                .where(and(eq(tasks.id, task.id), eq(tasks.status, 'open'))),
            ]
          : []),
      ],
    },
  ).catch((e: unknown) => {
    if (isRevokedLinkUse(e)) return null;
    throw e;
  });
  if (result === null) return { kind: 'revoked' };
  if (result.kind === 'no_case' || result.kind === 'skipped') return { kind: 'no_case' };
  if (result.kind === 'rejected') return { kind: 'refused', detail: result.detail };
  const [row] = await db.select({ snapshot: cases.snapshot }).from(cases).where(eq(cases.id, caseId));
  return { kind: 'filed', replayed: result.replayed, records: row?.snapshot.context.dischargeRecords?.length ?? 0 };
}

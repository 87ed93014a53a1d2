import { eq } from 'drizzle-orm';
import { cases, outbox, tasks } from '../db/schema.js';
import { jstDate } from '../machines/calendar.js';
import type { StoredSnapshot } from '../machines/run.js';
import type { NoticeKind } from '../machines/types.js';
import { familyName, noticeTexts, type NoticeFacts, type NoticeText } from '../notifiers/texts.js';
import type { Deps } from './deps.js';
import { getCareOffice, getHospital, hospitalWindows, windowFor } from './directory.js';
import { signTaskToken } from './tokens.js';

export type OutboxRow = typeof outbox.$inferSelect;

export interface ComposedNotice { to: string | null; message: NoticeText }


export async function taskLink(deps: Deps, task: { id: string; expiresAt: number }): Promise<string> {
  const token = await signTaskToken(deps.signingKey, { taskId: task.id, expiresAt: task.expiresAt });
  return `${deps.config.publicBaseUrl}/t/${token}`;
}

/** Gathers what a notice says from the case, the directory and the task, at the moment of sending. */
export async function composeNotice(deps: Deps, row: OutboxRow): Promise<ComposedNotice> {
  const { db } = deps.database;
  const [caseRow] = await db.select().from(cases).where(eq(cases.id, row.caseId));
  if (!caseRow) throw new Error(`case ${row.caseId} not found`);
  const context = (caseRow.snapshot as StoredSnapshot).context;
  const [hospital, windows, office] = await Promise.all([
    getHospital(deps, caseRow.hospitalId), hospitalWindows(deps, caseRow.hospitalId), getCareOffice(deps, row.recipientId),
  ]);
  const region = deps.regions.get(caseRow.regionId);
  const task = row.taskId ? (await db.select().from(tasks).where(eq(tasks.id, row.taskId)))[0] : undefined;
  const window = windowFor(windows, 'inpatient');
  const due = context.deadlines.find((d) => d.key === 'informationSheet');
  const conference = context.conferences.at(-1) ?? null;
  const facts: NoticeFacts = {
    officeName: office?.name ?? '',
    hospitalName: hospital?.name ?? caseRow.hospitalId,
    window: window && { name: window.name, phone: window.phone ?? undefined, fax: window.fax ?? undefined },
    patientFamilyName: familyName(context.patient.name),
    ward: context.ward,
    admittedOn: jstDate(context.admittedAt),
    informationSheetDueOn: due ? jstDate(new Date(Date.parse(due.dueAt) - 1)) : null,
    expectedDischargeDate: context.dischargePlanning?.expectedDischargeDate ?? null,
    conference: conference && { at: conference.at, place: conference.place, online: conference.online },
    discharge: context.discharge && { on: jstDate(context.discharge.at), destination: context.discharge.destination },
    link: task && task.status === 'open'
      ? { url: await taskLink(deps, task), expiresOn: jstDate(new Date(task.expiresAt - 1)) }
      : null,
    region: {
      name: region?.name ?? caseRow.regionId,
      administratorName: region?.administrator.name ?? '',
      administratorPhone: region?.administrator.phone ?? '',
    },
  };
  return { to: office?.email ?? null, message: noticeTexts[row.notice as NoticeKind](facts) };
}


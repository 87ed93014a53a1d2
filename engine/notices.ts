import { eq } from 'drizzle-orm';
import { cases, tasks } from '../db/schema.js';
import { jstDate } from '../machines/calendar.js';
import type { StoredSnapshot } from '../machines/run.js';
import type { DeadlineKey, NoticeKind } from '../machines/types.js';
import { familyName, noticeTexts, type NoticeFacts, type NoticeText } from '../notifiers/texts.js';
import type { WindowPurpose } from '../regions/schema.js';
import type { Deps } from './deps.js';
import { getCareOffice, getHospital, hospitalWindows, windowFor } from './directory.js';
import type { outbox } from '../db/schema.js';
import { signTaskToken } from './tokens.js';

export type OutboxRow = typeof outbox.$inferSelect;

export interface ComposedNotice {
  /** Email address or FAX number, by the row's channel; null when the directory has none. */
  to: string | null;
  message: NoticeText;
}

export const DEADLINE_LABELS: Record<DeadlineKey, string> = {
  careManagerIdentification: '担当ケアマネジャーの確認 (A①)',
  informationSheet: '入院時情報提供シートの提供 (A①)',
  dischargeDifficultyScreening: '退院困難な患者の抽出 (入退院支援加算)',
  patientFamilyInterview: '患者・家族との面接 (入退院支援加算)',
  carePlanCopy: 'ケアプランの写しの提供 (A⑤)',
};

export async function taskLink(deps: Deps, task: { id: string; expiresAt: number }): Promise<string> {
  const token = await signTaskToken(deps.signingKey, { taskId: task.id, expiresAt: task.expiresAt });
  return `${deps.config.publicBaseUrl}/t/${token}`;
}

/** The addressee's name and address, looked up at sending time so directory corrections apply. */
async function addressee(deps: Deps, row: OutboxRow): Promise<{ name: string; to: string | null }> {
  switch (row.recipientKind) {
    case 'care_office': {
      const office = await getCareOffice(deps, row.recipientId);
      return { name: office?.name ?? '', to: row.channel === 'fax' ? office?.fax ?? null : office?.email ?? null };
    }
    case 'hospital': {
      const [hospital, windows] = await Promise.all([getHospital(deps, row.recipientId), hospitalWindows(deps, row.recipientId)]);
      const window = windowFor(windows, (row.recipientPurpose ?? 'general') as WindowPurpose);
      return { name: `${hospital?.name ?? row.recipientId} ${window?.name ?? ''}`.trim(), to: window?.fax ?? null };
    }
    case 'region_administrator': {
      const region = deps.regions.get(row.recipientId);
      return { name: region?.administrator.name ?? '', to: region?.administrator.email ?? null };
    }
  }
}

/** Gathers what a notice says from the case, the directory and the task, at the moment of sending. */
export async function composeNotice(deps: Deps, row: OutboxRow): Promise<ComposedNotice> {
  const { db } = deps.database;
  const [caseRow] = await db.select().from(cases).where(eq(cases.id, row.caseId));
  if (!caseRow) throw new Error(`case ${row.caseId} not found`);
  const context = (caseRow.snapshot as StoredSnapshot).context;
  const [hospital, windows, who] = await Promise.all([
    getHospital(deps, caseRow.hospitalId), hospitalWindows(deps, caseRow.hospitalId), addressee(deps, row),
  ]);
  const region = deps.regions.get(caseRow.regionId);
  const task = row.taskId ? (await db.select().from(tasks).where(eq(tasks.id, row.taskId)))[0] : undefined;
  const window = windowFor(windows, 'inpatient');
  const infoSheet = context.deadlines.find((d) => d.key === 'informationSheet');
  const deadline = row.deadlineKey ? context.deadlines.find((d) => d.key === row.deadlineKey) : undefined;
  const conference = context.conferences.at(-1) ?? null;
  const dueOn = (dueAt: string) => jstDate(new Date(Date.parse(dueAt) - 1));
  const facts: NoticeFacts = {
    officeName: who.name,
    hospitalName: hospital?.name ?? caseRow.hospitalId,
    window: window && { name: window.name, phone: window.phone ?? undefined, fax: window.fax ?? undefined },
    patientFamilyName: familyName(context.patient.name),
    ward: context.ward,
    admittedOn: jstDate(context.admittedAt),
    informationSheetDueOn: infoSheet ? dueOn(infoSheet.dueAt) : null,
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
    deadline: deadline ? {
      label: DEADLINE_LABELS[deadline.key], dueOn: dueOn(deadline.dueAt), reason: deadline.reason,
      owner: deadline.owner === 'hospital' ? `${hospital?.name ?? ''} ${window?.name ?? ''}`.trim() : who.name,
    } : null,
    closedReason: context.closedReason,
    transferTo: context.transfer?.toHospitalName || null,
    expectedLengthOfStayDays: context.treatmentPlans.at(-1)?.expectedLengthOfStayDays ?? null,
    caseRef: caseRow.id,
  };
  return { to: who.to, message: noticeTexts[row.notice as NoticeKind](facts) };
}

import { and, desc, eq, gte, inArray, lt } from 'drizzle-orm';
import { cases, officeRecords } from '../../db/schema.js';
import { type JudgedOfficeRecord, judgeOfficeRecords, type OfficeRecordKind } from '../../machines/billing.js';
import { jstDate } from '../../machines/calendar.js';
import { auditStatement, officeActor, type Requester } from '../access/index.js';
import { newId } from '../crypto/index.js';
import type { Deps } from '../deps.js';
import type { CareOffice } from '../directory/index.js';
import { casePatient } from '../patients/index.js';

// The care office's own records outside a stay: 緊急時等居宅カンファレンス and 通院時情報連携 (seed 002
// (1)❹❺). A record names a client of this office — a patient it has or had a stay with — and is
// kept per office and patient; the month's cap and conditions are judged in machines/billing.ts.

/** A patient the office has or had a stay with: chosen by its latest stay, named as sealed there. */
export interface OfficeClient {
  caseId: string;
  name: string;
  birthDate: string;
}

export interface OfficeRecordInput {
  /** A stay of the client, from the office's own list. */
  caseId: string;
  kind: OfficeRecordKind;
  /** An instant (ISO). */
  at: string;
  place: string;
  attendees: string;
  checks: string[];
}

export type OfficeRecordResult = { kind: 'recorded'; id: string } | { kind: 'not_client' };

/** One month's records of the office, each judged, with the client's name. */
export interface OfficeRecordsMonth {
  month: string;
  records: (JudgedOfficeRecord & { clientName: string })[];
  /** Supported records per kind: what the month's billing may count. */
  supported: Record<OfficeRecordKind, number>;
}

const monthStart = (month: string) => Date.parse(`${month}-01T00:00:00+09:00`);
const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};
/** The month before a YYYY-MM. */
export const previousMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/** The office's clients, one per patient (its latest stay), by name. Only stays of this office. */
export async function officeClients(deps: Deps, office: CareOffice): Promise<OfficeClient[]> {
  const rows = await deps.database.db
    .select({ id: cases.id, patientKey: cases.patientKey, patient: cases.patient, snapshot: cases.snapshot })
    .from(cases)
    .where(eq(cases.careOfficeId, office.id))
    .orderBy(desc(cases.admittedAt));
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!latest.has(r.patientKey)) latest.set(r.patientKey, r);
  const clients = await Promise.all(
    [...latest.values()].map(async (r) => ({ caseId: r.id, ...(await casePatient(deps, r)) })),
  );
  return clients
    .map((c) => ({ caseId: c.caseId, name: c.name, birthDate: c.birthDate }))
    .sort((a, b) => a.name.localeCompare(b.name, 'ja'));
}

/**
 * Records one conference or clinic visit for a client of this office, with its audit entry in the
 * same batch. A stay of another office (or none) is `not_client`, and nothing is written.
 */
export async function recordOfficeRecord(
  deps: Deps,
  office: CareOffice,
  input: OfficeRecordInput,
  requester: Requester,
): Promise<OfficeRecordResult> {
  const { db } = deps.database;
  const [stay] = await db
    .select({ patientKey: cases.patientKey })
    .from(cases)
    .where(and(eq(cases.id, input.caseId), eq(cases.careOfficeId, office.id)));
  if (!stay) return { kind: 'not_client' };
  const id = newId('orec');
  await db.batch([
    db.insert(officeRecords).values({
      id,
      careOfficeId: office.id,
      patientKey: stay.patientKey,
      caseId: input.caseId,
      kind: input.kind,
      at: Date.parse(input.at),
      place: input.place,
      attendees: input.attendees,
      checks: input.checks,
      createdAt: deps.now().getTime(),
    }),
    auditStatement(
      deps,
      {
        actor: officeActor(office.id),
        action: 'office.record_added',
        target: input.caseId,
        detail: { record: id, kind: input.kind, at: input.at, checks: input.checks },
      },
      requester,
    ),
  ]);
  return { kind: 'recorded', id };
}

/** The office's records of each month from `from` through `to` (YYYY-MM, Japan), judged per client and month. */
export async function officeRecordMonths(
  deps: Deps,
  office: CareOffice,
  from: string,
  to: string,
): Promise<OfficeRecordsMonth[]> {
  const { db } = deps.database;
  const rows = await db
    .select()
    .from(officeRecords)
    .where(
      and(
        eq(officeRecords.careOfficeId, office.id),
        gte(officeRecords.at, monthStart(from)),
        lt(officeRecords.at, monthStart(nextMonth(to))),
      ),
    );
  const caseIds = [...new Set(rows.map((r) => r.caseId))];
  const stays = caseIds.length
    ? await db
        .select({ id: cases.id, patient: cases.patient, snapshot: cases.snapshot })
        .from(cases)
        .where(inArray(cases.id, caseIds))
    : [];
  const names = new Map(await Promise.all(stays.map(async (s) => [s.id, (await casePatient(deps, s)).name] as const)));
  const nameOf = new Map(rows.map((r) => [r.patientKey, names.get(r.caseId) ?? '']));
  const judged = judgeOfficeRecords(
    rows.map((r) => ({
      id: r.id,
      client: r.patientKey,
      kind: r.kind,
      at: new Date(r.at).toISOString(),
      place: r.place,
      attendees: r.attendees,
      checks: r.checks,
    })),
    office.kind,
  );
  const months: OfficeRecordsMonth[] = [];
  for (let m = from; m <= to; m = nextMonth(m)) {
    const records = judged.filter((r) => r.month === m).map((r) => ({ ...r, clientName: nameOf.get(r.client) ?? '' }));
    months.push({
      month: m,
      records,
      supported: {
        home_conference: records.filter((r) => r.kind === 'home_conference' && r.supported).length,
        clinic_visit: records.filter((r) => r.kind === 'clinic_visit' && r.supported).length,
      },
    });
  }
  return months;
}

/** This month and the one before (Japan), as the office page shows them: last month is the one billed now. */
export function recentMonths(now: Date): { from: string; to: string } {
  const to = jstDate(now).slice(0, 7);
  return { from: previousMonth(to), to };
}

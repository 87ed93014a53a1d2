import { and, eq, ne, notExists, type SQL, sql } from 'drizzle-orm';
import { cases, noticeResends, outbox } from '../../db/schema.js';
import { caseMeasures } from '../../machines/measures.js';
import type { StoredSnapshot } from '../../machines/run.js';
import type { DeadlineKey } from '../../machines/types.js';
import { listAccounts, type Principal } from '../access/index.js';
import type { Deps } from '../deps.js';
import { listCareOffices, listHospitals, listRegionAdministrators, windowFor } from '../directory/index.js';
import { type Assignee, type FollowUp, followUpsOf, NO_FOLLOW_UP } from './followUps.js';
import { DEADLINE_LABELS, noticeLabel, UNLISTED_NAMES } from './labels.js';

// Stuck handoffs: the deadlines past due and unmet, and the notices that could not be delivered,
// each with whom to call (phone and FAX from the directory), most late first.

export interface StuckFilter {
  regionId?: string | undefined;
  hospitalId?: string | undefined;
  careOfficeId?: string | undefined;
  state?: string | undefined;
  /** One case only (a follow-up finds its item this way). */
  caseId?: string | undefined;
}

export interface Contact {
  kind: 'hospital' | 'care_office' | 'region_administrator' | 'account';
  id: string;
  name: string;
  phone: string | null;
  fax: string | null;
  email: string | null;
}

export interface StuckItem {
  /**
   * Stable across recomputations of the list: the case and the deadline key, or the dead notice's
   * id. A follow-up is recorded against it (engine/console/followUp.ts).
   */
  id: string;
  caseId: string;
  hospitalId: string;
  hospitalName: string;
  regionId: string;
  hospitalizationId: string;
  state: string;
  careOfficeId: string | null;
  careOfficeName: string | null;
  kind: 'deadline' | 'dead_notice';
  /** The deadline key or the notice kind. */
  key: string;
  /** The undelivered notice, to resend. */
  noticeId: string | null;
  /** The missed step, in Japanese. */
  missedStep: string;
  /** Why, when the directory or the delivery says (e.g. the office has no email address). */
  detail: string | null;
  owner: Contact;
  since: string;
  lateMs: number;
  /** What the coordination center did about it (engine/console/followUps.ts). */
  followUp: FollowUp;
  /** The person in charge. */
  assignee: Assignee | null;
}

/** Staff see their hospital only, whatever filter they send. */
export function scopedFilter(principal: Principal, filter: StuckFilter): StuckFilter {
  return principal.role === 'admin' ? filter : { ...filter, hospitalId: principal.hospitalId ?? '' };
}

function caseConditions(filter: StuckFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.regionId) where.push(eq(cases.regionId, filter.regionId));
  if (filter.hospitalId) where.push(eq(cases.hospitalId, filter.hospitalId));
  if (filter.careOfficeId) where.push(eq(cases.careOfficeId, filter.careOfficeId));
  if (filter.state) where.push(eq(cases.state, filter.state));
  if (filter.caseId) where.push(eq(cases.id, filter.caseId));
  return where;
}

/** A deadline's stuck item id: `{caseId}~{deadline key}` (a dead notice's item id is the notice's id). */
/** Whom a stuck item names when the directory no longer lists them. */
const UNLISTED: Record<Contact['kind'], string> = {
  hospital: `(${UNLISTED_NAMES.hospital})`,
  care_office: `(${UNLISTED_NAMES.care_office})`,
  region_administrator: `(${UNLISTED_NAMES.region_administrator})`,
  account: `(${UNLISTED_NAMES.account})`,
};

export function deadlineItemId(caseId: string, key: string): string {
  return `${caseId}~${key}`;
}

/** The case an item id names: a deadline's id carries it; a notice's id needs the outbox. */
export function caseOfDeadlineItem(itemId: string): string | null {
  const at = itemId.indexOf('~');
  return at > 0 ? itemId.slice(0, at) : null;
}

/** A dead notice that was sent again is no longer stuck: the resend is (if it dies too). */
export const notResent = (db: Deps['database']['db']) =>
  notExists(db.select({ one: sql`1` }).from(noticeResends).where(eq(noticeResends.originalId, outbox.id)));

const caseColumns = {
  id: cases.id,
  hospitalId: cases.hospitalId,
  regionId: cases.regionId,
  hospitalizationId: cases.hospitalizationId,
  state: cases.state,
  careOfficeId: cases.careOfficeId,
};
/** Stays recorded before the overdue deadlines were kept have only their snapshot to say which. */
const snapshotIfUnderived = sql<string | null>`CASE WHEN ${cases.overdueDeadlines} IS NULL THEN ${cases.snapshot} END`;
type CaseColumns = { [K in keyof typeof caseColumns]: (typeof cases.$inferSelect)[K] };

export async function listStuck(deps: Deps, filter: StuckFilter): Promise<StuckItem[]> {
  const { db } = deps.database;
  const now = deps.now().getTime();
  const where = caseConditions(filter);
  const [overdueCases, deadNotices, hospitals, offices] = await Promise.all([
    // From the covering index cases_overdue_admitted alone: reading snapshots made the list slow at scale.
    db
      .select({ ...caseColumns, overdueDeadlines: cases.overdueDeadlines, snapshot: snapshotIfUnderived })
      .from(cases)
      .where(and(ne(cases.overdue, sql`'[]'`), ...where)),
    db
      .select({ notice: outbox, caseRow: caseColumns })
      .from(outbox)
      .innerJoin(cases, eq(cases.id, outbox.caseId))
      .where(and(eq(outbox.status, 'dead'), notResent(db), ...where)),
    listHospitals(deps),
    listCareOffices(deps),
  ]);
  const hospitalById = new Map(hospitals.map((h) => [h.id, h]));
  const officeById = new Map(offices.map((o) => [o.id, o]));
  type Window = (typeof hospitals)[number]['windows'][number];
  const windowContact = (id: string, w: Window | null): Contact => {
    const h = hospitalById.get(id);
    return {
      kind: 'hospital',
      id,
      name: `${h?.name ?? UNLISTED.hospital}${w ? ` ${w.name}` : ''}`,
      phone: w?.phone ?? h?.phone ?? null,
      fax: w?.fax ?? null,
      email: null,
    };
  };
  const hospitalContact = (id: string, purpose: 'inpatient' | 'planned_admission' = 'inpatient'): Contact => {
    const h = hospitalById.get(id);
    return windowContact(id, h ? windowFor(h.windows, purpose) : null);
  };
  // A document sent to a hospital's window (the information sheet, the care plan's copy) names the
  // window itself: its hospital and name, and its phone to call. One gone from the directory since: the
  // stay's hospital's inpatients' window.
  const windowById = new Map(hospitals.flatMap((h) => h.windows.map((w) => [w.id, { hospitalId: h.id, w }] as const)));
  const documentWindowContact = (windowId: string, stayHospitalId: string): Contact => {
    const found = windowById.get(windowId);
    return found ? windowContact(found.hospitalId, found.w) : hospitalContact(stayHospitalId, 'inpatient');
  };
  const officeContact = (id: string | null): Contact => {
    const o = id ? officeById.get(id) : undefined;
    return {
      kind: 'care_office',
      id: id ?? '',
      name: o?.name ?? UNLISTED.care_office,
      phone: o?.phone ?? null,
      fax: o?.fax ?? null,
      email: o?.email ?? null,
    };
  };
  const base = (c: CaseColumns) => ({
    caseId: c.id,
    hospitalId: c.hospitalId,
    hospitalName: hospitalById.get(c.hospitalId)?.name ?? UNLISTED.hospital,
    regionId: c.regionId,
    hospitalizationId: c.hospitalizationId,
    state: c.state,
    careOfficeId: c.careOfficeId,
    careOfficeName: c.careOfficeId ? (officeById.get(c.careOfficeId)?.name ?? null) : null,
  });
  const items: Omit<StuckItem, 'followUp' | 'assignee'>[] = [];
  for (const c of overdueCases) {
    const overdue =
      c.overdueDeadlines ?? caseMeasures((JSON.parse(c.snapshot!) as StoredSnapshot).context).overdueDeadlines ?? [];
    for (const d of overdue) {
      items.push({
        id: deadlineItemId(c.id, d.key),
        ...base(c),
        kind: 'deadline',
        key: d.key,
        noticeId: null,
        missedStep: DEADLINE_LABELS[d.key as DeadlineKey] ?? d.key,
        detail: d.reason,
        owner: d.owner === 'hospital' ? hospitalContact(c.hospitalId) : officeContact(c.careOfficeId),
        since: d.dueAt,
        lateMs: now - Date.parse(d.dueAt),
      });
    }
  }
  // An undelivered alert to an administrator's account: name the person, not the account id.
  const accountById = new Map(
    deadNotices.some((d) => d.notice.recipientKind === 'account')
      ? (await listAccounts(deps)).map((a) => [a.id, a])
      : [],
  );
  const administratorByRegion = new Map(
    deadNotices.some((d) => d.notice.recipientKind === 'region_administrator')
      ? (await listRegionAdministrators(deps)).map((a) => [a.regionId, a])
      : [],
  );
  type Listed = { name: string; phone?: string | null; fax?: string | null; email?: string | null };
  const directoryContact = (kind: Contact['kind'], id: string, who: Listed | undefined): Contact => ({
    kind,
    id,
    name: who?.name ?? UNLISTED[kind],
    phone: who?.phone ?? null,
    fax: who?.fax ?? null,
    email: who?.email ?? null,
  });
  /** Whom to call about a notice that could not be delivered, named as a person reads it. */
  const ownerOf = (notice: (typeof deadNotices)[number]['notice'], caseRow: CaseColumns): Contact => {
    switch (notice.recipientKind) {
      case 'care_office':
        return officeContact(notice.recipientId);
      case 'other_provider':
        // A copy to the patient's other provider: the care manager's office works with it and can phone it.
        return officeContact(caseRow.careOfficeId);
      case 'account':
        return directoryContact('account', notice.recipientId, accountById.get(notice.recipientId));
      case 'receiving_hospital':
        // A hospital outside the directory: the sending hospital's window can phone it.
        return hospitalContact(caseRow.hospitalId, 'inpatient');
      case 'hospital_window':
        return documentWindowContact(notice.recipientId, caseRow.hospitalId);
      case 'hospital':
        return hospitalContact(
          notice.recipientId,
          notice.recipientPurpose === 'planned_admission' ? 'planned_admission' : 'inpatient',
        );
      case 'region_administrator':
        return directoryContact(
          'region_administrator',
          notice.recipientId,
          administratorByRegion.get(notice.recipientId),
        );
    }
  };
  for (const { notice, caseRow } of deadNotices) {
    const owner = ownerOf(notice, caseRow);
    items.push({
      id: notice.id,
      ...base(caseRow),
      kind: 'dead_notice',
      key: notice.notice,
      noticeId: notice.id,
      missedStep: `通知の不達: ${noticeLabel(notice.notice)}`,
      detail: notice.lastError,
      owner,
      since: new Date(notice.createdAt).toISOString(),
      lateMs: now - notice.createdAt,
    });
  }
  const { byItem } = await followUpsOf(
    deps,
    items.map((i) => i.id),
  );
  return items
    .map((i) => ({ ...i, ...(byItem.get(i.id) ?? { followUp: NO_FOLLOW_UP, assignee: null }) }))
    .sort((a, b) => b.lateMs - a.lateMs);
}

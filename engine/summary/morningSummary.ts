import { and, eq, gte, isNotNull, isNull, lt, type SQL } from 'drizzle-orm';
import type { Statement } from '../../db/database.js';
import { accounts, cases, faxReceipts, morningSummaries, outbox } from '../../db/schema.js';
import { addDays, jstDate, jstInstant } from '../../machines/calendar.js';
import { DAY_MS, HOUR_MS } from '../../machines/time.js';
import { type MorningSummaryFacts, morningSummaryText, type SummaryLine } from '../../notifiers/morningSummaryText.js';
import { noticeLabel, type OutboxNoticeKind } from '../../notifiers/noticeNames.js';
import { inFollowUpView, LEAK_LABELS, listStuck } from '../console/index.js';
import { newId } from '../crypto/index.js';
import type { Deps } from '../deps.js';
import { listHospitals, listRegionAdministrators } from '../directory/index.js';
import { queueNotice } from '../queueNotice.js';
import { commitWithDayClaim, dayClaimed } from './dailyClaim.js';

// The morning summary (issue: the coordination center closes the loop): once a Japan-time day, from
// the configured hour, the first sweep writes each addressee's summary and queues it as a notice,
// claiming the day in the same batch (dailyClaim.ts), so two processes sweeping at once send one.

export const MORNING_SUMMARY_JOB = 'morning_summary';
export const MORNING_SUMMARY_NOTICE = 'morning_summary' satisfies OutboxNoticeKind;

/** What a summary covers: the center of a region, one hospital, or everything (an administrator). */
export interface SummaryScope {
  regionId?: string;
  hospitalId?: string;
}

export interface SummaryAddressee {
  kind: 'account' | 'region_administrator';
  id: string;
  /** How the mail greets them: 「…センター 御中」, 「… 様」. */
  greeting: string;
  scope: SummaryScope;
}

/**
 * Who gets a summary: each region's coordination center at its address (the console's setting, else
 * the pack's), every administrator account with an email (all regions), and every hospital staff
 * account with an email (its hospital only). Disabled accounts get nothing.
 */
export async function summaryAddressees(deps: Deps): Promise<SummaryAddressee[]> {
  const [centers, people, hospitals] = await Promise.all([
    listRegionAdministrators(deps),
    deps.database.db
      .select({ id: accounts.id, name: accounts.name, role: accounts.role, hospitalId: accounts.hospitalId })
      .from(accounts)
      .where(and(isNotNull(accounts.email), isNull(accounts.disabledAt))),
    listHospitals(deps),
  ]);
  const hospitalName = new Map(hospitals.map((h) => [h.id, h.name]));
  return [
    ...centers
      .filter((c) => c.email)
      .map((c) => ({
        kind: 'region_administrator' as const,
        id: c.regionId,
        greeting: `${c.name} 御中`,
        scope: { regionId: c.regionId },
      })),
    ...people.flatMap((p): SummaryAddressee[] => {
      if (p.role === 'admin') return [{ kind: 'account', id: p.id, greeting: `${p.name} 様`, scope: {} }];
      // Staff without a hospital would see every hospital's stays: they get no summary.
      if (!p.hospitalId) return [];
      const hospital = hospitalName.get(p.hospitalId) ?? '';
      return [
        {
          kind: 'account',
          id: p.id,
          // An account already named after its hospital (「<病院名> 退院支援連携室」) is not named twice.
          greeting: `${p.name.startsWith(hospital) ? p.name : `${hospital} ${p.name}`.trim()} 様`,
          scope: { hospitalId: p.hospitalId },
        },
      ];
    }),
  ];
}

const dayOf = (instant: string) => jstDate(new Date(Date.parse(instant) - 1));

/** The summary's facts for one scope at `now`: computed from the stuck list, the leaks and the FAX receipts. */
export async function gatherSummary(
  deps: Deps,
  scope: SummaryScope,
  now: Date,
): Promise<Omit<MorningSummaryFacts, 'greeting' | 'stuckUrl'>> {
  const { db } = deps.database;
  const t = now.getTime();
  const day = jstDate(now);
  const yesterdayStart = Date.parse(jstInstant(addDays(day, -1)));
  const todayStart = Date.parse(jstInstant(day));
  const where: SQL[] = [];
  if (scope.regionId) where.push(eq(cases.regionId, scope.regionId));
  if (scope.hospitalId) where.push(eq(cases.hospitalId, scope.hospitalId));
  const [stuck, hospitals, leaks, faxes] = await Promise.all([
    listStuck(deps, { regionId: scope.regionId, hospitalId: scope.hospitalId }),
    listHospitals(deps),
    db
      .select({
        hospitalId: cases.hospitalId,
        hospitalizationId: cases.hospitalizationId,
        leakReason: cases.leakReason,
        dischargedAt: cases.dischargedAt,
      })
      .from(cases)
      .where(
        and(
          gte(cases.dischargedAt, yesterdayStart),
          lt(cases.dischargedAt, todayStart),
          isNotNull(cases.leakReason),
          ...where,
        ),
      ),
    db
      .select({
        hospitalId: cases.hospitalId,
        hospitalizationId: cases.hospitalizationId,
        notice: outbox.notice,
        sentAt: faxReceipts.sentAt,
      })
      .from(faxReceipts)
      .innerJoin(cases, eq(cases.id, faxReceipts.caseId))
      .innerJoin(outbox, eq(outbox.id, faxReceipts.outboxId))
      .where(and(eq(faxReceipts.status, 'open'), isNotNull(faxReceipts.stuckAt), ...where)),
  ]);
  const hospitalName = (id: string) => hospitals.find((h) => h.id === id)?.name ?? '';
  const active = stuck.filter((i) => inFollowUpView(i, { view: 'active' }, day));
  const isNew = (i: (typeof stuck)[number]) => Date.parse(i.since) > t - DAY_MS;
  const line = (i: (typeof stuck)[number]): SummaryLine => ({
    hospitalName: i.hospitalName,
    hospitalizationId: i.hospitalizationId,
    what: i.missedStep,
    since: dayOf(i.since),
    assignee: i.assignee?.name ?? null,
  });
  return {
    day,
    newItems: active.filter(isNew).map(line),
    // Left untouched for a day, or back from a 「…まで保留」 that has ended without being resolved.
    overdue: active
      .filter(
        (i) => !isNew(i) && (i.followUp.status === 'open' || (i.followUp.until !== null && i.followUp.until < day)),
      )
      .map(line),
    leaks: leaks.map((l) => ({
      hospitalName: hospitalName(l.hospitalId),
      hospitalizationId: l.hospitalizationId,
      what: l.leakReason ? LEAK_LABELS[l.leakReason] : '',
      since: jstDate(new Date(l.dischargedAt ?? t)),
    })),
    unconfirmedFaxes: faxes.map((f) => ({
      hospitalName: hospitalName(f.hospitalId),
      hospitalizationId: f.hospitalizationId,
      what: `${noticeLabel(f.notice)} のFAX`,
      since: jstDate(new Date(f.sentAt)),
    })),
  };
}

/**
 * From the configured Japan-time hour on, the first sweep of the day writes and queues every
 * addressee's summary; later sweeps (of this process or another) find the day claimed and do nothing.
 * Returns how many summaries it queued.
 */
export async function queueMorningSummaries(deps: Deps, now: Date): Promise<number> {
  const { db } = deps.database;
  const day = jstDate(now);
  const hour = deps.config.morningSummaryHour;
  if (hour === null || now.getTime() < Date.parse(jstInstant(day)) + hour * HOUR_MS) return 0;
  if (await dayClaimed(deps, MORNING_SUMMARY_JOB, day)) return 0;
  const at = now.getTime();
  const statements: Statement[] = [];
  const stuckUrl = `${deps.config.publicBaseUrl}/console/stuck`;
  const addressees = await summaryAddressees(deps);
  for (const to of addressees) {
    const facts = await gatherSummary(deps, to.scope, now);
    const { subject, text } = morningSummaryText({ ...facts, greeting: to.greeting, stuckUrl });
    const id = newId('sum');
    statements.push(
      db.insert(morningSummaries).values({
        id,
        day,
        recipientKind: to.kind,
        recipientId: to.id,
        subject,
        text,
        createdAt: at,
      }),
      queueNotice(db, {
        caseId: null,
        notice: MORNING_SUMMARY_NOTICE,
        route: 'email',
        recipientKind: to.kind,
        recipientId: to.id,
        documentId: id,
        idempotencyKey: `summary:${day}:${to.kind}:${to.id}`,
        at,
      }),
    );
  }
  // Another process claimed the day between our check and our batch: it sends the summaries.
  if (!(await commitWithDayClaim(deps, MORNING_SUMMARY_JOB, day, at, statements))) return 0;
  deps.afterCommit?.();
  return addressees.length;
}

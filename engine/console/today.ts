import { and, eq, inArray, max, ne, or } from 'drizzle-orm';
import { caseEvents, cases, contactWindows, faxReceipts, outbox } from '../../db/schema.js';
import { addDays, daysBetween, jstDate } from '../../machines/calendar.js';
import { expectedDischargeDate } from '../../machines/deadlines.js';
import { md } from '../../machines/time.js';
import type { DeadlineKey, HospitalizationContext } from '../../machines/types.js';
import { noticeTitle } from '../../notifiers/noticeNames.js';
import type { Deps } from '../deps.js';

// Today's work of one hospital's liaison office: each row is a step the hospital owes now, with the
// fact that settles it. Read from the hospital's open stays (their snapshots), its unconfirmed FAXes
// and when it last recorded anything; nothing here changes a case.

export type TodayKind =
  | 'no_care_office'
  | 'screening_due'
  | 'interview_due'
  | 'discharge_start_due'
  | 'conference_this_week'
  | 'nursing_summary'
  | 'fax_receipt'
  | 'forgotten';

export interface TodayRow {
  kind: TodayKind;
  caseId: string;
  hospitalizationId: string;
  ward: string;
  /** The day it is due or about (YYYY-MM-DD in Japan), when there is one. */
  on: string | null;
  overdue: boolean;
  /** What to do, in Japanese, with the day counts that make it due. */
  detail: string;
  /** The fact that settles it (a console form), or null when it is settled elsewhere (a FAX's receipt page). */
  settleWith: string | null;
}

/** The sources of a fact the hospital (or someone for it) recorded; timers and deliveries are not the hospital's. */
const HOSPITAL_SOURCES = ['hospital', 'staff', 'admin'] as const;

function deadline(ctx: HospitalizationContext, key: DeadlineKey) {
  const d = ctx.deadlines.find((x) => x.key === key);
  return d && (d.status === 'open' || d.status === 'overdue') ? d : null;
}

/** Route B without a care manager: the fact that settles the step the stay is in (B①, then the assignment). */
const ROUTE_B_NEXT_FACT: Record<string, string> = {
  eligibilityScreening: 'eligibility_screened',
  insuranceApplication: 'insurance_application_supported',
};

/** The day a deadline's due instant falls on in Japan (the end of that day is the instant itself). */
const dueDay = (dueAt: string) => jstDate(new Date(Date.parse(dueAt) - 1));

function stayRows(
  ctx: HospitalizationContext,
  c: { id: string; hospitalizationId: string; state: string },
  today: string,
  lastFactOn: string | null,
  region: { leadDays: number; quietDays: number },
): TodayRow[] {
  const rows: TodayRow[] = [];
  const row = (kind: TodayKind, on: string | null, overdue: boolean, detail: string, settleWith: string | null) =>
    rows.push({
      kind,
      caseId: c.id,
      hospitalizationId: c.hospitalizationId,
      ward: ctx.ward,
      on,
      overdue,
      detail,
      settleWith,
    });
  const inStay = ctx.discharge === null && ctx.closedReason === null;
  if (inStay && ctx.careOfficeId === null) {
    const identify = deadline(ctx, 'careManagerIdentification');
    // Route A settles it by naming the office; route B by the next fact of its own step.
    const settle =
      ctx.route === 'A' ? 'care_office_identified' : (ROUTE_B_NEXT_FACT[c.state] ?? 'care_manager_assigned');
    row(
      'no_care_office',
      identify ? dueDay(identify.dueAt) : null,
      identify?.status === 'overdue',
      ctx.route === 'A'
        ? '担当ケアマネジャーが不明: 本人・家族・介護保険証で確認し、事業所を記録'
        : 'ケアマネジャーなし: 介護保険申請の目安の確認・担当の依頼',
      settle,
    );
  }
  const screening = deadline(ctx, 'dischargeDifficultyScreening');
  if (screening) {
    const day1 = jstDate(ctx.admittedAt);
    row(
      'screening_due',
      dueDay(screening.dueAt),
      screening.status === 'overdue',
      `退院困難な患者の抽出: 入院${daysBetween(day1, today) + 1}日目 (加算1は${md(addDays(day1, 2))}まで、加算2は${md(addDays(day1, 6))}まで)`,
      'discharge_difficulty_screened',
    );
  }
  const interview = deadline(ctx, 'patientFamilyInterview');
  if (interview)
    row(
      'interview_due',
      dueDay(interview.dueAt),
      interview.status === 'overdue',
      `退院困難と判断した患者・家族との面接: 入院後7日以内 (${md(dueDay(interview.dueAt))}まで)`,
      'patient_family_interviewed',
    );
  const start = deadline(ctx, 'dischargeStartNotice');
  const expected = expectedDischargeDate(ctx);
  // Shown from the reminder's day on: the lead days before the last day of the notice.
  if (start && expected && daysBetween(today, expected) <= 2 * region.leadDays)
    row(
      'discharge_start_due',
      dueDay(start.dueAt),
      start.status === 'overdue',
      `退院見込み ${md(expected)} (あと${daysBetween(today, expected)}日): 退院調整開始の連絡がまだ (${md(dueDay(start.dueAt))}までに)`,
      'discharge_planning_started',
    );
  const nextWeek = addDays(today, 7);
  for (const conf of ctx.conferences) {
    const on = conf.at ? jstDate(conf.at) : null;
    if (conf.heldAt === null && on && on >= today && on < nextWeek)
      row(
        'conference_this_week',
        on,
        false,
        `カンファレンス ${md(on)} ${conf.online ? 'オンライン' : (conf.place ?? '')}: 開催したら参加者を記録`,
        'conference_held',
      );
  }
  if (c.state === 'discharged' && ctx.discharge && ctx.discharge.nursingSummarySentAt === null)
    row(
      'nursing_summary',
      jstDate(ctx.discharge.at),
      false,
      `${md(jstDate(ctx.discharge.at))}に退院: 看護サマリー等をケアマネジャーへ提供`,
      'nursing_summary_sent',
    );
  if (inStay) {
    const pastExpected = expected !== null && expected < today;
    const quiet = lastFactOn !== null && daysBetween(lastFactOn, today) >= region.quietDays;
    if (pastExpected || quiet)
      row(
        'forgotten',
        pastExpected ? expected : lastFactOn,
        true,
        pastExpected
          ? `退院見込み日 ${md(expected)} を過ぎても入院中のまま: 退院・転院していれば記録`
          : `${daysBetween(lastFactOn!, today)}日間、病院からの記録なし: 退院・転院していれば記録`,
        'discharged',
      );
  }
  return rows;
}

/** One hospital's work today, most urgent first: overdue rows, then by day. */
export async function todayFor(deps: Deps, hospitalId: string): Promise<TodayRow[]> {
  const { db } = deps.database;
  const today = jstDate(deps.now());
  const [open, lastFacts, windows] = await db.batch([
    db
      .select({
        id: cases.id,
        hospitalizationId: cases.hospitalizationId,
        state: cases.state,
        regionId: cases.regionId,
        snapshot: cases.snapshot,
      })
      .from(cases)
      .where(and(eq(cases.hospitalId, hospitalId), ne(cases.state, 'closed'))),
    db
      .select({ caseId: caseEvents.caseId, at: max(caseEvents.receivedAt) })
      .from(caseEvents)
      .innerJoin(cases, eq(cases.id, caseEvents.caseId))
      .where(
        and(
          eq(cases.hospitalId, hospitalId),
          ne(cases.state, 'closed'),
          inArray(caseEvents.source, [...HOSPITAL_SOURCES]),
        ),
      )
      .groupBy(caseEvents.caseId),
    db.select({ id: contactWindows.id }).from(contactWindows).where(eq(contactWindows.hospitalId, hospitalId)),
  ]);
  const last = new Map(lastFacts.map((r) => [r.caseId, r.at === null ? null : jstDate(new Date(r.at))]));
  const rows = open.flatMap((c) => {
    const region = deps.regions.get(c.regionId);
    return stayRows(c.snapshot.context, c, today, last.get(c.id) ?? null, {
      leadDays: c.snapshot.context.rule.dischargeStartLeadDays,
      quietDays: region?.hospitalWork.quietStayDays ?? 14,
    });
  });
  const faxes = await db
    .select({
      caseId: faxReceipts.caseId,
      sentAt: faxReceipts.sentAt,
      notice: outbox.notice,
      hospitalizationId: cases.hospitalizationId,
      snapshot: cases.snapshot,
    })
    .from(faxReceipts)
    .innerJoin(outbox, eq(outbox.id, faxReceipts.outboxId))
    .innerJoin(cases, eq(cases.id, faxReceipts.caseId))
    .where(
      and(
        eq(faxReceipts.status, 'open'),
        or(
          and(eq(outbox.recipientKind, 'hospital'), eq(outbox.recipientId, hospitalId)),
          and(
            eq(outbox.recipientKind, 'hospital_window'),
            inArray(
              outbox.recipientId,
              windows.map((w) => w.id),
            ),
          ),
        ),
      ),
    );
  for (const f of faxes) {
    const on = jstDate(new Date(f.sentAt));
    rows.push({
      kind: 'fax_receipt',
      caseId: f.caseId,
      hospitalizationId: f.hospitalizationId,
      ward: f.snapshot.context.ward,
      on,
      overdue: false,
      detail: `${md(on)}に届いたFAX「${noticeTitle(f.notice)}」の受信確認がまだ: FAXのQRコードまたは確認番号で受信を確認`,
      settleWith: null,
    });
  }
  return rows.sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.on ?? '9999').localeCompare(b.on ?? '9999'));
}

import { and, eq, gte, inArray, isNotNull, lt, type SQL, sql } from 'drizzle-orm';
import { cases, hospitals } from '../../db/schema.js';
import { jstDate } from '../../machines/calendar.js';
import {
  type CareLevelGroup,
  isLateNotice,
  isSurveyLeak,
  LATE_NOTICE,
  readAddOnClaims,
  SURVEY_LEAKS,
} from '../../machines/measures.js';
import { DAY_MS } from '../../machines/time.js';
import type { LeakReason } from '../../machines/types.js';
import type { Principal } from '../access/index.js';
import type { Deps } from '../deps.js';
import { toCsv } from './csv.js';
import { scopedFilter } from './stuck.js';

// The rule's outcome measures, per month (Japan time), per hospital and per region, computed from
// the records: the handoff-leak rate as the Kagoshima survey defines it (seed 003: discharges home
// whose handoff never happened / discharges home; machines/measures.ts SURVEY_LEAKS), late notices
// as their own rate (delivered, but fewer than the region's lead days before), both split by
// 要支援 / 要介護 and given over the hospitals taking part as well as all; the share of information
// sheets within the deadline, the days from discharge start to discharge, and the add-ons the records
// support (in the month each is claimed: 退院・退所加算 in the month services start).

export interface MetricsFilter {
  month: string;
  regionId?: string | undefined;
  hospitalId?: string | undefined;
}

/** Discharges home, and of them the survey's leaks and the late notices, with both rates. */
export interface HandoffRates {
  dischargesHome: number;
  /** Handoffs that never happened (seed 003's 調整漏れ). */
  leaks: number;
  /** leaks / dischargesHome; null without discharges home. */
  leakRate: number | null;
  /** Discharge-start notices that reached the care manager, but fewer than the region's lead days before. */
  lateNotices: number;
  lateNoticeRate: number | null;
}

export type CareLevelKey = CareLevelGroup | 'unknown';

export interface MetricsRow extends HandoffRates {
  scope: 'region' | 'hospital';
  id: string;
  name: string;
  regionId: string;
  /** A hospital row: whether it takes part in the rule; a region row: null. */
  participating: boolean | null;
  /** Every way a handoff fell short (leaks and late notices), by reason. */
  leakReasons: Partial<Record<LeakReason, number>>;
  /** 要支援 / 要介護 / not known from the records (seed 003 splits the survey by care level). */
  byCareLevel: Record<CareLevelKey, HandoffRates>;
  /** A region row: the same over the hospitals taking part (003: 「( )は参加病院」); a hospital row: null. */
  participatingHospitals: HandoffRates | null;
  /** Information-sheet deadlines decided this month (met, late, missed or overdue) and those met. */
  informationSheets: number;
  informationSheetsOnTime: number;
  informationSheetOnTimeShare: number | null;
  /** 「今回は提供不要（病院と合意）」 on repeat admissions this month: its own outcome, in neither count above. */
  informationSheetsNotNeeded: number;
  /** Discharges this month of stays out of the rule's scope (Sanda §2(3)): in none of the rates above. */
  dischargesOutOfScope: number;
  /** Days from discharge-planning start to discharge, over discharges home with a start. */
  dischargeStartDays: { count: number; mean: number | null; median: number | null };
  /** Add-on code → cases (discharged this month) whose records support it. */
  addOns: Record<string, { name: string; supported: number }>;
}

/**
 * The months the measures can be asked for: a month, its 6-month trend and the month after it must
 * all be four-digit years, and nothing before 2000 was ever recorded. Outside this, the question is
 * wrong, not the server: the API answers 400, the console a message next to the month.
 */
export const METRICS_MONTHS = { first: '2000-01', last: '2999-12' } as const;

/** YYYY-MM with a real month (01–12), within METRICS_MONTHS. */
export function isMetricsMonth(month: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(month) && month >= METRICS_MONTHS.first && month <= METRICS_MONTHS.last;
}

export function monthBounds(month: string): { start: number; end: number } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { start: Date.parse(`${month}-01T00:00:00+09:00`), end: Date.parse(`${next}-01T00:00:00+09:00`) };
}

export function currentMonth(now: Date): string {
  return jstDate(now).slice(0, 7);
}

/** The last month that has ended in Japan: what a monthly figure is read for (this month is still filling). */
export function lastCompleteMonth(now: Date): string {
  return previousMonths(currentMonth(now), 2)[0] as string;
}

export function previousMonths(month: string, count: number): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const k = y * 12 + (m - 1) - (count - 1 - i);
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  });
}

const DECIDED = new Set(['met', 'late', 'missed', 'overdue']);

/** How long after a discharge an add-on may still be claimed (退院・退所加算 in the month services start). */
const CLAIM_LAG_DAYS = 92;

interface Counts {
  home: number;
  leaks: number;
  late: number;
}
const emptyCounts = (): Counts => ({ home: 0, leaks: 0, late: 0 });
export const CARE_LEVELS: CareLevelKey[] = ['support', 'care', 'unknown'];
export const CARE_LEVEL_LABELS: Record<CareLevelKey, string> = {
  support: '要支援',
  care: '要介護',
  unknown: '要介護度の記録なし',
};

interface Acc extends Counts {
  levels: Record<CareLevelKey, Counts>;
  participating: Counts;
  reasons: Partial<Record<LeakReason, number>>;
  sheets: number;
  onTime: number;
  notNeeded: number;
  outOfScope: number;
  days: number[];
  addOns: MetricsRow['addOns'];
}
const emptyAcc = (): Acc => ({
  ...emptyCounts(),
  levels: { support: emptyCounts(), care: emptyCounts(), unknown: emptyCounts() },
  participating: emptyCounts(),
  reasons: {},
  sheets: 0,
  onTime: 0,
  notNeeded: 0,
  outOfScope: 0,
  days: [],
  addOns: {},
});

function rates(c: Counts): HandoffRates {
  return {
    dischargesHome: c.home,
    leaks: c.leaks,
    leakRate: c.home ? c.leaks / c.home : null,
    lateNotices: c.late,
    lateNoticeRate: c.home ? c.late / c.home : null,
  };
}

/** One discharge outcome (n stays) counted into the counts it belongs to. */
function countOutcome(targets: Counts[], reason: LeakReason | null, n: number): void {
  for (const c of targets) {
    c.home += n;
    if (isSurveyLeak(reason)) c.leaks += n;
    if (isLateNotice(reason)) c.late += n;
  }
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function toRow(
  scope: MetricsRow['scope'],
  id: string,
  name: string,
  regionId: string,
  a: Acc,
  participating: boolean | null,
): MetricsRow {
  return {
    scope,
    id,
    name,
    regionId,
    ...rates(a),
    participating,
    leakReasons: a.reasons,
    byCareLevel: {
      support: rates(a.levels.support),
      care: rates(a.levels.care),
      unknown: rates(a.levels.unknown),
    },
    participatingHospitals: scope === 'region' ? rates(a.participating) : null,
    informationSheets: a.sheets,
    informationSheetsOnTime: a.onTime,
    informationSheetOnTimeShare: a.sheets ? a.onTime / a.sheets : null,
    informationSheetsNotNeeded: a.notNeeded,
    dischargesOutOfScope: a.outOfScope,
    dischargeStartDays: {
      count: a.days.length,
      mean: a.days.length ? round1(a.days.reduce((s, x) => s + x, 0) / a.days.length) : null,
      median: median(a.days) === null ? null : round1(median(a.days)!),
    },
    addOns: a.addOns,
  };
}

/** One month's measures: a row per region, then a row per hospital. */
export async function monthlyMetrics(
  deps: Deps,
  filter: MetricsFilter,
): Promise<{ month: string; rows: MetricsRow[] }> {
  const { db } = deps.database;
  const { start, end } = monthBounds(filter.month);
  // Every read is served by a covering index (cases_discharges, cases_admissions) and aggregated by
  // SQLite: no snapshot is read, and a month of a large region costs index entries, not rows in JS.
  const inHospital: SQL[] = filter.hospitalId ? [eq(cases.hospitalId, filter.hospitalId)] : [];
  const dischargedInMonth = and(gte(cases.dischargedAt, start), lt(cases.dischargedAt, end), ...inHospital);
  const count = sql<number>`count(*)`;
  const inMonth = sql<number>`(${cases.dischargedAt} >= ${start})`;
  const [outcomes, planningDays, addOns, admissions, hospitalRows] = await db.batch([
    db
      .select({
        hospitalId: cases.hospitalId,
        destination: cases.dischargeDestination,
        leakReason: cases.leakReason,
        careLevel: cases.careLevel,
        outOfRuleScope: cases.outOfRuleScope,
        count,
      })
      .from(cases)
      .where(dischargedInMonth)
      .groupBy(cases.hospitalId, cases.dischargeDestination, cases.leakReason, cases.careLevel, cases.outOfRuleScope),
    db
      .select({
        hospitalId: cases.hospitalId,
        days: sql<number>`(${cases.dischargedAt} - ${cases.dischargePlanningStartedAt}) / ${sql.raw(`${DAY_MS}.0`)}`,
      })
      .from(cases)
      .where(
        and(dischargedInMonth, eq(cases.dischargeDestination, 'home'), isNotNull(cases.dischargePlanningStartedAt)),
      ),
    // Stays mostly share the same few add-on lists: counted per distinct list (held in short in the
    // index: grouping by the ~1 KB lists with their names cost 120 ms at 100,000 stays), parsed once each. An
    // add-on claimed in a later month (退院・退所加算: the month services start) is read from the stays
    // discharged up to CLAIM_LAG_DAYS before the month, and counted in its own month only.
    db
      .select({
        hospitalId: cases.hospitalId,
        claims: cases.addOnClaims,
        inMonth,
        count,
      })
      .from(cases)
      .where(and(gte(cases.dischargedAt, start - CLAIM_LAG_DAYS * DAY_MS), lt(cases.dischargedAt, end), ...inHospital))
      .groupBy(cases.hospitalId, cases.addOnClaims, inMonth),
    db
      .select({ hospitalId: cases.hospitalId, sheet: cases.informationSheetStatus, count })
      .from(cases)
      .where(and(gte(cases.admittedAt, start), lt(cases.admittedAt, end), ...inHospital))
      .groupBy(cases.hospitalId, cases.informationSheetStatus),
    db
      .select({
        id: hospitals.id,
        name: hospitals.name,
        regionId: hospitals.regionId,
        participating: hospitals.participating,
      })
      .from(hospitals),
  ]);
  const regionOf = new Map(hospitalRows.map((h) => [h.id, h.regionId]));
  const takesPart = new Map(hospitalRows.map((h) => [h.id, h.participating]));
  const inScope = (hospitalId: string) => !filter.regionId || regionOf.get(hospitalId) === filter.regionId;
  const byHospital = new Map<string, Acc>();
  const byRegion = new Map<string, Acc>();
  const accFor = (m: Map<string, Acc>, k: string) => m.get(k) ?? m.set(k, emptyAcc()).get(k)!;
  const accsOf = (hospitalId: string) => [
    accFor(byHospital, hospitalId),
    accFor(byRegion, regionOf.get(hospitalId) ?? hospitalId),
  ];
  for (const r of outcomes) {
    if (!inScope(r.hospitalId)) continue;
    const n = Number(r.count);
    // Out of the rule's scope (§2(3)): counted apart, in no rate.
    if (r.outOfRuleScope) {
      for (const a of accsOf(r.hospitalId)) a.outOfScope += n;
      continue;
    }
    if (r.destination !== 'home') continue;
    const level: CareLevelKey = r.careLevel ?? 'unknown';
    const participating = takesPart.get(r.hospitalId) ?? true;
    for (const a of accsOf(r.hospitalId)) {
      countOutcome([a, a.levels[level], ...(participating ? [a.participating] : [])], r.leakReason, n);
      if (r.leakReason) a.reasons[r.leakReason] = (a.reasons[r.leakReason] ?? 0) + n;
    }
  }
  for (const r of planningDays) {
    if (inScope(r.hospitalId)) for (const a of accsOf(r.hospitalId)) a.days.push(Number(r.days));
  }
  for (const r of addOns) {
    if (!inScope(r.hospitalId)) continue;
    const n = Number(r.count);
    for (const a of accsOf(r.hospitalId)) {
      for (const addOn of readAddOnClaims(r.claims ?? '')) {
        const claimedNow = addOn.month ? addOn.month === filter.month : Boolean(Number(r.inMonth));
        if (!claimedNow && !Number(r.inMonth)) continue;
        const entry = a.addOns[addOn.code] ?? { name: addOn.name, supported: 0 };
        a.addOns[addOn.code] = entry;
        if (addOn.supported && claimedNow) entry.supported += n;
      }
    }
  }
  for (const r of admissions) {
    if (!inScope(r.hospitalId)) continue;
    const accs = accsOf(r.hospitalId);
    if (r.sheet === 'not_needed') for (const a of accs) a.notNeeded += Number(r.count);
    if (!r.sheet || !DECIDED.has(r.sheet)) continue;
    for (const a of accs) {
      a.sheets += Number(r.count);
      if (r.sheet === 'met') a.onTime += Number(r.count);
    }
  }
  const regionRows = [...byRegion.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, a]) => toRow('region', id, deps.regions.get(id)?.name ?? id, id, a, null));
  const hospitalOut = hospitalRows
    .filter(
      (h) => (!filter.regionId || h.regionId === filter.regionId) && (!filter.hospitalId || h.id === filter.hospitalId),
    )
    .filter(
      (h) =>
        byHospital.has(h.id) ||
        byRegion.has(h.regionId) ||
        h.regionId === filter.regionId ||
        filter.hospitalId === h.id,
    )
    .map((h) => toRow('hospital', h.id, h.name, h.regionId, byHospital.get(h.id) ?? emptyAcc(), h.participating));
  // A hospital's own view has no region row: it would count that hospital only.
  return { month: filter.month, rows: [...(filter.hospitalId ? [] : regionRows), ...hospitalOut] };
}

/** The leak rate per month for the months given, per region: the survey's trend line. */
export async function leakTrend(
  deps: Deps,
  months: string[],
  filter: { regionId?: string | undefined; hospitalId?: string | undefined } = {},
) {
  const { db } = deps.database;
  const first = monthBounds(months[0]!).start;
  const last = monthBounds(months.at(-1)!).end;
  const month = sql<string>`strftime('%Y-%m', (${cases.dischargedAt} / 1000) + 32400, 'unixepoch')`;
  const where: SQL[] = [
    eq(cases.dischargeDestination, 'home'),
    eq(cases.outOfRuleScope, false),
    gte(cases.dischargedAt, first),
    lt(cases.dischargedAt, last),
  ];
  if (filter.regionId) where.push(eq(cases.regionId, filter.regionId));
  if (filter.hospitalId) where.push(eq(cases.hospitalId, filter.hospitalId));
  const rows = await db
    .select({
      month,
      home: sql<number>`count(*)`,
      leaks: sql<number>`sum(case when ${inArray(cases.leakReason, [...SURVEY_LEAKS])} then 1 else 0 end)`,
      late: sql<number>`sum(case when ${inArray(cases.leakReason, [...LATE_NOTICE])} then 1 else 0 end)`,
    })
    .from(cases)
    .where(and(...where))
    .groupBy(month);
  const found = new Map(rows.map((r) => [r.month, r]));
  return months.map((m) => {
    const r = found.get(m);
    return {
      month: m,
      ...rates({ home: Number(r?.home ?? 0), leaks: Number(r?.leaks ?? 0), late: Number(r?.late ?? 0) }),
    };
  });
}

/** A share as people read it: one decimal, "—" when there is nothing to divide. */
export function percent(x: number | null): string {
  return x === null ? '—' : `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
}

/** The month's measures as CSV (engine/console/csv.ts: BOM, CRLF, formulas neutralised). */
export function metricsCsv(result: { month: string; rows: MetricsRow[] }): string {
  const codes = [...new Set(result.rows.flatMap((r) => Object.keys(r.addOns)))].sort();
  const names = new Map(result.rows.flatMap((r) => Object.entries(r.addOns).map(([c, a]) => [c, a.name] as const)));
  const rateHeader = (prefix: string) => [
    `${prefix}自宅への退院`,
    `${prefix}調整漏れ(引継ぎなし)`,
    `${prefix}調整漏れ率(%)`,
    `${prefix}連絡の遅れ(目安日数未満)`,
    `${prefix}連絡の遅れの割合(%)`,
  ];
  const header = [
    '月',
    '区分',
    'ID',
    '名称',
    '参加病院',
    ...rateHeader(''),
    ...CARE_LEVELS.flatMap((l) => rateHeader(`${CARE_LEVEL_LABELS[l]}:`)),
    ...rateHeader('参加病院のみ:'),
    '情報提供シート(判定済)',
    '3日以内',
    '3日以内の割合(%)',
    '情報提供シート: 今回は提供不要(病院と合意)',
    '支援の対象外の退院(割合に含めない)',
    '退院調整開始から退院まで(平均日数)',
    '同(中央値)',
    ...codes.map((c) => `加算:${names.get(c) ?? c}`),
  ];
  const pct = (x: number | null) => (x === null ? null : (Math.round(x * 1000) / 10).toFixed(1));
  const rateCells = (x: HandoffRates | null) =>
    x
      ? [x.dischargesHome, x.leaks, pct(x.leakRate), x.lateNotices, pct(x.lateNoticeRate)]
      : [null, null, null, null, null];
  const lines = result.rows.map((r) => [
    result.month,
    r.scope === 'region' ? '地域' : '病院',
    r.id,
    r.name,
    r.participating === null ? null : r.participating ? 'はい' : 'いいえ',
    ...rateCells(r),
    ...CARE_LEVELS.flatMap((l) => rateCells(r.byCareLevel[l])),
    // A hospital row is its own: the share over hospitals taking part is a region's.
    ...rateCells(r.participatingHospitals),
    r.informationSheets,
    r.informationSheetsOnTime,
    pct(r.informationSheetOnTimeShare),
    r.informationSheetsNotNeeded,
    r.dischargesOutOfScope,
    r.dischargeStartDays.mean,
    r.dischargeStartDays.median,
    ...codes.map((c) => r.addOns[c]?.supported ?? 0),
  ]);
  return toCsv([header, ...lines]);
}

/** The measures a page or the API shows, for the caller's scope. */
export async function metricsFor(
  deps: Deps,
  principal: Principal,
  q: { month?: string | undefined; region?: string | undefined; hospitalId?: string | undefined },
) {
  const month = q.month ?? currentMonth(deps.now());
  const scope = scopedFilter(principal, { regionId: q.region, hospitalId: q.hospitalId });
  const [result, trend] = await Promise.all([
    monthlyMetrics(deps, { month, regionId: scope.regionId, hospitalId: scope.hospitalId }),
    leakTrend(deps, previousMonths(month, 6), { regionId: scope.regionId, hospitalId: scope.hospitalId }),
  ]);
  return { ...result, trend };
}

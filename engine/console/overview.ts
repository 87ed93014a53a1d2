import { and, eq, gte, inArray, lt, ne, type SQL, sql } from 'drizzle-orm';
import { cases, faxReceipts } from '../../db/schema.js';
import { SURVEY_LEAKS } from '../../machines/measures.js';
import { mailedAdministrators } from '../access/index.js';
import type { Deps } from '../deps.js';
import { type AlertView, listAlerts } from '../notices/index.js';
import { currentMonth, monthBounds } from './metrics.js';
import { listStuck, type StuckFilter, type StuckItem } from './stuck.js';

export interface Overview {
  activeByState: { state: string; count: number }[];
  overdueDeadlines: number;
  deadNotices: number;
  /** FAXes sent whose receiver has not confirmed receipt (a FAX sent one way is not a handoff). */
  unconfirmedFaxes: number;
  month: string;
  dischargesHomeThisMonth: number;
  leaksThisMonth: number;
  stuck: StuckItem[];
  /** Alerts to administrators (dead letters, refused FAX numbers, failing sweeps): how many, the latest. */
  alerts: { count: number; items: AlertView[] };
  /**
   * Per region in scope, how many are mailed an escalation of a missed deadline (the region
   * administrator's address, administrator accounts with an email, and for staff their hospital's
   * staff). 0: nobody is mailed, the escalation stays on this console.
   */
  escalationMail: { regionId: string; regionName: string; recipients: number }[];
}

/** What the coordination center looks at first; `scope` limits it to one hospital for its staff. */
export async function overview(deps: Deps, scope: StuckFilter): Promise<Overview> {
  const { db } = deps.database;
  const month = currentMonth(deps.now());
  const { start, end } = monthBounds(month);
  const inScope: SQL[] = [];
  if (scope.hospitalId) inScope.push(eq(cases.hospitalId, scope.hospitalId));
  if (scope.regionId) inScope.push(eq(cases.regionId, scope.regionId));
  const count = sql<number>`count(*)`;
  const regionIds = scope.regionId ? [scope.regionId] : [...deps.regions.keys()];
  const [byState, faxes, leaks, stuck, alerts, mailed] = await Promise.all([
    db
      .select({ state: cases.state, count })
      .from(cases)
      .where(and(ne(cases.state, 'closed'), ...inScope))
      .groupBy(cases.state),
    db
      .select({ count })
      .from(faxReceipts)
      .innerJoin(cases, eq(cases.id, faxReceipts.caseId))
      .where(and(eq(faxReceipts.status, 'open'), ...inScope)),
    db
      .select({
        home: count,
        // The survey's leaks (seed 003): a late notice is a handoff that happened.
        leaks: sql<number>`coalesce(sum(case when ${inArray(cases.leakReason, [...SURVEY_LEAKS])} then 1 else 0 end), 0)`,
      })
      .from(cases)
      .where(
        and(
          eq(cases.dischargeDestination, 'home'),
          // Out of the rule's scope (§2(3)): not in the leak rate.
          eq(cases.outOfRuleScope, false),
          gte(cases.dischargedAt, start),
          lt(cases.dischargedAt, end),
          ...inScope,
        ),
      ),
    listStuck(deps, scope),
    listAlerts(deps, scope),
    Promise.all(
      regionIds.map((regionId) => mailedAdministrators(deps, { regionId, hospitalId: scope.hospitalId ?? null })),
    ),
  ]);
  return {
    activeByState: byState.map((r) => ({ state: r.state, count: Number(r.count) })),
    overdueDeadlines: stuck.filter((s) => s.kind === 'deadline').length,
    deadNotices: stuck.filter((s) => s.kind === 'dead_notice').length,
    unconfirmedFaxes: Number(faxes[0]?.count ?? 0),
    month,
    dischargesHomeThisMonth: Number(leaks[0]?.home ?? 0),
    leaksThisMonth: Number(leaks[0]?.leaks ?? 0),
    stuck,
    alerts,
    escalationMail: regionIds.map((regionId, i) => ({
      regionId,
      regionName: deps.regions.get(regionId)?.name ?? regionId,
      recipients: mailed[i]?.length ?? 0,
    })),
  };
}

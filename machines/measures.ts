import { ADD_ON_NAMES, type AddOn, type AddOnCode, billingEvidence } from './billing.js';
import type { Deadline, HospitalizationContext, LeakReason } from './types.js';

/**
 * 要支援 or 要介護, as the survey splits its rates (seed 003: 要支援・要介護ともに). The records tell it
 * by who makes the plan: a 地域包括支援センター makes 介護予防支援 plans (要支援), a 居宅介護支援事業所
 * makes 居宅サービス計画 (要介護); a new applicant (route B) by the care level the hospital expected.
 */
export type CareLevelGroup = 'support' | 'care';

export function careLevelGroup(ctx: HospitalizationContext): CareLevelGroup | null {
  const expected = ctx.assignment?.expectedCareLevel;
  if (expected === 'support' || expected === 'care') return expected;
  if (ctx.officeKind === 'community_support_center') return 'support';
  if (ctx.officeKind === 'home_care_office') return 'care';
  return null;
}

/**
 * The survey's 「調整漏れ」 (seed 003): a discharge home whose handoff to the care manager never
 * happened: no care manager, no discharge-start notice before the discharge, or one that never
 * reached them. A notice that did reach them, only later than the region's lead days, is a handoff
 * that happened late: its own measure (late notice), not a leak.
 */
export const SURVEY_LEAKS: readonly LeakReason[] = [
  'no_care_manager',
  'no_discharge_start_notice',
  'discharge_start_notice_undelivered',
];
export const LATE_NOTICE: readonly LeakReason[] = ['discharge_start_notice_late'];
// No reason (no leak) is in neither list.
export const isSurveyLeak = (reason: LeakReason | null | undefined): boolean =>
  (SURVEY_LEAKS as readonly (LeakReason | null | undefined)[]).includes(reason);
export const isLateNotice = (reason: LeakReason | null | undefined): boolean =>
  (LATE_NOTICE as readonly (LeakReason | null | undefined)[]).includes(reason);

/**
 * What the monthly measures need from one stay, derived from its snapshot at every commit and
 * kept in columns that the measures' indexes hold: the metrics page then reads index entries
 * instead of whole snapshots, and stays fast over a region's year of discharges.
 */
export interface CaseMeasures {
  /**
   * The status of the information-sheet deadline, if the stay has one; `not_needed` when the two sides
   * agreed on a repeat admission that it is not needed this time (its own outcome: not on time, not a leak).
   */
  informationSheetStatus: string | null;
  /** Out of the rule's scope (Sanda §2(3)): left out of the leak rate, counted apart. */
  outOfRuleScope: boolean;
  dischargePlanningStartedAt: number | null;
  careLevel: CareLevelGroup | null;
  /** `month`: the month it is claimed in when not the discharge month (退院・退所加算: services' start). */
  addOns: Pick<AddOn, 'code' | 'name' | 'supported' | 'month'>[];
  /**
   * The same add-ons in short (addOnClaimsText), for the monthly measures' index: a few dozen bytes
   * a stay instead of the ~1 KB of the list with its names, which the measures group stays by.
   */
  addOnClaims: string;
}

export type AddOnClaim = Pick<AddOn, 'code' | 'supported' | 'month'>;

/**
 * A stay's add-ons as one short text: `code`, `+` when supported, `@YYYY-MM` when claimed in a later
 * month, comma-separated in the evidence's order (e.g. `info_linkage_1+,discharge_2ro+@2027-01`).
 * Codes and months never hold `+`, `@` or `,`.
 */
export function addOnClaimsText(addOns: readonly AddOnClaim[]): string {
  return addOns.map((a) => `${a.code}${a.supported ? '+' : ''}${a.month ? `@${a.month}` : ''}`).join(',');
}

/** addOnClaimsText read back, with each add-on's name from the one list of codes. */
export function readAddOnClaims(text: string): (AddOnClaim & { name: string })[] {
  if (text === '') return [];
  return text.split(',').map((item) => {
    const [head, month] = item.split('@') as [string, string | undefined];
    const supported = head.endsWith('+');
    const code = (supported ? head.slice(0, -1) : head) as AddOnCode;
    return { code, name: ADD_ON_NAMES[code] ?? '(一覧にない加算)', supported, ...(month ? { month } : {}) };
  });
}

export type OverdueDeadline = Pick<Deadline, 'key' | 'owner' | 'dueAt' | 'reason'>;

export function caseMeasures(
  ctx: HospitalizationContext,
): CaseMeasures & { overdueDeadlines: OverdueDeadline[] | null } {
  const overdue = ctx.deadlines.filter((d) => d.status === 'overdue');
  return {
    overdueDeadlines: overdue.length
      ? overdue.map(({ key, owner, dueAt, reason }) => ({ key, owner, dueAt, reason }))
      : null,
    informationSheetStatus: ctx.informationSheetNotNeeded
      ? 'not_needed'
      : (ctx.deadlines.find((d) => d.key === 'informationSheet')?.status ?? null),
    outOfRuleScope: ctx.inRuleScope === false,
    dischargePlanningStartedAt: ctx.dischargePlanning ? Date.parse(ctx.dischargePlanning.startedAt) : null,
    careLevel: careLevelGroup(ctx),
    ...addOnColumns(billingEvidence(ctx)),
  };
}

function addOnColumns(evidence: AddOn[]): Pick<CaseMeasures, 'addOns' | 'addOnClaims'> {
  const addOns = evidence.map((a) => ({
    code: a.code,
    name: a.name,
    supported: a.supported,
    ...(a.month ? { month: a.month } : {}),
  }));
  return { addOns, addOnClaims: addOnClaimsText(addOns) };
}

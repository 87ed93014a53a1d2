import {
  addBusinessDays,
  type BusinessHours,
  closedReason,
  isBusinessDay,
  isOutsideBusinessHours,
  lastBusinessDayBetween,
} from './businessCalendar.js';
import { addDays, daysBetween, endOfJstDay, jstDate, jstInstant } from './calendar.js';
import { md } from './time.js';
import type { Deadline, DeadlineKey, Owner, RuleParams } from './types.js';

// Every deadline of the rule, computed on the Japanese business calendar. Each carries its reason
// in Japanese, so an administrator reading "overdue" also reads why that day. A reason names no
// region and no step number: a text cites the step in its region's own words (regions/document.ts).

function escalation(lastDay: string, rule: RuleParams, hours: BusinessHours): string {
  return jstInstant(addBusinessDays(lastDay, rule.escalationBusinessDays, hours), rule.informationSheet.reminderTime);
}

function deadline(
  key: DeadlineKey,
  owner: Owner,
  dueAt: string,
  remindAt: string | null,
  escalateAt: string | null,
  reason: string,
  after: string,
): Deadline {
  return {
    key,
    owner,
    dueAt,
    reason,
    status: 'open',
    metAt: null,
    remindAt:
      remindAt && Date.parse(remindAt) > Date.parse(after) && Date.parse(remindAt) < Date.parse(dueAt)
        ? remindAt
        : null,
    escalateAt,
  };
}

export interface LinkageWindow {
  until: string;
  lastDay: string;
  reason: string;
}

/**
 * 入院時情報連携加算 windows (seed 002 §4(1)❶). (I): the admission day, or also the next day when
 * admitted after the office's hours or on a day it is closed. (II): the next day or the day after,
 * plus the following day when admitted after hours and day 3 is not a business day of the office.
 */
export function infoLinkageWindows(
  admittedAt: string,
  hours: BusinessHours,
  withinDays = 3,
): { i: LinkageWindow; ii: LinkageWindow } {
  const day1 = jstDate(admittedAt);
  const outside = isOutsideBusinessHours(admittedAt, hours);
  // (II)'s extension is written for 営業時間終了後 only, not for a closed day: read literally.
  const afterClosing = outside && isBusinessDay(day1, hours);
  const iLast = outside ? addDays(day1, 1) : day1;
  const dayN = addDays(day1, withinDays - 1);
  const dayNClosed = closedReason(dayN, hours);
  const iiLast = afterClosing && dayNClosed ? addDays(dayN, 1) : dayN;
  const outsideWhy = outside
    ? isBusinessDay(day1, hours)
      ? '営業時間終了後の入院'
      : `営業日以外の入院(${closedReason(day1, hours)})`
    : null;
  return {
    i: {
      until: endOfJstDay(iLast),
      lastDay: iLast,
      reason: outsideWhy
        ? `入院日(${md(day1)})のうち。${outsideWhy}のため翌日(${md(iLast)})を含む`
        : `入院日(${md(day1)})のうち`,
    },
    ii: {
      until: endOfJstDay(iiLast),
      lastDay: iiLast,
      reason:
        `入院日の翌日又は翌々日(${md(addDays(day1, 1))}〜${md(dayN)})` +
        (iiLast !== dayN
          ? `。営業時間外の入院で${withinDays}日目(${md(dayN)})が${dayNClosed}のため翌日(${md(iiLast)})を含む`
          : ''),
    },
  };
}

/** A① 入院時情報提供シート: 入院早期(3日以内), on the office's calendar (the (II) window's end). */
export function informationSheetDeadline(admittedAt: string, rule: RuleParams, hours: BusinessHours): Deadline {
  const { ii } = infoLinkageWindows(admittedAt, hours, rule.informationSheet.withinDays);
  const day1 = jstDate(admittedAt);
  const remindDay = lastBusinessDayBetween(day1, addDays(ii.lastDay, -1), hours);
  return deadline(
    'informationSheet',
    'care_office',
    ii.until,
    remindDay ? jstInstant(remindDay, rule.informationSheet.reminderTime) : null,
    escalation(ii.lastDay, rule, hours),
    `入院時情報提供シートは入院日を1日目として${rule.informationSheet.withinDays}日以内: ${ii.reason}`,
    admittedAt,
  );
}

/** A① <病院担当者が患者のケアマネを確認する方法>: the hospital finds the care manager promptly. */
export function careManagerIdentificationDeadline(admittedAt: string, rule: RuleParams): Deadline {
  return hospitalStepDeadline(
    'careManagerIdentification',
    admittedAt,
    rule.careManagerIdentificationBusinessDays,
    rule,
    (last) =>
      `入院前にサービス利用があり担当ケアマネジャー不明: 本人・家族・介護保険証、なければ地域包括支援センターに確認し、` +
      `入院から${rule.careManagerIdentificationBusinessDays}営業日以内(${last}中)に連絡`,
  );
}

/** The hospital's own step within `days` business days of `from` on its calendar: not reminded, escalated. */
function hospitalStepDeadline(
  key: DeadlineKey,
  from: string,
  days: number,
  rule: RuleParams,
  why: (lastDay: string) => string,
): Deadline {
  const last = addBusinessDays(jstDate(from), days, rule.hospitalHours);
  return deadline(
    key,
    'hospital',
    endOfJstDay(last),
    null,
    escalation(last, rule, rule.hospitalHours),
    why(md(last)),
    from,
  );
}

/**
 * A step due within `days` business days of `from` on `hours`: reminded the business day before
 * at the region's reminder time, escalated like every other deadline.
 */
function businessDaysDeadline(
  key: DeadlineKey,
  owner: Owner,
  from: string,
  days: number,
  rule: RuleParams,
  hours: BusinessHours,
  why: (lastDay: string) => string,
): Deadline {
  const day1 = jstDate(from);
  const last = addBusinessDays(day1, days, hours);
  const remindDay = lastBusinessDayBetween(day1, addDays(last, -1), hours);
  const remindAt = remindDay ? jstInstant(remindDay, rule.informationSheet.reminderTime) : null;
  return deadline(key, owner, endOfJstDay(last), remindAt, escalation(last, rule, hours), why(md(last)), from);
}

/**
 * 先に知った方が連絡する: a care manager reported the admission first; the hospital's window confirms
 * it within the region's business days of the report, on the hospital's calendar. Not reminded:
 * the notice itself asks; unconfirmed it is listed as stuck and escalated like every deadline.
 */
export function reportedAdmissionConfirmationDeadline(reportedAt: string, rule: RuleParams): Deadline {
  const days = rule.reportedAdmissionConfirmBusinessDays ?? 1;
  return hospitalStepDeadline(
    'reportedAdmissionConfirmation',
    reportedAt,
    days,
    rule,
    (last) => `ケアマネジャーが先に入院を連絡: 病院の窓口が連絡から${days}営業日以内(${last}中)に入院を確認`,
  );
}

/**
 * Route B, after the insurance application: a care manager is assigned (担当依頼) within the region's
 * business days on the hospital's calendar. The hospital window owns it; the community support
 * center it asked shares it and is the one reminded.
 */
export function careManagerAssignmentDeadline(appliedAt: string, rule: RuleParams): Deadline {
  const days = rule.careManagerAssignmentBusinessDays;
  return businessDaysDeadline(
    'careManagerAssignment',
    'hospital',
    appliedAt,
    days,
    rule,
    rule.hospitalHours,
    (last) =>
      `介護保険の申請後、担当ケアマネジャーの決定 (病院の窓口・地域包括支援センター): 申請の支援から${days}営業日以内(${last}中)`,
  );
}

/** Route B: the care manager newly assigned contacts the hospital early (早期に), on the office's calendar. */
export function careManagerHospitalContactDeadline(
  assignedAt: string,
  rule: RuleParams,
  hours: BusinessHours,
): Deadline {
  const days = rule.careManagerContactBusinessDays;
  return businessDaysDeadline(
    'careManagerHospitalContact',
    'care_office',
    assignedAt,
    days,
    rule,
    hours,
    (last) => `担当になったケアマネジャーは早期に病院の担当者へ連絡: 担当決定から${days}営業日以内(${last}中)`,
  );
}

/** 入退院支援加算: discharge-difficult patients identified within 3 days (加算1) or 7 days (加算2). */
export function dischargeDifficultyScreeningDeadline(admittedAt: string, rule: RuleParams): Deadline {
  const day1 = jstDate(admittedAt);
  const last = addDays(day1, 6);
  // No reminder: hospitals see their own deadlines in the console; only escalation leaves the building.
  return deadline(
    'dischargeDifficultyScreening',
    'hospital',
    endOfJstDay(last),
    null,
    escalation(last, rule, rule.hospitalHours),
    `入退院支援加算: 退院困難な患者の抽出は入院後3日以内(加算1: ${md(addDays(day1, 2))}中)、7日以内(加算2: ${md(last)}中)`,
    admittedAt,
  );
}

/** 入退院支援加算: a meeting with the patient and family within 7 days of admission. */
export function patientFamilyInterviewDeadline(admittedAt: string, screenedAt: string, rule: RuleParams): Deadline {
  const last = addDays(jstDate(admittedAt), 6);
  return deadline(
    'patientFamilyInterview',
    'hospital',
    endOfJstDay(last),
    null,
    escalation(last, rule, rule.hospitalHours),
    `入退院支援加算: 退院困難と判断した患者・家族との面接は入院後7日以内(${md(last)}中)`,
    screenedAt,
  );
}

/**
 * The day a discharge is expected: the expected discharge date the hospital shared, or else the
 * admission day plus the expected length of stay of its latest treatment plan. Null: not expected yet.
 */
export function expectedDischargeDate(ctx: {
  admittedAt: string;
  treatmentPlans: { expectedLengthOfStayDays: number | null }[];
  dischargePlanning: { expectedDischargeDate: string | null } | null;
}): string | null {
  if (ctx.dischargePlanning?.expectedDischargeDate) return ctx.dischargePlanning.expectedDischargeDate;
  const days = ctx.treatmentPlans.findLast((p) => p.expectedLengthOfStayDays !== null)?.expectedLengthOfStayDays;
  return days == null ? null : addDays(jstDate(ctx.admittedAt), days);
}

/**
 * 退院調整開始の連絡 before an expected discharge: the care manager needs the region's lead days to
 * prepare, so the hospital starts discharge planning (which tells the care manager) by the day that
 * many days before the expected discharge. Owned by the hospital; its window is reminded the business
 * day before and again when the day has passed.
 */
export function dischargeStartNoticeDeadline(expectedOn: string, from: string, rule: RuleParams): Deadline {
  const lead = rule.dischargeStartLeadDays;
  const last = addDays(expectedOn, -lead);
  return lastDayDeadline(
    'dischargeStartNotice',
    'hospital',
    from,
    last,
    rule,
    rule.hospitalHours,
    `退院見込み(${md(expectedOn)})の${lead}日前(${md(last)}中)までに退院調整開始をケアマネジャーへ連絡`,
  );
}

/** Due at the end of `last`, reminded on the business day before it at the region's reminder time. */
function lastDayDeadline(
  key: DeadlineKey,
  owner: Owner,
  from: string,
  last: string,
  rule: RuleParams,
  hours: BusinessHours,
  reason: string,
): Deadline {
  const remindDay = lastBusinessDayBetween(jstDate(from), addDays(last, -1), hours);
  return deadline(
    key,
    owner,
    endOfJstDay(last),
    remindDay ? jstInstant(remindDay, rule.informationSheet.reminderTime) : null,
    escalation(last, rule, hours),
    reason,
    from,
  );
}

/** A⑤ ケアマネジャーは原則として退院後にケアプランの写しを病院に提供する; the region sets how soon. */
export function carePlanCopyDeadline(dischargedAt: string, rule: RuleParams, hours: BusinessHours): Deadline {
  const last = addDays(jstDate(dischargedAt), rule.carePlanCopyDays);
  return lastDayDeadline(
    'carePlanCopy',
    'care_office',
    dischargedAt,
    last,
    rule,
    hours,
    `退院後、ケアプランの写しを病院へ提供 (退院日から${rule.carePlanCopyDays}日以内: ${md(last)}中)`,
  );
}

/** Calendar days from discharge-planning start to the expected discharge date: the CM's preparation time. */
export function leadDays(startedAt: string, expectedDischargeDate: string): number {
  return daysBetween(jstDate(startedAt), expectedDischargeDate);
}

import { addDays, endOfJstDay, jstDate, jstInstant } from './calendar.js';
import type { Deadline, RuleParams } from './types.js';

/**
 * Information sheet (A①): "入院早期(3日以内)". The admission day counts as day 1, the same
 * counting as 入院時情報連携加算 (I) (admission day) and (II) (next day or the day after).
 */
export function informationSheetDeadline(admittedAt: string, rule: RuleParams): Deadline {
  const { withinDays, reminderDaysBefore, reminderTime } = rule.informationSheet;
  const admissionDay = jstDate(admittedAt);
  const lastDay = addDays(admissionDay, withinDays - 1);
  const remindDay = addDays(lastDay, -reminderDaysBefore);
  const remindAt = jstInstant(remindDay, reminderTime);
  return {
    key: 'informationSheet',
    dueAt: endOfJstDay(lastDay),
    remindAt: Date.parse(remindAt) > Date.parse(admittedAt) ? remindAt : null,
    status: 'open',
    metAt: null,
    reason: `入院日(${admissionDay})を1日目として${withinDays}日以内(${lastDay}中)に入院時情報提供シートを提供 (${rule.regionId} ルール A①)`,
  };
}

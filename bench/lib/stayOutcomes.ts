import { isLateNotice, isSurveyLeak } from '../../machines/measures.js';
import type { LeakReason } from '../../machines/types.js';

/**
 * How the simulated stays ended, and what the hospital-owned discharge-start reminders changed:
 * the same seeded hospitals run twice, once reading the reminder FAXes and once not, and each stay
 * is compared with itself.
 */

/** One stay as the hospital behaved and as it ended. */
export interface SimulatedStay {
  /** The hospital's 入院番号. */
  encounter: string;
  /** The hospital's habit for this stay, drawn from the seed before the run (the same in every run). */
  planning: 'on_time' | 'late' | 'missing';
  /** Whether its treatment plan carried an expected length of stay (what the deadline is counted from). */
  expectedShared: boolean;
  /** Whether the window acts on a reminder FAX for this stay (drawn from the seed too). */
  heedsReminder: boolean;
  /** Simulated time the window read the first discharge-start reminder FAX (only when reminders are read). */
  remindedAt: number | null;
  /** Simulated time discharge planning was recorded (null: never). */
  planningAt: number | null;
  /** What started it: the hospital's own habit, or its window acting on a reminder. */
  planningBy: 'habit' | 'reminder' | null;
  dischargedAt: number | null;
  /** As the case ended: the leak reason, or null (followed the rule, or not discharged home). */
  leakReason: LeakReason | null;
  dischargedHome: boolean;
}

export interface SurveyRates {
  dischargedHome: number;
  /** 調整漏れ (seed 003): the handoff never happened (machines/measures.ts SURVEY_LEAKS). */
  leaks: number;
  /** The notice reached the care manager, later than the region's lead days (LATE_NOTICE). */
  lateNotices: number;
  leakRate: number;
  lateNoticeRate: number;
}

const rate = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 10_000) / 10_000);

/** The survey's two measures over the stays discharged home, as the console's metrics count them. */
export function surveyRates(stays: SimulatedStay[]): SurveyRates {
  const home = stays.filter((s) => s.dischargedHome);
  const leaks = home.filter((s) => isSurveyLeak(s.leakReason)).length;
  const lateNotices = home.filter((s) => isLateNotice(s.leakReason)).length;
  return {
    dischargedHome: home.length,
    leaks,
    lateNotices,
    leakRate: rate(leaks, home.length),
    lateNoticeRate: rate(lateNotices, home.length),
  };
}

type Outcome = 'on time' | 'late notice' | 'leak';
const outcome = (s: SimulatedStay): Outcome =>
  isSurveyLeak(s.leakReason) ? 'leak' : isLateNotice(s.leakReason) ? 'late notice' : 'on time';

/** Why a reminder did not help this stay, read from the run that had reminders. */
export function whyNotPrevented(s: SimulatedStay): string {
  if (s.leakReason === 'no_care_manager') return 'no care manager: there was nobody to tell';
  if (!s.expectedShared) return 'no expected length of stay shared: no deadline, so no reminder';
  if (s.remindedAt === null) return 'discharged before the reminder (earlier than expected)';
  if (!s.heedsReminder) return 'reminder FAXed and read, not acted on';
  if (s.planningBy === 'habit') return 'its own late planning came before the window acted on the reminder';
  if (s.planningBy === null) return 'discharged before the window acted on the reminder';
  return 'acted on the reminder, still fewer than the lead days before the discharge';
}

export interface ReminderComparison {
  seed: number;
  without: SurveyRates;
  with: SurveyRates;
  /** Stays that were a leak or a late notice without reminders and were not with them. */
  prevented: { encounter: string; without: Outcome; with: Outcome; remindedAt: string | null }[];
  /** Stays that stayed a leak or a late notice, and why the reminder did not help. */
  notPrevented: { encounter: string; without: Outcome; with: Outcome; why: string }[];
  /** Stays that did worse with reminders (expected none). */
  worse: { encounter: string; without: Outcome; with: Outcome }[];
}

const RANK: Record<Outcome, number> = { 'on time': 0, 'late notice': 1, leak: 2 };

/** Each stay discharged home in both runs, compared with itself. */
export function compareStays(
  seed: number,
  without: SimulatedStay[],
  withReminders: SimulatedStay[],
  clock: (ms: number) => string,
): ReminderComparison {
  const after = new Map(withReminders.map((s) => [s.encounter, s]));
  const out: ReminderComparison = {
    seed,
    without: surveyRates(without),
    with: surveyRates(withReminders),
    prevented: [],
    notPrevented: [],
    worse: [],
  };
  for (const before of without) {
    const s = after.get(before.encounter);
    if (!s || !before.dischargedHome || !s.dischargedHome) continue;
    const was = outcome(before);
    const is = outcome(s);
    const row = { encounter: s.encounter, without: was, with: is };
    if (RANK[is] < RANK[was]) out.prevented.push({ ...row, remindedAt: s.remindedAt ? clock(s.remindedAt) : null });
    else if (RANK[is] > RANK[was]) out.worse.push(row);
    else if (was !== 'on time') out.notPrevented.push({ ...row, why: whyNotPrevented(s) });
  }
  return out;
}

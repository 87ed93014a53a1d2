// The hospital's deadline before an expected discharge: once a treatment plan gives an expected length
// of stay, the hospital owes the care manager the discharge-start notice by the region's lead days
// before that day. Pure machine: admit / accepts / apply, rule parameters from each region's pack.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectedDischargeDate } from '../../machines/deadlines.js';
import { accepts, admit, apply, type Step, type StoredSnapshot } from '../../machines/run.js';
import type { AdmissionInput, Deadline, Effect, HospitalizationEvent, RuleParams } from '../../machines/types.js';
import { ruleParams } from '../../regions/rules.js';
import { regionSchema } from '../../regions/schema.js';

const REGIONS = readdirSync(new URL('../../regions/', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const ruleOf = (regionId: string): RuleParams =>
  ruleParams(
    regionSchema.parse(
      JSON.parse(readFileSync(new URL(`../../regions/${regionId}/region.json`, import.meta.url), 'utf8')),
    ),
  ).machine;
const SANDA = ruleOf('sanda');

// Admitted Tuesday 9 June 2026; a treatment plan on Wed 10 June expects 18 days: discharge Sat 27 June.
// Sanda's 3 lead days: the notice is due by the end of Wed 24 June (JST); the hospital's window is
// reminded on the business day before (Tue 23, 09:00) and the region told 2 business days after (Fri 26, 09:00).
const ADMITTED_AT = '2026-06-09T10:30:00+09:00';
const PLAN_AT = '2026-06-10T15:00:00+09:00';
const DUE = '2026-06-24T15:00:00.000Z';
const REMIND = '2026-06-23T00:00:00.000Z';
const ESCALATE = '2026-06-26T00:00:00.000Z';

function admission(rule = SANDA): AdmissionInput {
  return {
    caseId: 'case-1',
    hospitalId: 'sanda-shimin',
    occurredAt: ADMITTED_AT,
    ward: '5階東',
    careOfficeId: 'office-1',
    officeKind: 'home_care_office',
    officeHours: null,
    usedCareServices: true,
    firstInformedBy: 'care_manager',
    rule,
    previousStay: null,
  };
}

const plan = (days: number | null, occurredAt = PLAN_AT): HospitalizationEvent => ({
  type: 'treatment_plan_shared',
  expectedLengthOfStayDays: days,
  occurredAt,
});
const planning = (occurredAt: string, expectedDischargeDate = '2026-06-27'): HospitalizationEvent => ({
  type: 'discharge_planning_started',
  expectedDischargeDate,
  occurredAt,
});
const timer = (
  type: 'deadline_approached' | 'deadline_passed' | 'deadline_escalated',
  firedAt: string,
): HospitalizationEvent => ({ type, key: 'dischargeStartNotice', firedAt, occurredAt: firedAt });

function step(from: StoredSnapshot, event: HospitalizationEvent): Step {
  expect(accepts(from, event), `${event.type} should be accepted`).toBe(true);
  return apply(from, event);
}
const deadlineOf = (s: StoredSnapshot): Deadline | undefined =>
  s.context.deadlines.find((d) => d.key === 'dischargeStartNotice');
const withPlan = (rule = SANDA) => step(admit(admission(rule)).snapshot, plan(18));
const reminder = (): Effect => ({
  type: 'sendNotice',
  notice: 'discharge_start_reminder',
  to: 'hospitalWindow',
  task: null,
  urgent: false,
  deadline: 'dischargeStartNotice',
});

describe('退院調整開始の連絡 before an expected discharge: a deadline of the hospital', () => {
  it("an expected length of stay makes the discharge expected: the hospital owes the notice by the region's lead days before it", () => {
    const s = withPlan();
    expect(deadlineOf(s.snapshot)).toMatchObject({
      owner: 'hospital',
      status: 'open',
      dueAt: DUE,
      remindAt: REMIND,
      escalateAt: ESCALATE,
    });
    expect(deadlineOf(s.snapshot)!.reason).toContain('6/27');
    expect(s.effects).toContainEqual({
      type: 'setDeadline',
      key: 'dischargeStartNotice',
      dueAt: DUE,
      remindAt: REMIND,
      escalateAt: ESCALATE,
    });
    expect(s.effects).toContainEqual(expect.objectContaining({ notice: 'treatment_plan_notice', to: 'careOffice' }));
  });

  it('the expected day is the admission day plus the expected length of stay of the latest plan that gives one', () => {
    const ctx = { admittedAt: ADMITTED_AT, dischargePlanning: null };
    expect(expectedDischargeDate({ ...ctx, treatmentPlans: [] })).toBeNull();
    expect(expectedDischargeDate({ ...ctx, treatmentPlans: [{ expectedLengthOfStayDays: 18 }] })).toBe('2026-06-27');
    expect(
      expectedDischargeDate({
        ...ctx,
        treatmentPlans: [
          { expectedLengthOfStayDays: 18 },
          { expectedLengthOfStayDays: 20 },
          { expectedLengthOfStayDays: null },
        ],
      }),
    ).toBe('2026-06-29');
    expect(
      expectedDischargeDate({
        ...ctx,
        treatmentPlans: [{ expectedLengthOfStayDays: 18 }],
        dischargePlanning: { expectedDischargeDate: '2026-07-01' },
      }),
    ).toBe('2026-07-01');
  });

  it('boundary: discharge planning started on the last day (23:59) meets the deadline; at 00:00 the day after it is late', () => {
    const s = withPlan().snapshot;
    const onTime = step(s, planning('2026-06-24T23:59:00+09:00'));
    expect(deadlineOf(onTime.snapshot)).toMatchObject({ status: 'met', metAt: '2026-06-24T23:59:00+09:00' });
    expect(onTime.effects).toContainEqual({ type: 'clearDeadline', key: 'dischargeStartNotice' });
    expect(onTime.effects).toContainEqual(expect.objectContaining({ notice: 'discharge_start_notice' }));
    const late = step(s, planning('2026-06-25T00:00:00+09:00'));
    expect(deadlineOf(late.snapshot)).toMatchObject({ status: 'late' });
  });

  it("boundary: one lead day more or less moves the last day by one (each region's own lead days)", () => {
    for (const region of REGIONS) {
      const rule = ruleOf(region);
      for (const lead of [rule.dischargeStartLeadDays, rule.dischargeStartLeadDays + 1]) {
        const s = withPlan({ ...rule, dischargeStartLeadDays: lead });
        // 27 June minus the lead days, to the end of that day in Japan (15:00 UTC).
        const last = new Date(Date.UTC(2026, 5, 27 - lead, 15)).toISOString();
        expect(deadlineOf(s.snapshot)!.dueAt, `${region} lead ${lead}`).toBe(last);
      }
    }
  });

  it("the hospital's window is reminded the business day before, and told again once the day has passed; then the region", () => {
    const s = withPlan().snapshot;
    const approached = step(s, timer('deadline_approached', REMIND));
    expect(approached.effects).toEqual([reminder()]);
    const passed = step(approached.snapshot, timer('deadline_passed', DUE));
    expect(deadlineOf(passed.snapshot)!.status).toBe('overdue');
    expect(passed.effects).toEqual([reminder()]);
    const escalated = step(passed.snapshot, timer('deadline_escalated', ESCALATE));
    expect(escalated.effects).toEqual([
      {
        type: 'sendNotice',
        notice: 'escalation_notice',
        to: 'regionAdministrator',
        task: null,
        urgent: false,
        deadline: 'dischargeStartNotice',
      },
    ]);
    // Started late, after it was overdue: late, not met.
    expect(deadlineOf(step(passed.snapshot, planning('2026-06-25T09:00:00+09:00')).snapshot)!.status).toBe('late');
  });

  it('a reminder firing after the deadline was met is refused (no reminder for a notice that went)', () => {
    const met = step(withPlan().snapshot, planning('2026-06-20T10:00:00+09:00')).snapshot;
    expect(accepts(met, timer('deadline_approached', REMIND))).toBe(false);
    expect(accepts(met, timer('deadline_passed', DUE))).toBe(false);
  });

  it("a later plan moves the day: the earlier plan's timers are cleared before the new ones are set", () => {
    const s = step(withPlan().snapshot, plan(25, '2026-06-15T10:00:00+09:00'));
    const clear = s.effects.findIndex((e) => e.type === 'clearDeadline');
    const set = s.effects.findIndex((e) => e.type === 'setDeadline');
    expect(clear).toBeGreaterThanOrEqual(0);
    expect(set).toBeGreaterThan(clear);
    // 9 June + 25 = 4 July; minus 3 = 1 July.
    expect(deadlineOf(s.snapshot)).toMatchObject({ status: 'open', dueAt: '2026-07-01T15:00:00.000Z' });
  });

  it('no expected length of stay, or planning already started: no deadline', () => {
    expect(deadlineOf(step(admit(admission()).snapshot, plan(null)).snapshot)).toBeUndefined();
    const started = step(admit(admission()).snapshot, planning('2026-06-12T10:00:00+09:00')).snapshot;
    const after = step(started, plan(18, '2026-06-13T10:00:00+09:00'));
    expect(deadlineOf(after.snapshot)).toBeUndefined();
    expect(after.effects.some((e) => e.type === 'setDeadline')).toBe(false);
  });

  it('a conference implies planning started: the deadline is met by it', () => {
    const held: HospitalizationEvent = {
      type: 'conference_scheduled',
      at: '2026-06-22T14:00:00+09:00',
      place: null,
      online: true,
      kind: 'pre_discharge',
      occurredAt: '2026-06-18T10:00:00+09:00',
    };
    expect(deadlineOf(step(withPlan().snapshot, held).snapshot)!.status).toBe('met');
  });

  it('a discharge with no planning waives an open deadline and marks an overdue one missed', () => {
    const home: HospitalizationEvent = {
      type: 'discharged',
      destination: 'home',
      nursingSummarySent: false,
      occurredAt: '2026-06-20T10:00:00+09:00',
    };
    expect(deadlineOf(step(withPlan().snapshot, home).snapshot)!.status).toBe('waived');
    const overdue = step(withPlan().snapshot, timer('deadline_passed', DUE)).snapshot;
    expect(deadlineOf(step(overdue, { ...home, occurredAt: '2026-06-26T10:00:00+09:00' }).snapshot)!.status).toBe(
      'missed',
    );
  });

  it('a plan whose last day has already passed opens an overdue-bound deadline at once, with no reminder', () => {
    // Two days expected on admission day: discharge 11 June, last day 8 June, before the plan itself.
    const s = step(admit(admission()).snapshot, plan(2, '2026-06-09T12:00:00+09:00'));
    expect(deadlineOf(s.snapshot)).toMatchObject({ dueAt: '2026-06-08T15:00:00.000Z', remindAt: null, status: 'open' });
  });
});

import { describe, expect, it } from 'vitest';
import { billingEvidence } from '../../machines/billing.js';
import { caseMeasures } from '../../machines/measures.js';
import { accepts, admit, apply } from '../../machines/run.js';
import type { Effect, HospitalizationEvent, RuleParams } from '../../machines/types.js';
import { PACKS, plannedAdmissionTookPlace, routeAAdmission, ruleOf } from './stays.js';
import { TEST_RULE } from './testRule.js';

// 入院予定 (ADT^A14 / the webhook's admission_planned): a state before the stay. What opens at planning
// time is the region pack's (`rule.plannedAdmission`); the stay itself starts with `admitted`.

const TELLS: RuleParams = { ...TEST_RULE, plannedAdmission: { tellCareManager: true } };
const SILENT: RuleParams = { ...TEST_RULE, plannedAdmission: { tellCareManager: false } };
const PLANNED_ON = '2026-12-10';
const planned = (rule = TELLS, careOfficeId: string | null = 'office-1') =>
  routeAAdmission(rule, '2026-12-01T10:00:00+09:00', {
    expectedAdmissionDate: PLANNED_ON,
    careOfficeId,
    officeKind: careOfficeId ? 'home_care_office' : null,
  });
const admitted = (over: Partial<Extract<HospitalizationEvent, { type: 'admitted' }>> = {}): HospitalizationEvent =>
  plannedAdmissionTookPlace('2026-12-10T10:30:00+09:00', over);
const sheet = (at: string): HospitalizationEvent => ({
  type: 'information_sheet_provided',
  at,
  means: 'fax',
  occurredAt: at,
});
const cancelled: HospitalizationEvent = { type: 'admission_plan_cancelled', occurredAt: '2026-12-05T09:00:00+09:00' };
const notices = (effects: Effect[]) => effects.filter((e) => e.type === 'sendNotice').map((e) => e.notice);
const kinds = (effects: Effect[]) => effects.map((e) => e.type);

describe('入院予定: a planned admission is a step before the stay', () => {
  it('a planned admission rests in planned: no deadline, no timer, its day recorded as the expected start', () => {
    const step = admit(planned(SILENT));
    expect(step.state).toBe('planned');
    expect(step.snapshot.context.deadlines).toEqual([]);
    expect(kinds(step.effects)).not.toContain('setDeadline');
    expect(step.snapshot.context.plannedAdmission).toEqual({
      plannedAt: '2026-12-01T10:00:00+09:00',
      expectedOn: PLANNED_ON,
    });
    expect(step.snapshot.context.admittedAt).toBe(`${PLANNED_ON}T00:00:00+09:00`);
  });

  it('an admission without a plan starts the stay as before (planned is passed straight through)', () => {
    const step = admit(routeAAdmission(TELLS, '2026-12-01T10:00:00+09:00'));
    expect(step.state).toBe('admissionNotice');
    expect(step.snapshot.context.plannedAdmission).toBeNull();
  });

  it('the region tells the care manager at planning: 入院予定のお知らせ with the information sheet as a task', () => {
    const step = admit(planned(TELLS));
    expect(step.effects).toEqual([
      { type: 'openTask', task: 'report_information_sheet' },
      {
        type: 'sendNotice',
        notice: 'planned_admission_notice',
        to: 'careOffice',
        task: 'report_information_sheet',
        urgent: false,
        deadline: null,
      },
    ]);
  });

  it('a region whose rule says nothing of planned admissions tells nobody at planning', () => {
    expect(admit(planned(SILENT)).effects).toEqual([]);
  });

  it('each pack decides from its own rule: Sasebo (様式⑦ before a planned admission) tells, Kagoshima does not', () => {
    expect(PACKS.length).toBeGreaterThan(1);
    const told = (region: string) =>
      notices(admit(planned(ruleOf(region))).effects).includes('planned_admission_notice');
    expect(told('sasebo')).toBe(true);
    expect(told('kagoshima')).toBe(false);
  });

  it('with the care office unknown at planning, nobody is told until the hospital identifies it', () => {
    const start = admit(planned(TELLS, null));
    expect(start.effects).toEqual([]);
    const found = apply(start.snapshot, {
      type: 'care_office_identified',
      careOfficeId: 'office-2',
      officeKind: 'home_care_office',
      officeHours: null,
      occurredAt: '2026-12-02T10:00:00+09:00',
    });
    expect(found.state).toBe('planned');
    expect(found.snapshot.context.careOfficeId).toBe('office-2');
    expect(notices(found.effects)).toEqual(['planned_admission_notice']);
  });

  it('the admission moves the planned case into the stay: A① starts on the day it took place, the plan kept as history', () => {
    const step = apply(admit(planned(TELLS)).snapshot, admitted());
    expect(step.state).toBe('admissionNotice');
    const ctx = step.snapshot.context;
    expect(ctx.admittedAt).toBe('2026-12-10T10:30:00+09:00');
    expect(ctx.ward).toBe('5階西病棟');
    expect(ctx.plannedAdmission?.expectedOn).toBe(PLANNED_ON);
    expect(notices(step.effects)).toEqual(['admission_notice']);
    // 入院早期(3日以内): counted from the day it took place (the 10th is day 1), not the planned day or the planning.
    expect(ctx.deadlines.find((d) => d.key === 'informationSheet')?.dueAt).toBe('2026-12-12T15:00:00.000Z');
  });

  it("入院基本料 and 入院時支援加算 known only at admission: the ward type and the checklist are kept; absent, the plan's stay", () => {
    const support = { at: '2026-12-08T10:00:00+09:00', items: ['patient_background' as const, 'medication' as const] };
    const stay = apply(
      admit(planned(TELLS)).snapshot,
      admitted({ wardType: 'long_term_care', preAdmissionSupport: support }),
    ).snapshot.context;
    expect(stay.wardType).toBe('long_term_care');
    expect(stay.preAdmissionSupport).toEqual(support);
    const plain = apply(admit(planned(TELLS)).snapshot, admitted()).snapshot.context;
    expect(plain.wardType).toBeUndefined();
    expect(plain.preAdmissionSupport).toBeUndefined();
  });

  it('a planned admission is admitted once: a second admitted is refused in the stay', () => {
    const stay = apply(admit(planned(TELLS)).snapshot, admitted());
    expect(accepts(stay.snapshot, admitted())).toBe(false);
  });

  it('入院日以前の情報提供を含む: a sheet given before a planned admission meets the deadline and supports 入院時情報連携加算(Ⅰ)', () => {
    const before = apply(admit(planned(TELLS)).snapshot, sheet('2026-12-08T14:00:00+09:00'));
    expect(before.state).toBe('planned');
    expect(before.effects).toContainEqual({ type: 'closeTask', task: 'report_information_sheet' });
    const stay = apply(before.snapshot, admitted());
    const deadline = stay.snapshot.context.deadlines.find((d) => d.key === 'informationSheet');
    expect(deadline?.status).toBe('met');
    expect(stay.effects.filter((e) => e.type === 'setDeadline' && e.key === 'informationSheet')).toEqual([]);
    expect(stay.effects).not.toContainEqual({ type: 'openTask', task: 'report_information_sheet' });
    // The care manager still hears that the admission took place.
    expect(notices(stay.effects)).toEqual(['admission_notice']);
    const addOn = billingEvidence(stay.snapshot.context).find((a) => a.code === 'info_linkage_1');
    expect(addOn?.supported).toBe(true);
    expect(caseMeasures(stay.snapshot.context).informationSheetStatus).toBe('met');
  });

  it('a care office named only at admission gets the admission notice and the sheet deadline (route A)', () => {
    const stay = apply(
      admit(planned(TELLS, null)).snapshot,
      admitted({ careOfficeId: 'office-3', officeKind: 'home_care_office' }),
    );
    expect(stay.snapshot.context.careOfficeId).toBe('office-3');
    expect(stay.snapshot.context.route).toBe('A');
    expect(stay.state).toBe('admissionNotice');
    expect(stay.snapshot.context.deadlines.map((d) => d.key)).toContain('informationSheet');
  });

  it('a planned admission without care services or office goes route B at admission', () => {
    const noServices = { ...planned(TELLS, null), usedCareServices: false };
    const stay = apply(admit(noServices).snapshot, admitted({ usedCareServices: false }));
    expect(stay.snapshot.context.route).toBe('B');
    expect(stay.state).toBe('eligibilityScreening');
  });

  it('入院予定の取消: the plan ends as cancelled, the task closes, the told care manager hears it, no leak', () => {
    const step = apply(admit(planned(TELLS)).snapshot, cancelled);
    expect(step.state).toBe('closed');
    const ctx = step.snapshot.context;
    expect(ctx.closedReason).toBe('admission_plan_cancelled');
    expect(ctx.leak).toBeNull();
    expect(ctx.discharge).toBeNull();
    expect(step.effects).toContainEqual({ type: 'closeTask', task: 'report_information_sheet' });
    expect(notices(step.effects)).toEqual(['stay_ended_notice']);
  });

  it('a cancelled plan in a region that told nobody tells nobody', () => {
    expect(notices(apply(admit(planned(SILENT)).snapshot, cancelled).effects)).toEqual([]);
  });

  it('cancelling a plan is for plans only: refused once the stay has begun, and on a stay never planned', () => {
    const stay = apply(admit(planned(TELLS)).snapshot, admitted());
    expect(accepts(stay.snapshot, cancelled)).toBe(false);
    expect(accepts(admit(routeAAdmission(TELLS, '2026-12-01T10:00:00+09:00')).snapshot, cancelled)).toBe(false);
  });

  it('nothing of the stay is accepted before it begins: a discharge or the discharge start waits for the admission', () => {
    const plan = admit(planned(TELLS)).snapshot;
    expect(
      accepts(plan, {
        type: 'discharged',
        destination: 'home',
        nursingSummarySent: false,
        occurredAt: '2026-12-05T09:00:00+09:00',
      }),
    ).toBe(false);
    expect(
      accepts(plan, {
        type: 'discharge_planning_started',
        expectedDischargeDate: '2026-12-20',
        occurredAt: '2026-12-05T09:00:00+09:00',
      }),
    ).toBe(false);
    expect(accepts(plan, { type: 'admission_cancelled', occurredAt: '2026-12-05T09:00:00+09:00' })).toBe(false);
  });
});

// rule.plannedAdmission: 「入院の日程が変わった場合や入院されたときは、改めてお知らせします」 (the planning notice's promise).
describe('rule.plannedAdmission: 入院予定の変更 (a second ADT^A14 of the same stay) updates the plan and tells again', () => {
  const changed = (expectedAdmissionDate: string, ward: string | null = null): HospitalizationEvent => ({
    type: 'admission_plan_changed',
    expectedAdmissionDate,
    ward,
    occurredAt: '2026-12-03T09:00:00+09:00',
  });

  it('a new day: the plan expects the stay from it, kept planned; the told care manager is told again with the sheet task', () => {
    const step = apply(admit(planned(TELLS)).snapshot, changed('2026-12-14', '6階東病棟'));
    expect(step.state).toBe('planned');
    const ctx = step.snapshot.context;
    expect(ctx.plannedAdmission).toEqual({ plannedAt: '2026-12-01T10:00:00+09:00', expectedOn: '2026-12-14' });
    expect(ctx.admittedAt).toBe('2026-12-14T00:00:00+09:00');
    expect(ctx.ward).toBe('6階東病棟');
    expect(step.effects).toEqual([
      { type: 'openTask', task: 'report_information_sheet' },
      {
        type: 'sendNotice',
        notice: 'planned_admission_notice',
        to: 'careOffice',
        task: 'report_information_sheet',
        urgent: false,
        deadline: null,
      },
    ]);
  });

  it('the admission after a changed plan starts the stay on the day it took place; the plan keeps its new day', () => {
    const plan = apply(admit(planned(TELLS)).snapshot, changed('2026-12-14')).snapshot;
    const stay = apply(plan, admitted({ occurredAt: '2026-12-14T10:00:00+09:00' }));
    expect(stay.state).toBe('admissionNotice');
    expect(stay.snapshot.context.admittedAt).toBe('2026-12-14T10:00:00+09:00');
    expect(stay.snapshot.context.plannedAdmission?.expectedOn).toBe('2026-12-14');
  });

  it('the sheet already given: the change is told without asking for the sheet again', () => {
    const given = apply(admit(planned(TELLS)).snapshot, sheet('2026-12-02T14:00:00+09:00')).snapshot;
    const step = apply(given, changed('2026-12-14'));
    expect(step.effects).toEqual([
      {
        type: 'sendNotice',
        notice: 'planned_admission_notice',
        to: 'careOffice',
        task: null,
        urgent: false,
        deadline: null,
      },
    ]);
  });

  it('a region that told nobody at planning tells nobody of the change, and a plan with no care office known tells nobody', () => {
    const silent = apply(admit(planned(SILENT)).snapshot, changed('2026-12-14'));
    expect(silent.snapshot.context.plannedAdmission?.expectedOn).toBe('2026-12-14');
    expect(silent.effects).toEqual([]);
    expect(apply(admit(planned(TELLS, null)).snapshot, changed('2026-12-14')).effects).toEqual([]);
  });

  it('the same plan sent again changes nothing and is refused; a change is for plans only, refused once the stay began', () => {
    const plan = admit(planned(TELLS)).snapshot;
    expect(accepts(plan, changed(PLANNED_ON))).toBe(false);
    expect(accepts(plan, changed(PLANNED_ON, '6階東病棟'))).toBe(true);
    const stay = apply(plan, admitted()).snapshot;
    expect(accepts(stay, changed('2026-12-14'))).toBe(false);
  });
});

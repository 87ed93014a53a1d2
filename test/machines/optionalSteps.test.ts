// Where the rule says a step is optional, it can be settled as such; who the rule is for; and who is
// asked when the care manager is unknown. Each test is named after the seed line it proves.
import { describe, expect, it } from 'vitest';
import { caseMeasures } from '../../machines/measures.js';
import { accepts, admit, apply, type StoredSnapshot } from '../../machines/run.js';
import type { AdmissionInput, HospitalizationEvent } from '../../machines/types.js';
import { plannedAdmissionTookPlace, routeAAdmission, ruleOf } from './stays.js';

const SANDA = ruleOf('sanda');
const ADMITTED = '2026-06-08T10:00:00+09:00'; // a Monday
const REPEAT = { previousCaseId: 'case-before', endedAt: '2026-05-30T11:00:00+09:00' };

function run(input: AdmissionInput, ...events: HospitalizationEvent[]) {
  let step = admit(input);
  const effects = [...step.effects];
  for (const e of events) {
    expect(accepts(step.snapshot, e), `${e.type} is accepted`).toBe(true);
    step = apply(step.snapshot, e);
    effects.push(...step.effects);
  }
  return { snapshot: step.snapshot, effects, last: step.effects };
}

const notNeeded = (occurredAt: string, by: 'care_manager' | 'hospital' = 'care_manager'): HospitalizationEvent => ({
  type: 'information_sheet_not_needed_agreed',
  agreedWith: { name: '佐藤 花子', role: '退院調整看護師' },
  by,
  occurredAt,
});
const sheetDeadline = (s: StoredSnapshot) => s.context.deadlines.find((d) => d.key === 'informationSheet');
const fired = (type: 'deadline_approached' | 'deadline_passed' | 'deadline_escalated', key: string, at: string) =>
  ({ type, key, firedAt: at, occurredAt: at }) as HospitalizationEvent;

describe('Sanda FAQ 3–4 (入退院を繰り返す担当者の情報提供は、状態の変化に応じて必要性の有無を病院と相談)', () => {
  it('FAQ 3–4: a repeat admission settles the sheet as 「今回は提供不要（病院と合意）」 with who agreed: the deadline is waived, its timers cleared, the task closed', () => {
    const { snapshot, last } = run(
      routeAAdmission(SANDA, ADMITTED, { repeatAdmission: REPEAT }),
      notNeeded('2026-06-09T15:00:00+09:00'),
    );
    expect(snapshot.context.informationSheetNotNeeded).toEqual({
      at: '2026-06-09T15:00:00+09:00',
      agreedWith: { name: '佐藤 花子', role: '退院調整看護師' },
      recordedBy: 'care_manager',
    });
    expect(sheetDeadline(snapshot)?.status).toBe('waived');
    expect(last).toContainEqual({ type: 'clearDeadline', key: 'informationSheet' });
    expect(last).toContainEqual({ type: 'closeTask', task: 'report_information_sheet' });
    // Its own outcome in the measures: neither on time nor late nor missed.
    expect(caseMeasures(snapshot.context).informationSheetStatus).toBe('not_needed');
  });

  it('FAQ 3–4: agreed before a planned admission took place, the sheet deadline starts settled (waived): no timer, no task', () => {
    const plan = routeAAdmission(SANDA, '2026-06-01T10:00:00+09:00', {
      repeatAdmission: REPEAT,
      expectedAdmissionDate: '2026-06-08',
    });
    const { snapshot, last } = run(plan, notNeeded('2026-06-03T15:00:00+09:00'), plannedAdmissionTookPlace(ADMITTED));
    expect(sheetDeadline(snapshot)).toMatchObject({ status: 'waived', metAt: null });
    expect(last).not.toContainEqual(expect.objectContaining({ type: 'setDeadline', key: 'informationSheet' }));
    expect(last).not.toContainEqual({ type: 'openTask', task: 'report_information_sheet' });
    expect(caseMeasures(snapshot.context).informationSheetStatus).toBe('not_needed');
  });

  it('FAQ 3–4: agreed after the deadline passed, the sheet is still settled as not needed, never escalated (not "missed")', () => {
    const input = routeAAdmission(SANDA, ADMITTED, { repeatAdmission: REPEAT });
    const due = sheetDeadline(admit(input).snapshot)!;
    const { snapshot } = run(input, fired('deadline_passed', 'informationSheet', due.dueAt), notNeeded(due.dueAt));
    expect(sheetDeadline(snapshot)?.status).toBe('waived');
    expect(accepts(snapshot, fired('deadline_escalated', 'informationSheet', due.escalateAt!))).toBe(false);
  });

  it('FAQ 3–4: only a repeat admission qualifies: without a previous stay within the days the agreement is refused', () => {
    const first = admit(routeAAdmission(SANDA, ADMITTED)).snapshot;
    expect(accepts(first, notNeeded('2026-06-09T15:00:00+09:00'))).toBe(false);
  });

  it('FAQ 3–4: once the sheet is given, or agreed not needed once, it cannot be agreed not needed again', () => {
    const input = routeAAdmission(SANDA, ADMITTED, { repeatAdmission: REPEAT });
    const given = run(input, {
      type: 'information_sheet_provided',
      at: '2026-06-09T09:00:00+09:00',
      means: 'fax',
      occurredAt: '2026-06-09T09:00:00+09:00',
    }).snapshot;
    expect(accepts(given, notNeeded('2026-06-09T15:00:00+09:00'))).toBe(false);
    const agreed = run(input, notNeeded('2026-06-09T15:00:00+09:00', 'hospital')).snapshot;
    expect(agreed.context.informationSheetNotNeeded?.recordedBy).toBe('hospital');
    expect(accepts(agreed, notNeeded('2026-06-09T16:00:00+09:00'))).toBe(false);
  });

  it('FAQ 3–4: with the sheet agreed not needed, a care office named later opens no sheet deadline or task', () => {
    const input = routeAAdmission(SANDA, ADMITTED, { repeatAdmission: REPEAT });
    const { last } = run(input, notNeeded('2026-06-09T15:00:00+09:00'), {
      type: 'care_office_identified',
      careOfficeId: 'office-2',
      officeKind: 'home_care_office',
      officeHours: null,
      occurredAt: '2026-06-10T09:00:00+09:00',
    });
    expect(last.filter((e) => e.type === 'setDeadline' && e.key === 'informationSheet')).toEqual([]);
    expect(last.filter((e) => e.type === 'openTask' && e.task === 'report_information_sheet')).toEqual([]);
  });
});

describe('Sanda §2(3) 支援の対象者: 自宅等から入院し自宅等へ退院する患者', () => {
  const outOfScope = routeAAdmission(SANDA, ADMITTED, { inRuleScope: false });

  it('§2(3): a stay out of scope is kept and its deadlines recorded, but never chased: no reminder, no overdue, no escalation', () => {
    const s = admit(outOfScope).snapshot;
    const due = sheetDeadline(s)!;
    expect(due.status).toBe('open');
    expect(accepts(s, fired('deadline_approached', 'informationSheet', due.remindAt!))).toBe(false);
    expect(accepts(s, fired('deadline_passed', 'informationSheet', due.dueAt))).toBe(false);
    // The same stay in scope is chased.
    const inScope = admit(routeAAdmission(SANDA, ADMITTED)).snapshot;
    expect(accepts(inScope, fired('deadline_passed', 'informationSheet', due.dueAt))).toBe(true);
  });

  it('§2(3): a discharge home out of scope is no leak, and the measures count it apart', () => {
    const { snapshot } = run(outOfScope, {
      type: 'discharged',
      destination: 'home',
      nursingSummarySent: false,
      occurredAt: '2026-06-20T10:00:00+09:00',
    });
    expect(snapshot.context.leak).toBeNull();
    expect(caseMeasures(snapshot.context).outOfRuleScope).toBe(true);
  });

  it('§2(3): brought into scope by hand, its open deadlines are asked for again and a discharge home already recorded is judged', () => {
    const { snapshot, last } = run(
      outOfScope,
      { type: 'discharged', destination: 'home', nursingSummarySent: false, occurredAt: '2026-06-20T10:00:00+09:00' },
      { type: 'brought_into_rule_scope', occurredAt: '2026-06-21T10:00:00+09:00' },
    );
    expect(snapshot.context.inRuleScope).toBe(true);
    expect(snapshot.context.broughtIntoScopeAt).toBe('2026-06-21T10:00:00+09:00');
    expect(snapshot.context.leak?.reason).toBe('no_discharge_start_notice');
    expect(last.some((e) => e.type === 'setDeadline' && e.key === 'carePlanCopy')).toBe(true);
    expect(caseMeasures(snapshot.context).outOfRuleScope).toBe(false);
    // Only a stay out of scope can be brought in.
    expect(accepts(snapshot, { type: 'brought_into_rule_scope', occurredAt: '2026-06-22T10:00:00+09:00' })).toBe(false);
  });
});

describe('Sanda A① ※ and FAQ 13: ケアマネジャーが不明な場合は居住地の地域包括支援センターに確認', () => {
  const unknown = routeAAdmission(SANDA, ADMITTED, {
    careOfficeId: null,
    officeKind: null,
    careManagerSearchCenterId: 'center-1',
  });

  it('A① ※: the hospital deadline to find the care manager comes with a request to the support center, carrying a task to answer with the office found', () => {
    const { effects } = admit(unknown);
    expect(effects).toContainEqual(expect.objectContaining({ type: 'setDeadline', key: 'careManagerIdentification' }));
    expect(effects).toContainEqual({ type: 'openTask', task: 'identify_care_manager' });
    expect(effects).toContainEqual({
      type: 'sendNotice',
      notice: 'care_manager_search_request',
      to: 'supportCenter',
      task: 'identify_care_manager',
      urgent: false,
      deadline: 'careManagerIdentification',
    });
  });

  it('FAQ 13: the office the center names is the care office identified: the deadline is met, the task closes and the care manager is told', () => {
    const { snapshot, last } = run(unknown, {
      type: 'care_office_identified',
      careOfficeId: 'office-7',
      officeKind: 'home_care_office',
      officeHours: null,
      occurredAt: '2026-06-08T15:00:00+09:00',
    });
    expect(snapshot.context.careOfficeId).toBe('office-7');
    expect(snapshot.context.deadlines.find((d) => d.key === 'careManagerIdentification')?.status).toBe('met');
    expect(last).toContainEqual({ type: 'closeTask', task: 'identify_care_manager' });
    expect(last).toContainEqual(expect.objectContaining({ type: 'sendNotice', notice: 'admission_notice' }));
  });

  it("A① ※: a stay that ends home before the care manager is found closes the support center's task", () => {
    const { snapshot, last } = run(unknown, {
      type: 'discharged',
      destination: 'home',
      nursingSummarySent: false,
      occurredAt: '2026-06-09T10:00:00+09:00',
    });
    expect(last).toContainEqual({ type: 'closeTask', task: 'identify_care_manager' });
    expect(snapshot.context.deadlines.find((d) => d.key === 'careManagerIdentification')?.status).toBe('waived');
    // A stay whose care manager is known had no search to close.
    const known = run(routeAAdmission(SANDA, ADMITTED), {
      type: 'discharged',
      destination: 'home',
      nursingSummarySent: false,
      occurredAt: '2026-06-09T10:00:00+09:00',
    });
    expect(known.last).not.toContainEqual({ type: 'closeTask', task: 'identify_care_manager' });
  });

  it('A① ※: with no center to ask, nobody is asked (and a known care manager needs no search)', () => {
    const none = admit(routeAAdmission(SANDA, ADMITTED, { careOfficeId: null, officeKind: null }));
    expect(none.effects.some((e) => e.type === 'sendNotice' && e.notice === 'care_manager_search_request')).toBe(false);
    const known = admit(routeAAdmission(SANDA, ADMITTED, { careManagerSearchCenterId: 'center-1' }));
    expect(known.effects.some((e) => e.type === 'sendNotice' && e.notice === 'care_manager_search_request')).toBe(
      false,
    );
  });
});

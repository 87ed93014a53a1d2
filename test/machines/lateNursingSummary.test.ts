// Sanda A⑤ 看護サマリー: the hospital sends the nursing summary at or after the discharge, and the care
// manager gets it. When the care plan's copy closed the stay first, the summary posted as data still
// reaches the care manager: the closed stay takes it (machines/run.ts lateFact), as it takes a late
// 退院・退所情報記録書, for RECORD_DAYS_AFTER_DISCHARGE days after a discharge home, and stays closed.
import { describe, expect, it } from 'vitest';
import { RECORD_DAYS_AFTER_DISCHARGE } from '../../machines/dischargeRecord.js';
import { accepts, admit, apply, type StoredSnapshot } from '../../machines/run.js';
import type { HospitalizationEvent } from '../../machines/types.js';
import { routeAAdmission, ruleOf } from './stays.js';

const run = (s: StoredSnapshot, ...events: HospitalizationEvent[]) =>
  events.reduce((x, e) => {
    expect(accepts(x, e), e.type).toBe(true);
    return apply(x, e).snapshot;
  }, s);
const admitted = (careOfficeId: string | null = 'office-1') =>
  admit(routeAAdmission(ruleOf('sanda'), '2026-06-10T10:00:00+09:00', { careOfficeId })).snapshot;
const planning: HospitalizationEvent = {
  type: 'discharge_planning_started',
  expectedDischargeDate: '2026-06-30',
  occurredAt: '2026-06-19T10:00:00+09:00',
};
const dischargedHome = (nursingSummarySent: boolean): HospitalizationEvent => ({
  type: 'discharged',
  destination: 'home',
  nursingSummarySent,
  occurredAt: '2026-06-30T10:00:00+09:00',
});
const copySent: HospitalizationEvent = { type: 'care_plan_copy_sent', occurredAt: '2026-07-01T10:00:00+09:00' };
const summary = (occurredAt: string, carriesSummary = true): HospitalizationEvent => ({
  type: 'nursing_summary_sent',
  occurredAt,
  ...(carriesSummary ? { carriesSummary: true } : {}),
});
const NOTICE = {
  type: 'sendNotice',
  notice: 'nursing_summary_notice',
  to: 'careOffice',
  task: null,
  urgent: false,
  deadline: null,
};

describe('Sanda A⑤ 看護サマリー: a summary posted after the care-plan copy closed the stay still reaches the care manager', () => {
  it(`the closed stay takes the summary for ${RECORD_DAYS_AFTER_DISCHARGE} days after a discharge home, tells the care manager, and stays closed`, () => {
    // The discharge said the summary went (by FAX); the care plan's copy then closed the stay.
    const closed = run(admitted(), planning, dischargedHome(true), copySent);
    expect(closed.value).toBe('closed');
    const inTime = summary('2026-07-30T10:00:00+09:00');
    expect(accepts(closed, inTime)).toBe(true);
    const late = apply(closed, inTime);
    expect(late.state).toBe('closed');
    // The notice with the summary's link, and nothing else: no task opens, the stay's record keeps its day.
    expect(late.effects).toEqual([NOTICE]);
    expect(late.snapshot).toEqual(closed);
    expect(accepts(closed, summary('2026-07-31T10:00:00+09:00'))).toBe(false);
  });

  it('before the copy closed the stay the summary takes the usual way: the discharged stay closes with it', () => {
    const discharged = run(admitted(), planning, dischargedHome(false), copySent);
    expect(discharged.value).toBe('discharged');
    const step = apply(discharged, summary('2026-07-02T10:00:00+09:00'));
    expect(step.effects).toContainEqual(NOTICE);
    expect(step.state).toBe('closed');
  });

  it('only the summary as data: a bare 「サマリー送付済み」 on a closed stay is refused (nothing to hand on)', () => {
    const closed = run(admitted(), planning, dischargedHome(true), copySent);
    expect(accepts(closed, summary('2026-07-02T10:00:00+09:00', false))).toBe(false);
    expect(apply(closed, summary('2026-07-02T10:00:00+09:00', false)).effects).toEqual([]);
  });

  it('only a stay closed after its discharge home with a care manager: a transfer, a facility or no care office does not take it', () => {
    const transferred = run(admitted(), planning, {
      type: 'transferred',
      toHospitalId: null,
      toHospitalName: '北病院',
      occurredAt: '2026-06-28T10:00:00+09:00',
    });
    expect(transferred.value).toBe('closed');
    expect(accepts(transferred, summary('2026-06-29T10:00:00+09:00'))).toBe(false);
    const facility = run(admitted(), planning, {
      type: 'discharged',
      destination: 'facility',
      nursingSummarySent: false,
      occurredAt: '2026-06-30T10:00:00+09:00',
    });
    expect(facility.value).toBe('closed');
    expect(accepts(facility, summary('2026-07-01T10:00:00+09:00'))).toBe(false);
    const nobody = run(admitted(null), dischargedHome(true));
    expect(nobody.value).toBe('closed');
    expect(accepts(nobody, summary('2026-07-01T10:00:00+09:00'))).toBe(false);
  });
});

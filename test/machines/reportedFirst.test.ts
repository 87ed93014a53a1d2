import { describe, expect, it } from 'vitest';
import { accepts, admit, apply } from '../../machines/run.js';
import type { AdmissionInput } from '../../machines/types.js';
import { TEST_RULE } from './testRule.js';

// 先に知った方が連絡する: a stay the care manager reported first is joined once by the hospital's own admission.

const reported: AdmissionInput = {
  caseId: 'case-1',
  hospitalId: 'hospital-1',
  occurredAt: '2026-12-05T09:00:00+09:00',
  ward: '',
  careOfficeId: 'office-1',
  officeKind: 'home_care_office',
  officeHours: null,
  usedCareServices: true,
  firstInformedBy: 'care_manager',
  previousStay: null,
  rule: TEST_RULE,
};
const joined = {
  type: 'hospital_admission_joined',
  ward: '5階西病棟',
  occurredAt: '2026-12-06T15:00:00+09:00',
} as const;

describe('a stay the care manager reported first', () => {
  it('counts the report as the admission notice: no acknowledge task, no admission notice, the sheet deadline runs', () => {
    const step = admit(reported);
    expect(step.state).toBe('informationProvision');
    expect(step.effects.filter((e) => e.type === 'openTask')).toEqual([
      { type: 'openTask', task: 'report_information_sheet' },
    ]);
    expect(step.effects.some((e) => e.type === 'sendNotice')).toBe(false);
    expect(step.effects.some((e) => e.type === 'setDeadline' && e.key === 'informationSheet')).toBe(true);
  });

  it("the hospital's admission joins it once, taking its ward; a second join is refused", () => {
    const once = apply(admit(reported).snapshot, joined);
    expect(once.snapshot.context.hospitalJoinedAt).toBe(joined.occurredAt);
    expect(once.snapshot.context.ward).toBe('5階西病棟');
    expect(once.state).toBe('informationProvision');
    expect(accepts(once.snapshot, joined)).toBe(false);
  });

  it('a stay the hospital reported itself has nothing to join', () => {
    expect(accepts(admit({ ...reported, firstInformedBy: 'hospital' }).snapshot, joined)).toBe(false);
  });
});

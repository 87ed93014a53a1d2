// machines/run.ts around the machine: the fact the rule takes as happened without being told (A④ a
// conference reported before 退院調整開始 means planning had started), and a closed case that no
// fact changes any more.
import { describe, expect, it } from 'vitest';
import { accepts, admit, apply, impliedFacts, isFinal, type StoredSnapshot } from '../../machines/run.js';
import type { HospitalizationEvent } from '../../machines/types.js';
import { routeAAdmission } from './stays.js';
import { TEST_RULE } from './testRule.js';

// Admitted in each test, not as the file loads, so that StrykerJS sees which tests run the admission.
const admitted = (): StoredSnapshot => admit(routeAAdmission(TEST_RULE, '2026-06-09T10:30:00+09:00')).snapshot;
const held = (occurredAt: string): HospitalizationEvent => ({
  type: 'conference_held',
  kind: 'pre_discharge',
  occurredAt,
  participants: [
    { profession: 'nurse', side: 'hospital' },
    { profession: 'care_manager', side: 'home' },
  ],
});
const planning: HospitalizationEvent = {
  type: 'discharge_planning_started',
  expectedDischargeDate: '2026-06-26',
  occurredAt: '2026-06-19T10:00:00+09:00',
};

describe('A④ a conference before 退院調整開始 was reported: planning is taken as started', () => {
  it('the conference implies discharge_planning_started, in the step 退院調整開始', () => {
    const justAdmitted = admitted();
    const step = apply(justAdmitted, held('2026-06-20T14:00:00+09:00'));
    expect(impliedFacts(justAdmitted, step)).toEqual([{ type: 'discharge_planning_started', state: 'dischargeStart' }]);
  });

  it('planning reported first: nothing is implied, neither by it nor by a later conference', () => {
    const justAdmitted = admitted();
    const planned = apply(justAdmitted, planning);
    expect(planned.snapshot.context.dischargePlanning).not.toBeNull();
    expect(impliedFacts(justAdmitted, planned)).toEqual([]);
    expect(impliedFacts(planned.snapshot, apply(planned.snapshot, held('2026-06-22T14:00:00+09:00')))).toEqual([]);
  });

  it('a second conference after an implied start implies nothing more', () => {
    const first = apply(admitted(), held('2026-06-20T14:00:00+09:00')).snapshot;
    expect(first.context.dischargePlanning?.impliedBy).toBe('conference_held');
    expect(impliedFacts(first, apply(first, held('2026-06-22T14:00:00+09:00')))).toEqual([]);
  });

  it('a fact that does not touch planning implies nothing', () => {
    const justAdmitted = admitted();
    const interviewed: HospitalizationEvent = {
      type: 'patient_family_interviewed',
      occurredAt: '2026-06-10T10:00:00+09:00',
    };
    expect(impliedFacts(justAdmitted, apply(justAdmitted, interviewed))).toEqual([]);
  });
});

describe('a closed case never changes', () => {
  const died: HospitalizationEvent = { type: 'died', occurredAt: '2026-06-12T03:00:00+09:00' };

  it('after the patient died the case is final; no fact is accepted or applied', () => {
    const justAdmitted = admitted();
    expect(isFinal(justAdmitted)).toBe(false);
    expect(accepts(justAdmitted, died)).toBe(true);
    const closed = apply(justAdmitted, died).snapshot;
    expect(isFinal(closed)).toBe(true);
    expect(accepts(closed, planning)).toBe(false);
    const after = apply(closed, planning);
    expect(after).toEqual({ snapshot: closed, state: 'closed', effects: [] });
    expect(after.snapshot).toBe(closed);
  });
});

// The region flag careManagerContactCountsAsHandoff, by fixed examples: where a region counts the care
// manager's own exchange with the hospital as the handoff (Kagoshima since FY2019, seed 003), a
// discharge home after such an exchange is no leak even without the hospital's discharge-start
// notice; elsewhere the notice is still owed. Both values of the flag on the same facts, each region
// pack's own value, and the edges of "before the discharge" (machines/hospitalization.ts, leakAt).
import { describe, expect, it } from 'vitest';
import { accepts, admit, apply, type StoredSnapshot } from '../../machines/run.js';
import type {
  HospitalizationContext,
  HospitalizationEvent,
  Profession,
  RuleParams,
  Side,
} from '../../machines/types.js';
import { PACKS, routeAAdmission, ruleOf } from './stays.js';

const SANDA = ruleOf('sanda');
const DISCHARGED = '2026-06-26T10:00:00+09:00';

function run(rule: RuleParams, ...events: HospitalizationEvent[]): HospitalizationContext {
  const end = events.reduce(
    (s: StoredSnapshot, e) => {
      expect(accepts(s, e), `${e.type} at ${e.occurredAt}`).toBe(true);
      return apply(s, e).snapshot;
    },
    admit(routeAAdmission(rule, '2026-06-09T10:30:00+09:00')).snapshot,
  );
  return end.context;
}

const acknowledged: HospitalizationEvent = { type: 'admission_acknowledged', occurredAt: '2026-06-09T14:00:00+09:00' };
const sheet: HospitalizationEvent = {
  type: 'information_sheet_provided',
  at: '2026-06-10T11:00:00+09:00',
  means: 'face_to_face',
  occurredAt: '2026-06-10T11:00:00+09:00',
};
const infoShared = (occurredAt: string): HospitalizationEvent => ({
  type: 'discharge_information_shared',
  method: 'phone',
  occurredAt,
});
const conferenceHeld = (occurredAt: string, participants: { profession: Profession; side: Side }[]) =>
  ({ type: 'conference_held', kind: 'pre_discharge', participants, occurredAt }) satisfies HospitalizationEvent;
const dischargedHome = (occurredAt = DISCHARGED): HospitalizationEvent => ({
  type: 'discharged',
  destination: 'home',
  nursingSummarySent: true,
  occurredAt,
});
const withFlag = (value: boolean): RuleParams => ({ ...SANDA, careManagerContactCountsAsHandoff: value });
const leakReason = (ctx: HospitalizationContext) => ctx.leak?.reason ?? null;

describe('careManagerContactCountsAsHandoff: the care manager’s own exchange with the hospital before a discharge home is the handoff', () => {
  const exchangedThenDischarged = [acknowledged, sheet, infoShared('2026-06-22T10:00:00+09:00'), dischargedHome()];

  it('true: information exchanged before a discharge home without the discharge-start notice is no leak', () => {
    expect(leakReason(run(withFlag(true), ...exchangedThenDischarged))).toBeNull();
  });

  it('false: the same facts are a leak, the discharge-start notice never came (急な退院)', () => {
    const ctx = run(withFlag(false), ...exchangedThenDischarged);
    expect(ctx.leak).toEqual({
      reason: 'no_discharge_start_notice',
      detail: '退院調整開始の連絡がないまま退院 (急な退院)',
    });
  });

  it('true, but no exchange at all: still a leak (the flag excuses the notice only when the care manager was in contact)', () => {
    expect(leakReason(run(withFlag(true), acknowledged, sheet, dischargedHome()))).toBe('no_discharge_start_notice');
  });

  it('true: an exchange at the very minute of the discharge counts as before it', () => {
    expect(leakReason(run(withFlag(true), acknowledged, sheet, infoShared(DISCHARGED), dischargedHome()))).toBeNull();
  });

  it('true: an exchange reported with a time after the discharge does not count', () => {
    const ctx = run(withFlag(true), acknowledged, sheet, infoShared('2026-06-26T10:01:00+09:00'), dischargedHome());
    expect(leakReason(ctx)).toBe('no_discharge_start_notice');
  });

  const afterConference = (...participants: { profession: Profession; side: Side }[]) =>
    leakReason(
      run(
        withFlag(true),
        acknowledged,
        sheet,
        conferenceHeld('2026-06-24T14:00:00+09:00', [{ profession: 'nurse', side: 'hospital' }, ...participants]),
        dischargedHome(),
      ),
    );

  it('true: a conference the care manager attended before the discharge counts as the exchange', () => {
    expect(afterConference({ profession: 'care_manager', side: 'home' })).toBeNull();
  });

  it('true: a conference without the care manager is no exchange with the care manager', () => {
    // The conference implies discharge planning started; its notice was never delivered.
    expect(afterConference({ profession: 'visiting_nurse', side: 'home' })).toBe('discharge_start_notice_undelivered');
  });

  it.each([
    ['asahikawa', false],
    ['kagoshima', true],
    ['sanda', false],
    ['sasebo', false],
  ] as const)("%s's pack says %s, and its discharges follow it", (regionId, value) => {
    const rule = ruleOf(regionId);
    expect(rule.careManagerContactCountsAsHandoff).toBe(value);
    expect(leakReason(run(rule, ...exchangedThenDischarged))).toBe(value ? null : 'no_discharge_start_notice');
  });

  it('every region pack is listed above', () => {
    expect(PACKS.map((p) => p.id).sort()).toEqual(['asahikawa', 'kagoshima', 'sanda', 'sasebo']);
  });
});

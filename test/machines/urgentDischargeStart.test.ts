// Sanda A③ 「ケアマネジャーが退院準備に必要な期間…を考慮して…退院支援開始を連絡する」 with the region's
// lead days (3): a discharge start announced with fewer days to go leaves the care manager less time
// than the rule gives, so its notice is urgent (SMS and email at once), not a routine email.
import { describe, expect, it } from 'vitest';
import { admit, apply, type StoredSnapshot } from '../../machines/run.js';
import type { AdmissionInput, Effect, HospitalizationEvent } from '../../machines/types.js';
import { loadRegionPacks } from '../../regions/load.js';
import { ruleParams } from '../../regions/rules.js';

const packs = await loadRegionPacks();

function admitted(regionId: string, careOfficeId: string | null = 'office-1'): StoredSnapshot {
  const input: AdmissionInput = {
    caseId: 'case-urgent',
    hospitalId: 'h',
    occurredAt: '2026-12-01T10:00:00+09:00',
    ward: '5階東',
    careOfficeId,
    officeKind: careOfficeId ? 'home_care_office' : null,
    officeHours: null,
    usedCareServices: true,
    firstInformedBy: 'care_manager',
    rule: ruleParams(packs.find((p) => p.id === regionId)!).machine,
    previousStay: null,
  };
  return admit(input).snapshot;
}

const planning = (expectedDischargeDate: string): HospitalizationEvent => ({
  type: 'discharge_planning_started',
  expectedDischargeDate,
  occurredAt: '2026-12-10T10:00:00+09:00',
});

const startNotices = (effects: Effect[]) =>
  effects.filter(
    (e): e is Extract<Effect, { type: 'sendNotice' }> =>
      e.type === 'sendNotice' && e.notice === 'discharge_start_notice',
  );

describe.each(packs.map((p) => [p.name, p.id, ruleParams(p).machine.dischargeStartLeadDays] as const))(
  '%s: the discharge start is urgent when the expected date is nearer than the region’s lead days',
  (_, regionId, lead) => {
    const day = (d: number) => `2026-12-${String(10 + d).padStart(2, '0')}`;

    it(`announced ${lead} days ahead (the lead itself): a routine notice`, () => {
      const step = apply(admitted(regionId), planning(day(lead)));
      expect(startNotices(step.effects).map((e) => e.urgent)).toEqual([false]);
    });

    it(`announced ${lead - 1} days ahead: urgent`, () => {
      const step = apply(admitted(regionId), planning(day(lead - 1)));
      expect(startNotices(step.effects).map((e) => [e.to, e.urgent])).toEqual([['careOffice', true]]);
    });

    it('moved nearer after a routine announcement: the new notice is urgent', () => {
      const first = apply(admitted(regionId), planning(day(lead + 5))).snapshot;
      const moved = apply(first, { ...planning(day(1)), occurredAt: '2026-12-10T15:00:00+09:00' });
      expect(startNotices(moved.effects).map((e) => e.urgent)).toEqual([true]);
    });

    it('a care manager found after a short-notice start is told urgently too', () => {
      const started = apply(admitted(regionId, null), planning(day(0))).snapshot;
      expect(startNotices(apply(admitted(regionId, null), planning(day(0))).effects)).toEqual([]);
      const found = apply(started, {
        type: 'care_office_identified',
        careOfficeId: 'office-2',
        officeKind: 'home_care_office',
        officeHours: null,
        occurredAt: '2026-12-10T11:00:00+09:00',
      });
      expect(startNotices(found.effects).map((e) => e.urgent)).toEqual([true]);
    });
  },
);

// Billing rules that speak of more than one record in a stay (machines/billing.ts): 退院・退所加算 once
// per stay with late receipts named beside it, and 介護支援等連携指導料 counted only for its own kind
// of meeting, 入院中2回まで after the days shared with 退院時共同指導 are set aside.
import { describe, expect, it } from 'vitest';
import { type AddOn, billingEvidence } from '../../machines/billing.js';
import { admit } from '../../machines/run.js';
import type { Conference, HospitalizationContext } from '../../machines/types.js';
import { routeAAdmission, ruleOf } from './stays.js';

const addOn = (facts: Partial<HospitalizationContext>, code: AddOn['code']): AddOn => {
  const ctx = { ...admit(routeAAdmission(ruleOf('sanda'), '2026-06-09T10:30:00+09:00')).snapshot.context, ...facts };
  return billingEvidence(ctx).find((a) => a.code === code)!;
};
const exchange = (at: string) => ({ at, method: 'phone' as const });
const meeting = (heldAt: string, kind: Conference['kind'], home: Conference['participants']): Conference => ({
  at: heldAt,
  place: null,
  online: false,
  heldAt,
  kind,
  participants: [{ profession: 'physician', side: 'hospital' }, { profession: 'nurse', side: 'hospital' }, ...home],
});
const CARE_MANAGER: Conference['participants'] = [{ profession: 'care_manager', side: 'home' }];

describe('❷ 退院・退所加算 is claimed once per stay; receipts more than 7 days after discharge are named, not counted', () => {
  const facts = {
    discharge: {
      at: '2026-06-26T10:00:00+09:00',
      destination: 'home' as const,
      nursingSummarySentAt: null,
      sudden: false,
    },
    servicesStartedOn: '2026-06-27',
    infoExchanges: [
      exchange('2026-06-20T10:00:00+09:00'),
      exchange('2026-06-22T10:00:00+09:00'),
      exchange('2026-07-04T10:00:00+09:00'),
      exchange('2026-07-05T10:00:00+09:00'),
    ],
  };
  const LATE = '退院後7日を過ぎた情報受領は数えない: 2026-07-04, 2026-07-05';

  it('two in time: (II)イ; a lower tier met otherwise names the late days and that (II)イ is claimed', () => {
    expect(addOn(facts, 'discharge_2i')).toMatchObject({ supported: true, missing: [] });
    expect(addOn(facts, 'discharge_1i').missing).toEqual([LATE, '同一入院で1回のみ: 退院・退所加算(II)イを算定']);
  });

  it('a tier not met names what is missing and the late days, not the claimed tier', () => {
    expect(addOn(facts, 'discharge_3').missing).toEqual([
      '病院からの情報受領が3回必要 (記録: 2回、同日は1回)',
      'うち1回以上はカンファレンス(退院時共同指導料2注3の要件: 在宅側3者以上)が必要',
      LATE,
    ]);
  });
});

describe('❸ 介護支援等連携指導料: only its own meetings, 入院中2回まで after the 退院時共同指導 days', () => {
  it('a pre-discharge conference the care manager attended is not 介護支援等連携指導料', () => {
    expect(
      addOn(
        { conferences: [meeting('2026-06-15T14:00:00+09:00', 'pre_discharge', CARE_MANAGER)] },
        'care_support_linkage',
      ),
    ).toMatchObject({
      value: '400点×0回',
      supported: false,
      basis: [],
      missing: ['介護支援専門員と共同した説明・指導の記録がない'],
    });
  });

  it('three with the care manager, one on the 退院時共同指導 day: the other two are credited, none is beyond 2回', () => {
    const facts = {
      conferences: [
        meeting('2026-06-20T10:00:00+09:00', 'joint_guidance', [{ profession: 'physician', side: 'home' }]),
        meeting('2026-06-20T16:00:00+09:00', 'care_support_linkage', CARE_MANAGER),
        meeting('2026-06-15T14:00:00+09:00', 'care_support_linkage', CARE_MANAGER),
        meeting('2026-06-17T14:00:00+09:00', 'care_support_linkage', CARE_MANAGER),
      ],
    };
    expect(addOn(facts, 'care_support_linkage')).toMatchObject({
      value: '400点×2回',
      supported: true,
      basis: [
        '介護支援専門員と共同指導 6/15',
        '介護支援専門員と共同指導 6/17',
        '6/20は退院時共同指導料と同日のため数えない',
      ],
      missing: [],
    });
  });
});

// 002 ❶ 入院時情報連携加算 … 利用者1人につき1月に1回を限度: what one stay tells a later stay of the same
// patient (machines/billing.ts infoLinkageClaimedAt). The engine hands a new admission the instants at
// which the patient's earlier stays were given information that supported (I) or (II); only a stay that
// supports one of them counts against the month.
import { describe, expect, it } from 'vitest';
import { billingEvidence, infoLinkageClaimedAt } from '../../machines/billing.js';
import { admit } from '../../machines/run.js';
import type { HospitalizationContext } from '../../machines/types.js';
import { routeAAdmission, ruleOf } from './stays.js';

// Tuesday 9 June 2026, 10:30 in Japan, in the office's hours: (I) is 6/9, (II) 6/10–6/11.
const stay = (facts: Partial<HospitalizationContext>): HospitalizationContext => ({
  ...admit(
    routeAAdmission(ruleOf('sanda'), '2026-06-09T10:30:00+09:00', {
      officeHours: { open: '09:00', close: '18:00', closedDays: ['sat', 'sun', 'holiday'] },
    }),
  ).snapshot.context,
  ...facts,
});
const sheetAt = (at: string) => ({ informationSheet: { at, means: 'fax' as const } });

describe('❶ once a month per user: which stays count against the month', () => {
  it('information given in (I)’s window: the stay claims it at that instant', () => {
    expect(infoLinkageClaimedAt(stay(sheetAt('2026-06-09T16:00:00+09:00')))).toBe('2026-06-09T16:00:00+09:00');
  });

  it('information given in (II)’s window: the stay claims it too', () => {
    expect(infoLinkageClaimedAt(stay(sheetAt('2026-06-11T17:00:00+09:00')))).toBe('2026-06-11T17:00:00+09:00');
  });

  it('information given too late for both: the stay claims nothing, a later stay that month may', () => {
    expect(infoLinkageClaimedAt(stay(sheetAt('2026-06-12T09:00:00+09:00')))).toBeNull();
  });

  it('no information given: nothing claimed', () => {
    expect(infoLinkageClaimedAt(stay({ informationSheet: null }))).toBeNull();
  });

  it('route B (no care manager before admission) has no 入院時情報連携加算, so claims nothing', () => {
    expect(infoLinkageClaimedAt(stay({ route: 'B', ...sheetAt('2026-06-09T16:00:00+09:00') }))).toBeNull();
  });

  it('介護予防支援 (a 地域包括支援センター) is not 居宅介護支援: it claims nothing', () => {
    expect(
      infoLinkageClaimedAt(stay({ officeKind: 'community_support_center', ...sheetAt('2026-06-09T16:00:00+09:00') })),
    ).toBeNull();
  });

  it('a stay barred by an earlier stay that month claims nothing itself', () => {
    expect(
      infoLinkageClaimedAt(
        stay({ earlierInfoLinkage: ['2026-06-02T11:00:00+09:00'], ...sheetAt('2026-06-09T16:00:00+09:00') }),
      ),
    ).toBeNull();
  });

  it('an earlier stay in the previous month does not bar it: the month is counted in Japan', () => {
    // 5/31 23:30 JST is still May (14:30 UTC on 5/31); 6/1 00:30 JST is June (15:30 UTC on 5/31).
    const facts = sheetAt('2026-06-09T16:00:00+09:00');
    expect(infoLinkageClaimedAt(stay({ earlierInfoLinkage: ['2026-05-31T14:30:00Z'], ...facts }))).toBe(
      '2026-06-09T16:00:00+09:00',
    );
    expect(infoLinkageClaimedAt(stay({ earlierInfoLinkage: ['2026-05-31T15:30:00Z'], ...facts }))).toBeNull();
  });
});

describe('❶ a stay recorded before the once-a-month rule, and a bar inside (II)’s window', () => {
  it('a stay stored without earlierInfoLinkage (older snapshots) has no earlier stay: (I) supported', () => {
    const older = stay(sheetAt('2026-06-09T16:00:00+09:00'));
    delete older.earlierInfoLinkage;
    expect(infoLinkageClaimedAt(older)).toBe('2026-06-09T16:00:00+09:00');
    expect(billingEvidence(older).find((a) => a.code === 'info_linkage_1')).toMatchObject({
      supported: true,
      missing: [],
    });
  });

  it('information in (II)’s window but barred by an earlier stay: (II) names only the bar, (I) also its window', () => {
    const evidence = billingEvidence(
      stay({ earlierInfoLinkage: ['2026-06-02T11:00:00+09:00'], ...sheetAt('2026-06-10T10:00:00+09:00') }),
    );
    const bar = '利用者1人につき1月に1回: 同じ月の別の入院 (6/2提供) で算定';
    expect(evidence.find((a) => a.code === 'info_linkage_2')).toMatchObject({ supported: false, missing: [bar] });
    expect(evidence.find((a) => a.code === 'info_linkage_1')).toMatchObject({
      supported: false,
      missing: [bar, '提供日が(I)の期間外: 入院日(6/9)のうち'],
    });
  });

  it('information in (I)’s window but barred: (II) names the bar only, not “(I)を算定”', () => {
    const evidence = billingEvidence(
      stay({ earlierInfoLinkage: ['2026-06-02T11:00:00+09:00'], ...sheetAt('2026-06-09T16:00:00+09:00') }),
    );
    const bar = '利用者1人につき1月に1回: 同じ月の別の入院 (6/2提供) で算定';
    expect(evidence.find((a) => a.code === 'info_linkage_1')).toMatchObject({ supported: false, missing: [bar] });
    expect(evidence.find((a) => a.code === 'info_linkage_2')).toMatchObject({ supported: false, missing: [bar] });
  });
});

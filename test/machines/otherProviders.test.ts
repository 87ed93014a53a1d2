// 他の事業所への写し (Sanda A①: the care manager tells the visiting nurse; issue "care offices take part"):
// which notices to the care manager are copied to a stay's other providers, and as what.
import { describe, expect, it } from 'vitest';
import { OTHER_PROVIDER_KINDS, providerCopyOf } from '../../machines/otherProviders.js';
import type { NoticeKind } from '../../machines/types.js';

describe('other providers are copied on the discharge start and the discharge only', () => {
  it('the discharge-start notice brings its copy; a planned or sudden discharge brings the discharge copy', () => {
    expect(providerCopyOf('discharge_start_notice')).toBe('discharge_start_copy');
    expect(providerCopyOf('discharge_notice')).toBe('discharge_copy');
    expect(providerCopyOf('sudden_discharge_notice')).toBe('discharge_copy');
  });

  it("the admission, the sheet, reminders and corrections are the care manager's own: no copy", () => {
    const own: NoticeKind[] = [
      'admission_notice',
      'planned_admission_notice',
      'stay_ended_notice',
      'conference_notice',
    ];
    for (const n of own) expect(providerCopyOf(n), n).toBeNull();
  });

  it('the kinds a person picks: 訪問看護, 通所介護, 通所リハ, 福祉用具, 訪問介護, その他', () => {
    expect(OTHER_PROVIDER_KINDS).toEqual([
      'visiting_nursing',
      'day_service',
      'day_rehabilitation',
      'welfare_equipment',
      'home_help',
      'other',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { endOfJstDay } from '../../machines/calendar.js';
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
    expect(step.effects.some((e) => e.type === 'sendNotice' && e.to === 'careOffice')).toBe(false);
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

const confirmed = {
  type: 'admission_confirmed_by_hospital',
  confirmedBy: '佐藤',
  occurredAt: '2026-12-07T10:00:00+09:00',
} as const;
const confirmation = (step: ReturnType<typeof admit>) =>
  step.snapshot.context.deadlines.find((d) => d.key === 'reportedAdmissionConfirmation');

describe("the hospital's window is told of a reported admission and confirms it", () => {
  // Reported on Monday 7 December about an admission on Saturday the 5th.
  const late = { ...reported, reportedAt: '2026-12-07T09:30:00+09:00' };

  it("the report queues one notice to the hospital's window (its inpatient window, by its channel)", () => {
    const notices = admit(late).effects.filter((e) => e.type === 'sendNotice');
    expect(notices).toEqual([
      expect.objectContaining({ notice: 'admission_reported_notice', to: 'hospitalWindow', task: null }),
    ]);
  });

  it("the hospital owns a deadline from the report (not the admission's date): the region's business days on its calendar", () => {
    const d = confirmation(admit(late))!;
    expect(d.owner).toBe('hospital');
    expect(d.status).toBe('open');
    // TEST_RULE leaves the days unset: one business day, the pack schema's default.
    expect(d.dueAt).toBe(endOfJstDay('2026-12-08'));
    const two = admit({ ...late, rule: { ...TEST_RULE, reportedAdmissionConfirmBusinessDays: 2 } });
    expect(confirmation(two)!.dueAt).toBe(endOfJstDay('2026-12-09'));
    // Friday's report: the weekend is not the hospital's business days.
    const friday = admit({ ...reported, reportedAt: '2026-12-11T16:00:00+09:00' });
    expect(confirmation(friday)!.dueAt).toBe(endOfJstDay('2026-12-14'));
    expect(admit(late).effects).toContainEqual(
      expect.objectContaining({ type: 'setDeadline', key: 'reportedAdmissionConfirmation', dueAt: d.dueAt }),
    );
  });

  it('the confirmation meets the deadline, records who confirmed, and a second is refused', () => {
    const step = apply(admit(late).snapshot, confirmed);
    expect(confirmation(step)).toMatchObject({ status: 'met', metAt: confirmed.occurredAt });
    expect(step.snapshot.context.hospitalConfirmation).toEqual({ at: confirmed.occurredAt, by: '佐藤' });
    expect(step.effects).toContainEqual({ type: 'clearDeadline', key: 'reportedAdmissionConfirmation' });
    expect(accepts(step.snapshot, confirmed)).toBe(false);
    // The hospital's own admission still joins the confirmed stay.
    expect(accepts(step.snapshot, joined)).toBe(true);
  });

  it("the hospital's own admission arriving first is its confirmation: the deadline is met, the link's confirmation refused", () => {
    const step = apply(admit(late).snapshot, { ...joined, occurredAt: '2026-12-08T11:00:00+09:00' });
    expect(confirmation(step)).toMatchObject({ status: 'met', metAt: '2026-12-08T11:00:00+09:00' });
    expect(accepts(step.snapshot, confirmed)).toBe(false);
  });

  it('unconfirmed past its day, the deadline is overdue (the stuck list shows it) and no care office is told', () => {
    const d = confirmation(admit(late))!;
    const step = apply(admit(late).snapshot, {
      type: 'deadline_passed',
      key: 'reportedAdmissionConfirmation',
      firedAt: d.dueAt,
      occurredAt: d.dueAt,
    });
    expect(confirmation(step)!.status).toBe('overdue');
    expect(step.effects.filter((e) => e.type === 'sendNotice')).toEqual([]);
    // Confirmed late, it is late.
    expect(confirmation(apply(step.snapshot, { ...confirmed, occurredAt: '2026-12-09T09:00:00+09:00' }))!.status).toBe(
      'late',
    );
  });

  it("該当する入院はありません: the window's denial ends the report without a stay, records who denied it, and the care manager hears so", () => {
    const step = apply(admit(late).snapshot, {
      type: 'admission_denied_by_hospital',
      deniedBy: '地域連携室 山本',
      occurredAt: '2026-12-08T10:00:00+09:00',
    });
    expect(step.state).toBe('closed');
    expect(step.snapshot.context.closedReason).toBe('admission_not_found');
    expect(step.snapshot.context.hospitalDenial).toEqual({ at: '2026-12-08T10:00:00+09:00', by: '地域連携室 山本' });
    expect(step.effects).toContainEqual(
      expect.objectContaining({ type: 'sendNotice', notice: 'stay_ended_notice', to: 'careOffice' }),
    );
  });

  it('a stay the hospital reported itself tells no window, owes no confirmation and refuses one', () => {
    const own = admit({ ...reported, firstInformedBy: 'hospital' });
    expect(confirmation(own)).toBeUndefined();
    expect(own.effects.some((e) => e.type === 'sendNotice' && e.notice === 'admission_reported_notice')).toBe(false);
    expect(accepts(own.snapshot, confirmed)).toBe(false);
  });
});

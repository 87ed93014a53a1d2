// The deadlines of the rule whole (machines/deadlines.ts), on a rule with round values (TEST_RULE:
// identification 1 business day, assignment 5, contact 3, reminders at 09:00, escalation 2 business
// days later): due at the end of the last day in Japan, reminded the business day before, escalated,
// and the reason a person reads, word for word. June 2026 has no national holiday.
import { describe, expect, it } from 'vitest';
import { DEFAULT_BUSINESS_HOURS } from '../../machines/businessCalendar.js';
import {
  careManagerAssignmentDeadline,
  careManagerHospitalContactDeadline,
  careManagerIdentificationDeadline,
  carePlanCopyDeadline,
  dischargeDifficultyScreeningDeadline,
  expectedDischargeDate,
  leadDays,
  patientFamilyInterviewDeadline,
  reportedAdmissionConfirmationDeadline,
} from '../../machines/deadlines.js';
import { TEST_RULE } from './testRule.js';

const ADMITTED = '2026-06-09T10:30:00+09:00'; // a Tuesday
const open = { status: 'open', metAt: null } as const;

describe('A① 担当ケアマネジャー不明: the hospital finds the care manager within the rule’s business days', () => {
  it('admitted Tuesday, 1 business day: due by the end of Wednesday, escalated Friday 09:00, no reminder', () => {
    expect(careManagerIdentificationDeadline(ADMITTED, TEST_RULE)).toEqual({
      key: 'careManagerIdentification',
      owner: 'hospital',
      dueAt: '2026-06-10T15:00:00.000Z',
      remindAt: null,
      escalateAt: '2026-06-12T00:00:00.000Z',
      reason:
        '入院前にサービス利用があり担当ケアマネジャー不明: 本人・家族・介護保険証、なければ地域包括支援センターに確認し、入院から1営業日以内(6/10中)に連絡',
      ...open,
    });
  });
});

describe('B② 担当依頼: a care manager decided within the rule’s business days of the application', () => {
  it('applied Friday, 5 business days: due the next Friday, reminded Thursday 09:00, escalated Tuesday', () => {
    expect(careManagerAssignmentDeadline('2026-06-12T10:00:00+09:00', TEST_RULE)).toEqual({
      key: 'careManagerAssignment',
      owner: 'hospital',
      dueAt: '2026-06-19T15:00:00.000Z',
      remindAt: '2026-06-18T00:00:00.000Z',
      escalateAt: '2026-06-23T00:00:00.000Z',
      reason:
        '介護保険の申請後、担当ケアマネジャーの決定 (病院の窓口・地域包括支援センター): 申請の支援から5営業日以内(6/19中)',
      ...open,
    });
  });

  it('a reminder is sent only after the step began: at the reminder time itself it is not sent', () => {
    const oneDay = { ...TEST_RULE, careManagerAssignmentBusinessDays: 1 };
    // Due by the end of Friday 6/19; the reminder would be Thursday 6/18 09:00 JST.
    expect(careManagerAssignmentDeadline('2026-06-18T08:59:00+09:00', oneDay).remindAt).toBe(
      '2026-06-18T00:00:00.000Z',
    );
    expect(careManagerAssignmentDeadline('2026-06-18T09:00:00+09:00', oneDay).remindAt).toBeNull();
  });
});

describe('B② 担当になったケアマネジャーは早期に病院へ連絡: on the office’s own calendar', () => {
  it('assigned Friday evening, 3 business days of an office open on Saturdays: due Tuesday', () => {
    const saturdays = { open: '09:00', close: '18:00', closedDays: ['sun' as const] };
    expect(careManagerHospitalContactDeadline('2026-06-19T17:00:00+09:00', TEST_RULE, saturdays)).toEqual({
      key: 'careManagerHospitalContact',
      owner: 'care_office',
      dueAt: '2026-06-23T15:00:00.000Z',
      remindAt: '2026-06-22T00:00:00.000Z',
      escalateAt: '2026-06-25T00:00:00.000Z',
      reason: '担当になったケアマネジャーは早期に病院の担当者へ連絡: 担当決定から3営業日以内(6/23中)',
      ...open,
    });
  });
});

describe('入退院支援加算: 抽出 within 3 / 7 days and 面接 within 7 days, the admission day being day 1', () => {
  it('the screening is due by the end of day 7, naming day 3 (加算1) and day 7 (加算2)', () => {
    expect(dischargeDifficultyScreeningDeadline(ADMITTED, TEST_RULE)).toEqual({
      key: 'dischargeDifficultyScreening',
      owner: 'hospital',
      dueAt: '2026-06-15T15:00:00.000Z',
      remindAt: null,
      escalateAt: '2026-06-17T00:00:00.000Z',
      reason: '入退院支援加算: 退院困難な患者の抽出は入院後3日以内(加算1: 6/11中)、7日以内(加算2: 6/15中)',
      ...open,
    });
  });

  it('the interview is due by the end of day 7 too, counted from the admission, not the screening', () => {
    expect(patientFamilyInterviewDeadline(ADMITTED, '2026-06-12T10:00:00+09:00', TEST_RULE)).toEqual({
      key: 'patientFamilyInterview',
      owner: 'hospital',
      dueAt: '2026-06-15T15:00:00.000Z',
      remindAt: null,
      escalateAt: '2026-06-17T00:00:00.000Z',
      reason: '入退院支援加算: 退院困難と判断した患者・家族との面接は入院後7日以内(6/15中)',
      ...open,
    });
  });
});

describe('the expected discharge: the date the hospital shared, else the latest plan’s length of stay', () => {
  const plan = (expectedLengthOfStayDays: number | null) => ({ expectedLengthOfStayDays });

  it('the shared date wins over any plan', () => {
    expect(
      expectedDischargeDate({
        admittedAt: ADMITTED,
        treatmentPlans: [plan(18)],
        dischargePlanning: { expectedDischargeDate: '2026-06-30' },
      }),
    ).toBe('2026-06-30');
  });

  it('no shared date: the admission day plus the latest plan that gives a length of stay', () => {
    const stay = (plans: (number | null)[]) =>
      expectedDischargeDate({ admittedAt: ADMITTED, treatmentPlans: plans.map(plan), dischargePlanning: null });
    expect(stay([10, 20])).toBe('2026-06-29');
    expect(stay([18, null])).toBe('2026-06-27');
    expect(stay([0])).toBe('2026-06-09');
    expect(stay([null])).toBeNull();
    expect(stay([])).toBeNull();
    expect(
      expectedDischargeDate({
        admittedAt: ADMITTED,
        treatmentPlans: [plan(10)],
        dischargePlanning: { expectedDischargeDate: null },
      }),
    ).toBe('2026-06-19');
  });

  it('the care manager’s lead days are calendar days from the day planning started in Japan', () => {
    expect(leadDays('2026-06-19T23:30:00+09:00', '2026-06-26')).toBe(7);
    expect(leadDays('2026-06-19T15:30:00Z', '2026-06-26')).toBe(6);
  });
});

describe("the reason a person reads names the rule's days and the last day", () => {
  it("A⑤ ケアプランの写し: within the region's days of the discharge (14 here), the last day named", () => {
    expect(carePlanCopyDeadline('2026-06-10T10:00:00+09:00', TEST_RULE, DEFAULT_BUSINESS_HOURS).reason).toBe(
      '退院後、ケアプランの写しを病院へ提供 (退院日から14日以内: 6/24中)',
    );
  });

  it("先に知った方が連絡する: the hospital confirms a reported admission within the region's business days", () => {
    const d = reportedAdmissionConfirmationDeadline('2026-06-09T10:30:00+09:00', {
      ...TEST_RULE,
      reportedAdmissionConfirmBusinessDays: 2,
    });
    expect(d.reason).toBe('ケアマネジャーが先に入院を連絡: 病院の窓口が連絡から2営業日以内(6/11中)に入院を確認');
  });
});

import { describe, expect, it } from 'vitest';
import { businessDaysLeft, DEFAULT_BUSINESS_HOURS } from '../../machines/businessCalendar.js';

// The office page's "days left": business days of the office's own calendar after today up to the due day.
describe("days left to a deadline, on the office's calendar", () => {
  it('counts the business days after today up to and including the due day', () => {
    // Fri 4 Dec 2026 → Wed 9 Dec: Mon, Tue, Wed.
    expect(businessDaysLeft('2026-12-04', '2026-12-09', DEFAULT_BUSINESS_HOURS)).toBe(3);
    expect(businessDaysLeft('2026-12-04', '2026-12-04', DEFAULT_BUSINESS_HOURS)).toBe(0);
  });
  it("a weekend the office works counts: the office's calendar, not the hospital's", () => {
    const everyDay = { ...DEFAULT_BUSINESS_HOURS, closedDays: [] };
    expect(businessDaysLeft('2026-12-04', '2026-12-06', everyDay)).toBe(2);
    expect(businessDaysLeft('2026-12-04', '2026-12-06', DEFAULT_BUSINESS_HOURS)).toBe(0);
  });
  it('a holiday is not a business day (勤労感謝の日, 23 Nov 2026)', () => {
    expect(businessDaysLeft('2026-11-20', '2026-11-24', DEFAULT_BUSINESS_HOURS)).toBe(1);
  });
  it('a passed due day gives minus the calendar days since', () => {
    expect(businessDaysLeft('2026-12-08', '2026-12-06', DEFAULT_BUSINESS_HOURS)).toBe(-2);
  });
});

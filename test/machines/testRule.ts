import { DEFAULT_BUSINESS_HOURS } from '../../machines/businessCalendar.js';
import type { RuleParams } from '../../machines/types.js';

/** A rule with round values, for tests of the machine's edges that do not depend on a region. */
export const TEST_RULE: RuleParams = {
  regionId: 'test',
  informationSheet: { withinDays: 3, reminderTime: '09:00' },
  careManagerIdentificationBusinessDays: 1,
  careManagerAssignmentBusinessDays: 5,
  careManagerContactBusinessDays: 3,
  dischargeStartLeadDays: 7,
  carePlanCopyDays: 14,
  escalationBusinessDays: 2,
  careManagerContactCountsAsHandoff: false,
  hospitalHours: DEFAULT_BUSINESS_HOURS,
};

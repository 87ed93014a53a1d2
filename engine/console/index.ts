// console: what the coordination center and hospital staff read (case view, stuck handoffs, overview,
// monthly metrics, Japanese labels). The room's public face.

export { type DeliveryProblem, explainDeliveryError } from '../../notifiers/deliveryProblems.js';
export { registeredStays } from './admissions.js';
export { caseCarePlanCopies, openCarePlanCopy } from './carePlanCopies.js';
export { CASE_PAGE_SIZE, type CaseQuery, type CaseSearch, searchCases } from './caseSearch.js';
export { type CaseDetail, caseAudit, resendsOf, viewCase } from './caseView.js';
export { type CsvCell, toCsv } from './csv.js';
export {
  type Assignee,
  FOLLOW_UP_LABELS,
  FOLLOW_UP_STATUSES,
  FOLLOW_UP_VIEWS,
  type FollowUp,
  type FollowUpStatus,
  type FollowUpView,
  followUpToday,
  inFollowUpView,
  isSnoozed,
} from './followUps.js';
export {
  CLOSED_LABELS,
  DEADLINE_LABELS,
  EVENT_LABELS,
  LEAK_LABELS,
  noticeLabel,
  OWNER_LABELS,
  STATE_LABELS,
  STATE_STEPS,
  UNLISTED_NAMES,
} from './labels.js';
export {
  MEASURES,
  type MeasureDefinition,
  type MeasureKey,
  POLARITY_LABELS,
  type Polarity,
} from './measureDefinitions.js';
export {
  CARE_LEVEL_LABELS,
  CARE_LEVELS,
  type HandoffRates,
  isMetricsMonth,
  lastCompleteMonth,
  METRICS_MONTHS,
  type MetricsRow,
  metricsCsv,
  metricsFor,
  monthlyMetrics,
  percent,
} from './metrics.js';
export { summaryState, summaryStay } from './nursingSummaryAccess.js';
export { caseHospital, offeredFacts } from './offeredFacts.js';
export { type Overview, overview } from './overview.js';
export { caseDetail, listCases } from './queries.js';
export { type FollowUpInput, type FollowUpResult, recordFollowUp } from './recordFollowUp.js';
export {
  ALWAYS,
  ANY_STAGE,
  type StateGraph,
  type StateGraphEdge,
  type StateGraphNode,
  stateGraph,
} from './stateGraph.js';
export { type Contact, listStuck, type StuckFilter, type StuckItem, scopedFilter } from './stuck.js';
export { stuckCsv } from './stuckCsv.js';
export { type TodayKind, type TodayRow, todayFor } from './today.js';

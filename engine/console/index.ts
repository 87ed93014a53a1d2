// console: what the coordination center and hospital staff read (case view, stuck handoffs, overview,
// monthly metrics, Japanese labels). The room's public face.

export { registeredStays } from './admissions.js';
export { type CaseDetail, caseAudit, resendsOf, viewCase } from './caseView.js';
export {
  CLOSED_LABELS,
  DEADLINE_LABELS,
  EVENT_LABELS,
  LEAK_LABELS,
  noticeLabel,
  OWNER_LABELS,
  STATE_LABELS,
  STATE_STEPS,
} from './labels.js';
export {
  isMetricsMonth,
  METRICS_MONTHS,
  type MetricsRow,
  metricsCsv,
  metricsFor,
  monthlyMetrics,
  percent,
} from './metrics.js';
export { type Overview, overview } from './overview.js';
export { caseDetail, listCases } from './queries.js';
export { type Contact, listStuck, type StuckFilter, type StuckItem, scopedFilter } from './stuck.js';

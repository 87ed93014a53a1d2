export { type CaseDetail, caseAudit, resendsOf, viewCase } from './caseView.js';
export {
  CLOSED_LABELS,
  EVENT_LABELS,
  LEAK_LABELS,
  noticeLabel,
  OWNER_LABELS,
  STATE_LABELS,
  STATE_STEPS,
} from './labels.js';
export { type MetricsRow, metricsCsv, metricsFor, monthlyMetrics, percent } from './metrics.js';
export { type Overview, overview } from './overview.js';
export { caseDetail, listCases } from './queries.js';
export { type Contact, listStuck, type StuckFilter, type StuckItem, scopedFilter } from './stuck.js';

export { caseDetail, listCases } from './queries.js';
export { caseAudit, type CaseDetail, resendsOf, viewCase } from './caseView.js';
export { type Contact, listStuck, scopedFilter, type StuckFilter, type StuckItem } from './stuck.js';
export { overview, type Overview } from './overview.js';
export { metricsCsv, metricsFor, type MetricsRow, monthlyMetrics, percent } from './metrics.js';
export { CLOSED_LABELS, EVENT_LABELS, LEAK_LABELS, noticeLabel, OWNER_LABELS, STATE_LABELS } from './labels.js';

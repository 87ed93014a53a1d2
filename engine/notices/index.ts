// notices: telling people (the outbox and its dispatch, channel plans, composing, delivery reports, FAX
// documents and receipt confirmation, the information sheet, short links, alerts). The room's public face.

export { ALERT_LABELS, ALERT_NOTICE, type AlertView, listAlerts } from './adminAlerts.js';
export {
  confirmReportedAdmission,
  type ReportedAdmissionView,
  reportedAdmissionConfirmedBy,
  viewReportedAdmission,
} from './admissionConfirmation.js';
export {
  CARE_PLAN_WINDOW_PURPOSE,
  type CarePlanCopyView,
  carePlanCopiesOf,
  checkCarePlanPdf,
  completeWithCarePlanCopy,
  MAX_CARE_PLAN_BYTES,
  MAX_CARE_PLAN_PAGES,
  readCarePlanCopy,
} from './carePlanCopy.js';
export { applyProviderStatus } from './deliveryStatus.js';
export { faxPdf } from './faxDocuments.js';
export {
  checkFaxReceipts,
  confirmReceipt,
  listStuckNotices,
  type ReceiptCounts,
  type ReceiptView,
  viewReceipt,
} from './faxReceipts.js';
export {
  loadSheet,
  type SheetContext,
  saveDraft,
  sheetWindowPurpose,
  submitSheet,
  writtenAgainst,
} from './informationSheet.js';
export { DEADLINE_LABELS } from './notices.js';
export {
  type DispatchCounts,
  type DispatchStop,
  dispatchBudgetMs,
  dispatchOutbox,
  MAX_DELIVERY_ATTEMPTS,
  retryDelayMs,
} from './outbox.js';
export { viewNotice } from './shortLinks.js';
export { SUMMARY_NOTICE, type SummaryLink, summaryOfLink } from './summaryLinks.js';

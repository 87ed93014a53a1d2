export { DEADLINE_LABELS } from './notices.js';
export { type DispatchCounts, dispatchOutbox, MAX_DELIVERY_ATTEMPTS, retryDelayMs } from './outbox.js';
export { applyProviderStatus } from './deliveryStatus.js';
export { checkFaxReceipts, confirmReceipt, listStuckNotices, type ReceiptCounts, type ReceiptView, viewReceipt } from './faxReceipts.js';
export { ALERT_LABELS, ALERT_NOTICE, type AlertView, listAlerts } from './adminAlerts.js';
export { loadSheet, saveDraft, type SheetContext, sheetWindowPurpose, submitSheet } from './informationSheet.js';
export { viewNotice } from './shortLinks.js';

// offices: what a care office reads and does on its own page (its clients' stays, deadlines, tasks,
// sheets and notices; its own records of home conferences and clinic visits). The room's public face:
// functions/ imports only this.

export {
  type DischargeRecordView,
  dischargeRecordPdf,
  dischargeRecordView,
  prefillFromHospital,
} from './dischargeRecordView.js';
export {
  type NursingSummaryView,
  nursingSummaryPdf,
  nursingSummaryView,
  summaryStatus,
} from './nursingSummaryView.js';
export {
  type OfficeClient,
  type OfficeRecordInput,
  type OfficeRecordResult,
  type OfficeRecordsMonth,
  officeClients,
  officeRecordMonths,
  previousMonth,
  recentMonths,
  recordOfficeRecord,
} from './officeRecords.js';
export {
  CLOSED_STAYS_DAYS,
  type OfficeDeadline,
  type OfficeNotice,
  type OfficeSheet,
  type OfficeStay,
  type OfficeView,
  officeView,
} from './officeView.js';

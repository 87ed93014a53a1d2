// cases: facts arriving at a stay (hospital events, care managers' tasks, administrators' actions,
// corrections), each recorded by one load → transition → atomic write. The room's public face.

export { type CareManagerReportResult, reportAdmission } from './careManagerReports.js';
export {
  type ActionResult,
  bringIntoRuleScope,
  type ManualFactInput,
  mayActOnCase,
  needsReason,
  reassignCareOffice,
  recordManualFact,
  resendNotice,
  revokeCaseLinks,
  visibleCase,
} from './caseActions.js';
export { caseTurns } from './caseTurns.js';
export { correctionSeq } from './corrections.js';
export {
  type CaseRow,
  fileDischargeRecord,
  officeStay,
  type RecordFiled,
  type RecordFiling,
} from './dischargeRecords.js';
export { type GroupCommitter, groupCommit } from './groupCommit.js';
export {
  type HospitalEventInput,
  type HospitalEventResult,
  type HospitalFactInput,
  type Office,
  peekJson,
  type RecordedBy,
  readWebhook,
  recordHospitalEvent,
  ruleFor,
  toMachineEvent,
  type WebhookPeek,
  type WebhookReads,
} from './hospitalEvents.js';
export { deriveMissingMeasures } from './measures.js';
export {
  latestNursingSummary,
  nursingSummaryParts,
  type StoredSummary,
  type SummaryParts,
} from './nursingSummaries.js';
export {
  type AddProviderResult,
  addCaseProvider,
  type CaseProviderRow,
  caseProviderNames,
  caseProvidersOf,
  isProblem,
  type OtherProviderInput,
  type ProviderProblem,
  type ProviderReason,
  providerContact,
  providerStatements,
  type ResolvedProvider,
  removeCaseProvider,
  resolveProvider,
} from './otherProviders.js';
export { recordEvent } from './record.js';
export { REPORTED_PREFIX } from './reportedStays.js';
export { RECEIVING_WINDOW_PURPOSE, sheetHospital } from './sheetHospital.js';
export {
  answerFact,
  completeTask,
  type Requester,
  type SheetNotNeededOffer,
  sheetNotNeededOffer,
  type TaskAnswer,
  type TaskCompletion,
  type TaskRow,
  type TaskView,
  viewTask,
} from './tasks.js';

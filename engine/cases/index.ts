export { recordEvent } from './record.js';
export { groupCommit, type GroupCommitter } from './groupCommit.js';
export { type HospitalEventInput, type Office, readWebhook, recordHospitalEvent, ruleFor, toMachineEvent, type WebhookReads } from './hospitalEvents.js';
export { type ActionResult, type ManualFactInput, reassignCareOffice, recordManualFact, resendNotice, revokeCaseLinks } from './caseActions.js';
export { completeTask, type Requester, type TaskAnswer, type TaskView, viewTask } from './tasks.js';
export { deriveMissingMeasures } from './measures.js';

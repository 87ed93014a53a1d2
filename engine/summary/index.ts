// summary: the daily mails: the coordination center's morning mail (what got stuck, what waits for a
// follow-up, yesterday's leaks, unconfirmed FAXes) and each digest office's daily digest, each once a
// day. The room's public face.

export {
  gatherSummary,
  MORNING_SUMMARY_JOB,
  queueMorningSummaries,
  type SummaryAddressee,
  type SummaryScope,
  summaryAddressees,
} from './morningSummary.js';
export { officeDigestJob, queueOfficeDigests } from './officeDigest.js';

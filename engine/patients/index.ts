// patients: a patient's identity at rest (sealed name and birth date, the keyed patient hash, previous
// stays, the nursing summary sealed). The room's public face.

export { carePlanCopySealContext } from './carePlanSeal.js';
export { nursingSummaryContext, openNursingSummary, sealNursingSummary } from './nursingSummary.js';
export {
  casePatient,
  PATIENT_KEY_PREFIX,
  type Patient,
  type PreviousStayRow,
  patientKey,
  patientKeys,
  previousStayFrom,
  previousStayQuery,
  repeatAdmissionFrom,
  sealPatient,
} from './patients.js';

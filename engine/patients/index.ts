// patients: a patient's identity at rest (sealed name and birth date, the keyed patient hash, previous
// stays). The room's public face.

export {
  casePatient,
  type Patient,
  type PreviousStayRow,
  patientKey,
  previousStayFrom,
  previousStayQuery,
  sealPatient,
} from './patients.js';

export {
  casePatient,
  type Patient,
  type PreviousStayRow,
  patientKey,
  previousStayFrom,
  previousStayQuery,
  sealPatient,
} from './patients.js';

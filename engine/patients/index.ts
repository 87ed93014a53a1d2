export { casePatient, type Patient, patientKey, previousStayFrom, previousStayQuery, type PreviousStayRow, sealPatient } from './patients.js';

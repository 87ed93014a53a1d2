// directory: who is who (hospitals, their windows, care offices, webhook secrets). The room's public face.

export { directoryCache, directoryVersionQuery, entriesFrom, uncachedQueries } from './cache.js';
export {
  type CareOffice,
  careOfficeByEmail,
  careOfficeQuery,
  DEFAULT_DIGEST_HOUR,
  getCareOffice,
  getHospital,
  type HospitalRow,
  hospitalQuery,
  hospitalWindows,
  issueWebhookSecret,
  listCareOffices,
  listHospitals,
  setNotificationMode,
  syncRegionDirectory,
  upsertCareOffice,
  upsertHospital,
  validSecretsQuery,
  type WindowRow,
  windowFor,
} from './directory.js';
export {
  getRegionAdministrator,
  listRegionAdministrators,
  type RegionAdministrator,
  setRegionAdministratorEmail,
} from './regionAdministrators.js';
export { matchCareOffice, type OfficeMatch, searchCareOffices, supportCenterFor } from './search.js';

// access: who may do what, and the record of it (accounts, sessions, the audit log, rate limit,
// refused requests, data-key rotation). The room's public face: other rooms and functions/ import only this.

export {
  type AccountView,
  accountView,
  BOOTSTRAP_ADMIN,
  checkPassword,
  closeSession,
  createAccount,
  disableAccount,
  findAccount,
  issueApiToken,
  listAccounts,
  maySee,
  openSession,
  type Principal,
  principalForToken,
  type Role,
  SESSION_TTL_MS,
  sessionFor,
  setPassword,
} from './accounts.js';
export {
  type AuditFilter,
  type AuditRow,
  audit,
  auditActors,
  auditDenied,
  auditStatement,
  countAudit,
  type DenialReason,
  listAudit,
  type Requester,
} from './audit.js';
export { type RotationBatch, rotateBatch, valuesToRotate } from './keyRotation.js';
export { claimLoginAttempt, LOGIN_WINDOW_MS, loginSucceeded } from './logins.js';
export { administratorAddresses, type MailedAdministrator, mailedAdministrators } from './mailedAdministrators.js';
export { RateLimiter } from './rateLimit.js';
export { keepRefusedRequest, refusedRequests } from './refusedRequests.js';

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
  SECOND_FACTOR_TTL_MS,
  type SessionStage,
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
export {
  closeOfficeSession,
  type OfficeSession,
  officeActor,
  officeSessionFor,
  requestSignIn,
  SIGN_IN_LINK_TTL_MS,
  SIGN_IN_LINKS_PER_WINDOW,
  type SignInRequest,
  signInLinkUsable,
  useSignInLink,
} from './officeSessions.js';
export { RateLimiter } from './rateLimit.js';
export { keepRefusedRequest, refusedRequests } from './refusedRequests.js';
export { SESSION_IDLE_MS, SESSION_TTL_MS } from './sessionTokens.js';
export {
  type ConfirmResult,
  confirmEnrolment,
  type Enrolment,
  matchTotp,
  normaliseCode,
  RECOVERY_CODE_COUNT,
  recoveryCodesLeft,
  regenerateRecoveryCodes,
  resetTwoFactor,
  type SecondFactorStage,
  secondFactorStage,
  startEnrolment,
  TOTP_PERIOD_SECONDS,
  TOTP_SKEW_STEPS,
  totpStep,
  verifySecondFactor,
} from './twoFactor.js';

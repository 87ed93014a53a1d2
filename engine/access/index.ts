export { accountView, BOOTSTRAP_ADMIN, checkPassword, closeSession, createAccount, disableAccount, findAccount, issueApiToken, listAccounts, maySee, openSession, type Principal, principalForToken, type Role, SESSION_TTL_MS, sessionFor, setPassword } from './accounts.js';
export { audit, type AuditRow, auditStatement, listAudit, recentFailedLogins, type Requester } from './audit.js';
export { RateLimiter } from './rateLimit.js';
export { rotateBatch, type RotationBatch, valuesToRotate } from './keyRotation.js';
export { keepRefusedRequest, refusedRequests } from './refusedRequests.js';

export { signTaskToken, verifyTaskToken } from './tokens.js';
export { hospitalContact, type HospitalContact, isRevokedLinkUse, linkUse, revokeLinkStatements, revokeOnOfficeChange, taskLink, taskOfLink } from './taskLinks.js';

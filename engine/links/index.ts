export {
  type HospitalContact,
  hospitalContact,
  isRevokedLinkUse,
  linkUse,
  revokeLinkStatements,
  revokeOnOfficeChange,
  taskLink,
  taskOfLink,
} from './taskLinks.js';
export { signTaskToken, verifyTaskToken } from './tokens.js';

// links: care managers' capability links (task tokens, issue, use and revocation). The room's public face.

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

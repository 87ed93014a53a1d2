// crypto: keys and signatures (primitives, data keys at rest, passwords, webhook signatures, the
// signing key). The bottom room: it imports no other room. The room's public face.

export {
  base64url,
  equalBytes,
  fromBase64url,
  groupedCode,
  hmacSha256,
  newId,
  newShortCode,
  randomBytes,
  sha256Hex,
  toBase64,
} from './crypto.js';
export {
  type DataKey,
  DataKeyError,
  type DataKeys,
  generateDataKey,
  importDataKeys,
  isSealed,
  KID_PATTERN,
  loadDataKeys,
  open,
  parseDataKeys,
  seal,
  sealedWith,
} from './dataKeys.js';
export { generatePassword, hashPassword, MIN_PASSWORD_LENGTH, verifyNothing, verifyPassword } from './passwords.js';
export { deriveSecretKeys, loadSecretKeys, type SecretKeys } from './signingKey.js';
export { newWebhookSecret, signWebhook, TIMESTAMP_TOLERANCE_SECONDS, verifyWebhook } from './webhookSignature.js';

import { base64url, equalBytes, fromBase64url, randomBytes } from './crypto.js';

// PBKDF2-SHA256 through WebCrypto, so the same code runs on Node and on Workers. Workers refuse
// more than 100,000 iterations, so that is the count; it is stored with each hash, so raising it
// later only needs a rehash at the next login.
const ITERATIONS = 100_000;
const ALGORITHM = 'pbkdf2-sha256';

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    key,
    256,
  );
  return new Uint8Array(bits);
}

/** `pbkdf2-sha256$iterations$salt$hash`, salt and hash base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, ITERATIONS);
  return `${ALGORITHM}$${ITERATIONS}$${base64url(salt)}$${base64url(hash)}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [algorithm, iterations, salt, hash] = stored.split('$');
  if (algorithm !== ALGORITHM || !iterations || !salt || !hash) return false;
  const n = Number(iterations);
  if (!Number.isInteger(n) || n < 1 || n > ITERATIONS) return false;
  return equalBytes(await derive(password, fromBase64url(salt), n), fromBase64url(hash));
}

/** The same work as a real check, so an unknown login id takes as long as a wrong password. */
export async function verifyNothing(password: string): Promise<false> {
  await derive(password, new Uint8Array(16), ITERATIONS);
  return false;
}

/** A password people can type from a printout: 20 characters without look-alikes (about 110 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from(randomBytes(20), (b) => alphabet[b % alphabet.length]).join('');
}

export const MIN_PASSWORD_LENGTH = 12;

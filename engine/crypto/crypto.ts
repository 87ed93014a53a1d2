// WebCrypto only, so the same code runs on Node and on Workers.

const encoder = new TextEncoder();

export function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

export function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

// Importing a key costs more than the HMAC itself, and every webhook uses the same few keys
// (the hospital's secrets, the signing key). Bounded, so a flood of unknown keys cannot grow it.
const hmacKeys = new Map<string, Promise<CryptoKey>>();
const HMAC_KEY_CACHE = 256;

function hmacKey(key: Uint8Array): Promise<CryptoKey> {
  const id = toBase64(key);
  let k = hmacKeys.get(id);
  if (!k) {
    if (hmacKeys.size >= HMAC_KEY_CACHE) hmacKeys.clear();
    k = crypto.subtle.importKey('raw', key as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    k.catch(() => hmacKeys.delete(id));
    hmacKeys.set(id, k);
  }
  return k;
}

export async function hmacSha256(key: Uint8Array, message: string | Uint8Array): Promise<Uint8Array> {
  const k = await hmacKey(key);
  const bytes = typeof message === 'string' ? encoder.encode(message) : message;
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, bytes as BufferSource));
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Constant-time comparison, so a signature check leaks nothing through timing. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

/** Opaque ids: a prefix that says what it is, and 16 random bytes. */
export function newId(prefix: string): string {
  return `${prefix}_${base64url(randomBytes(16))}`;
}

// Crockford's base32 without I, L, O, U: a code a person can read off a FAX and type.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A short unguessable code (10 characters, 50 bits) for links printed on FAX or sent by SMS. */
export function newShortCode(length = 10): string {
  return Array.from(randomBytes(length), (b) => CROCKFORD[b & 31]).join('');
}

/** "7KQ2M9XW4D" → "7KQ2-M9XW-4D", for reading aloud over the phone. */
export function groupedCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

import { base64url, equalBytes, fromBase64url, hmacSha256 } from './crypto.js';

/**
 * Task links: `{payload}.{mac}`, where the payload names one task and an expiry. Scoped to one
 * task, unguessable without the key, and checkable without a database read.
 */
export interface TaskTokenClaims { taskId: string; expiresAt: number }

const PURPOSE = 'renkei-task-v1';

export async function signTaskToken(key: Uint8Array, claims: TaskTokenClaims): Promise<string> {
  const payload = base64url(new TextEncoder().encode(JSON.stringify({ t: claims.taskId, e: claims.expiresAt })));
  const mac = await hmacSha256(key, `${PURPOSE}.${payload}`);
  return `${payload}.${base64url(mac)}`;
}

export type TokenCheck = { ok: true; claims: TaskTokenClaims } | { ok: false; reason: 'invalid' | 'expired'; claims?: TaskTokenClaims };

export async function verifyTaskToken(key: Uint8Array, token: string, nowMs: number): Promise<TokenCheck> {
  const [payload, mac, extra] = token.split('.');
  if (!payload || !mac || extra !== undefined) return { ok: false, reason: 'invalid' };
  let given: Uint8Array;
  let claims: TaskTokenClaims;
  try {
    given = fromBase64url(mac);
    const raw = JSON.parse(new TextDecoder().decode(fromBase64url(payload))) as { t?: unknown; e?: unknown };
    if (typeof raw.t !== 'string' || typeof raw.e !== 'number') return { ok: false, reason: 'invalid' };
    claims = { taskId: raw.t, expiresAt: raw.e };
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const expected = await hmacSha256(key, `${PURPOSE}.${payload}`);
  if (!equalBytes(given, expected)) return { ok: false, reason: 'invalid' };
  if (nowMs >= claims.expiresAt) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}

import { base64url, equalBytes, fromBase64url, hmacSha256 } from '../crypto/index.js';

/**
 * Task links: `{payload}.{mac}`, where the payload names one task, an expiry and the task's link
 * generation. Scoped to one task, unguessable without the key; the signature and expiry are checked
 * without a database read, the generation against the task (a raised generation revokes the link).
 */
export interface TaskTokenClaims {
  taskId: string;
  expiresAt: number;
  generation: number;
}

const PURPOSE = 'renkei-task-v1';

export async function signTaskToken(key: Uint8Array, claims: TaskTokenClaims): Promise<string> {
  const payload = base64url(
    new TextEncoder().encode(
      JSON.stringify(
        claims.generation
          ? { t: claims.taskId, e: claims.expiresAt, g: claims.generation }
          : { t: claims.taskId, e: claims.expiresAt },
      ),
    ),
  );
  const mac = await hmacSha256(key, `${PURPOSE}.${payload}`);
  return `${payload}.${base64url(mac)}`;
}

export type TokenCheck =
  | { ok: true; claims: TaskTokenClaims }
  | { ok: false; reason: 'invalid' | 'expired'; claims?: TaskTokenClaims };

export async function verifyTaskToken(key: Uint8Array, token: string, nowMs: number): Promise<TokenCheck> {
  const [payload, mac, extra] = token.split('.');
  if (!payload || !mac || extra !== undefined) return { ok: false, reason: 'invalid' };
  let given: Uint8Array;
  let claims: TaskTokenClaims;
  try {
    given = fromBase64url(mac);
    const raw = JSON.parse(new TextDecoder().decode(fromBase64url(payload))) as {
      t?: unknown;
      e?: unknown;
      g?: unknown;
    };
    if (typeof raw.t !== 'string' || typeof raw.e !== 'number') return { ok: false, reason: 'invalid' };
    // Links issued before generations existed carry none: generation 0.
    const generation = raw.g ?? 0;
    if (typeof generation !== 'number' || !Number.isSafeInteger(generation) || generation < 0)
      return { ok: false, reason: 'invalid' };
    claims = { taskId: raw.t, expiresAt: raw.e, generation };
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const expected = await hmacSha256(key, `${PURPOSE}.${payload}`);
  if (!equalBytes(given, expected)) return { ok: false, reason: 'invalid' };
  if (nowMs >= claims.expiresAt) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}

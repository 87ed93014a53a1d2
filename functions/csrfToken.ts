import type { Context } from 'hono';
import { auditDenied } from '../engine/access/index.js';
import { equalBytes } from '../engine/crypto/index.js';
import type { Deps } from '../engine/deps.js';
import type { AppEnv } from './env.js';

/** Whether a form's `_csrf` field carries the session's token (compared in constant time). */
function csrfMatches(sent: unknown, expected: string): boolean {
  const enc = new TextEncoder();
  return typeof sent === 'string' && equalBytes(enc.encode(sent), enc.encode(expected));
}

/**
 * For a signed-in POST (console or care office): the refusal, audited, when its form lacks the
 * session's CSRF token; null when it carries it (or the request is no POST).
 */
export async function refusedWithoutCsrf<E extends AppEnv>(
  deps: Deps,
  c: Context<E>,
  actor: string,
  expected: string,
): Promise<Response | null> {
  if (c.req.method !== 'POST' || csrfMatches((await c.req.parseBody())._csrf, expected)) return null;
  await auditDenied(deps, actor, c.get('requester'), { method: c.req.method, path: c.req.path, reason: 'csrf' });
  return c.text('フォームの有効期限が切れました。ページを読み込み直してください。', 403);
}

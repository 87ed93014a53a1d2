import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { auditDenied, BOOTSTRAP_ADMIN, type Principal, principalForToken } from '../engine/access/index.js';
import { equalBytes } from '../engine/crypto/index.js';
import type { Deps } from '../engine/deps.js';
import type { AppEnv } from './env.js';
import { problem } from './problem.js';

/** RENKEI_ADMIN_TOKEN (compared in constant time) is the bootstrap administrator; other tokens are accounts'. */
export async function bearerPrincipal(deps: Deps, header: string | undefined): Promise<Principal | null> {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!match) return null;
  const token = match[1]!.trim();
  if (equalBytes(new TextEncoder().encode(token), new TextEncoder().encode(deps.config.adminToken)))
    return BOOTSTRAP_ADMIN;
  return token.startsWith('rk_') ? principalForToken(deps, token) : null;
}

export function unauthorized(c: Context<AppEnv>) {
  c.header('WWW-Authenticate', 'Bearer realm="renkei-admin"');
  return problem(
    c,
    401,
    'unauthorized',
    'Token required',
    'send Authorization: Bearer <RENKEI_ADMIN_TOKEN or an account API token>',
  );
}

const forbidden = (c: Context<AppEnv>) =>
  problem(c, 403, 'forbidden', 'Administrators only', 'this operation needs an administrator account');

/**
 * Any account with a valid Bearer token. Hospital staff are limited to their hospital by each
 * handler; operations listed in `adminPaths` (method and path pattern) need an administrator.
 */
export function apiAccount(deps: Deps, adminOnlyWhen: (c: Context<AppEnv>) => boolean = () => false) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const principal = await bearerPrincipal(deps, c.req.header('authorization'));
    if (!principal) return unauthorized(c);
    if (principal.role !== 'admin' && adminOnlyWhen(c)) {
      await auditDenied(deps, principal.actor, c.get('requester'), {
        method: c.req.method,
        path: c.req.path,
        reason: 'administrators_only',
      });
      return forbidden(c);
    }
    c.set('principal', principal);
    await next();
  });
}

/** Bearer token of an administrator: RENKEI_ADMIN_TOKEN or an administrator account's token. */
export function adminOnly(deps: Deps) {
  return apiAccount(deps, () => true);
}

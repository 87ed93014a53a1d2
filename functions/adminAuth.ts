import { createMiddleware } from 'hono/factory';
import { equalBytes } from '../engine/crypto.js';
import type { Deps } from '../engine/deps.js';
import { problem } from './problem.js';

/** Bearer RENKEI_ADMIN_TOKEN, compared in constant time. */
export function adminOnly(deps: Deps) {
  const expected = new TextEncoder().encode(deps.config.adminToken);
  return createMiddleware(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match || !equalBytes(new TextEncoder().encode(match[1]!.trim()), expected)) {
      c.header('WWW-Authenticate', 'Bearer realm="renkei-admin"');
      return problem(c, 401, 'unauthorized', 'Administrator token required', 'send Authorization: Bearer <RENKEI_ADMIN_TOKEN>');
    }
    await next();
  });
}

import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { sessionFor } from '../../../engine/access/index.js';
import type { Deps } from '../../../engine/deps.js';
import { refusedWithoutCsrf } from '../../csrfToken.js';
import type { AppEnv } from '../../env.js';
import type { PageContext } from '../../pages/console/common.js';
import { LoginPage } from '../../pages/console/login.js';

// What every console page shares, apart from the console app that mounts them: the page groups
// (case, directory) import this and the console app imports them, so nothing imports back.

/** `__Host-`: only over a secure origin (localhost counts), path /, no Domain: no subdomain can set or read it. */
export const SESSION_COOKIE = '__Host-renkei_session';

export const pageContext = (c: Context<AppEnv>): PageContext => ({
  principal: c.get('principal'),
  csrf: c.get('csrfToken'),
});

/** Signed-in people only; every form POST carries the session's CSRF token. */
export function requireSession(deps: Deps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.path === '/console/login') return next();
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? await sessionFor(deps, token) : null;
    if (!session) {
      if (c.req.method === 'GET')
        return c.redirect(`/console/login?next=${encodeURIComponent(c.req.path + new URL(c.req.url).search)}`, 303);
      return c.html(
        <LoginPage next="/console" error="ログインの有効期限が切れました。もう一度ログインしてください。" />,
        401,
      );
    }
    const refused = await refusedWithoutCsrf(deps, c, session.principal.actor, session.csrfToken);
    if (refused) return refused;
    c.set('principal', session.principal);
    c.set('csrfToken', session.csrfToken);
    c.header('Cache-Control', 'no-store');
    await next();
  });
}

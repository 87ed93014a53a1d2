import { type Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import {
  audit,
  claimLoginAttempt,
  closeSession,
  confirmEnrolment,
  findAccount,
  loginSucceeded,
  openSession,
  type Principal,
  recoveryCodesLeft,
  regenerateRecoveryCodes,
  SESSION_TTL_MS,
  startEnrolment,
  verifySecondFactor,
} from '../../../engine/access/index.js';
import type { Deps } from '../../../engine/deps.js';
import type { AppEnv } from '../../env.js';
import { readForm } from '../../input.js';
import {
  EnrolPage,
  type EnrolProps,
  RecoveryCodesPage,
  SecondFactorPage,
  TwoFactorStatusPage,
} from '../../pages/console/twoFactor.js';
import { LOCKED_OUT, pageContext, SESSION_COOKIE, safeNext, setSessionCookie } from './session.js';

// The second factor (engine/access/twoFactor.ts) in the console. Mounted under /console, behind
// the console's CSRF check and requireSession: a session still waiting for its second factor reaches
// only its own page here (`code` → /console/login/code, `enrol` → /console/two-factor). A code is
// counted by the same lockout as the password, before it is checked.

/** The second factor proved: the halfway session ends and a full one starts, under a new cookie. */
async function signIn(c: Context<AppEnv>, deps: Deps, principal: Principal) {
  await closeSession(deps, getCookie(c, SESSION_COOKIE) ?? '');
  const { token, session } = await openSession(deps, principal, 'full');
  setSessionCookie(c, token, SESSION_TTL_MS);
  c.set('csrfToken', session.csrfToken);
}

export function consoleTwoFactorPages(deps: Deps) {
  const app = new Hono<AppEnv>();

  app.get('/login/code', (c) => {
    if (c.get('sessionStage') !== 'code') return c.redirect('/console', 303);
    return c.html(<SecondFactorPage csrf={c.get('csrfToken')} next={safeNext(c.req.query('next'))} />);
  });
  app.post('/login/code', async (c) => {
    if (c.get('sessionStage') !== 'code') return c.redirect('/console', 303);
    const form = await readForm(c);
    const next = safeNext(form.next);
    const principal = c.get('principal');
    const attempt = await claimLoginAttempt(deps, principal.loginId);
    if (attempt === null)
      return c.html(<SecondFactorPage csrf={c.get('csrfToken')} next={next} error={LOCKED_OUT} />, 429);
    const factor = await verifySecondFactor(deps, principal.accountId!, form.code ?? '');
    if (!factor) {
      await audit(
        deps,
        { actor: principal.actor, action: 'login.failed', target: principal.accountId!, detail: { factor: 'second' } },
        c.get('requester'),
      );
      return c.html(
        <SecondFactorPage
          csrf={c.get('csrfToken')}
          next={next}
          error="コードが違うか、すでに使われています。アプリに表示されている新しいコードを入力してください。"
        />,
        401,
      );
    }
    await loginSucceeded(deps, attempt);
    await signIn(c, deps, principal);
    await audit(
      deps,
      { actor: principal.actor, action: 'login.succeeded', target: principal.accountId!, detail: { factor } },
      c.get('requester'),
    );
    return c.redirect(next, 303);
  });

  const enrolPage = (c: Context<AppEnv>, props: Omit<EnrolProps, 'csrf' | 'ctx'>, status: 200 | 401 | 429 = 200) =>
    c.html(
      <EnrolPage
        {...props}
        csrf={c.get('csrfToken')}
        ctx={c.get('sessionStage') === 'full' ? pageContext(c) : undefined}
      />,
      status,
    );

  app.get('/two-factor', async (c) => {
    const principal = c.get('principal');
    const account = await findAccount(deps, principal.accountId!);
    if (account?.totpSecret) {
      return c.html(
        <TwoFactorStatusPage
          ctx={pageContext(c)}
          enabledAt={account.totpEnabledAt === null ? null : new Date(account.totpEnabledAt).toISOString()}
          recoveryLeft={await recoveryCodesLeft(deps, account.id)}
        />,
      );
    }
    const enrolment = (await startEnrolment(deps, principal.accountId!))!;
    return enrolPage(c, { ...enrolment, next: safeNext(c.req.query('next')) });
  });

  app.post('/two-factor', async (c) => {
    const form = await readForm(c);
    const next = safeNext(form.next);
    const principal = c.get('principal');
    const account = await findAccount(deps, principal.accountId!);
    if (account?.totpSecret) return c.redirect('/console/two-factor', 303);
    // Confirming the first code is a second-factor check like any other: counted before it is checked.
    const attempt = await claimLoginAttempt(deps, principal.loginId);
    const enrolment = (await startEnrolment(deps, principal.accountId!))!;
    if (attempt === null) return enrolPage(c, { ...enrolment, next, error: LOCKED_OUT }, 429);
    const result = await confirmEnrolment(deps, principal.accountId!, form.code ?? '');
    if (result.kind !== 'enabled') {
      await audit(
        deps,
        { actor: principal.actor, action: 'two_factor.confirm_failed', target: principal.accountId! },
        c.get('requester'),
      );
      const error = 'コードが違います。アプリに表示されている新しい6桁のコードを入力してください。';
      return enrolPage(c, { ...enrolment, next, error }, 401);
    }
    await loginSucceeded(deps, attempt);
    const wasHalfway = c.get('sessionStage') !== 'full';
    if (wasHalfway) await signIn(c, deps, principal);
    await audit(
      deps,
      { actor: principal.actor, action: 'two_factor.enabled', target: principal.accountId! },
      c.get('requester'),
    );
    if (wasHalfway)
      await audit(
        deps,
        {
          actor: principal.actor,
          action: 'login.succeeded',
          target: principal.accountId!,
          detail: { factor: 'enrolment' },
        },
        c.get('requester'),
      );
    return c.html(<RecoveryCodesPage codes={result.recoveryCodes} next={next} ctx={pageContext(c)} />);
  });

  app.post('/two-factor/recovery-codes', async (c) => {
    const principal = c.get('principal');
    const account = await findAccount(deps, principal.accountId!);
    if (!account?.totpSecret) return c.redirect('/console/two-factor', 303);
    const codes = await regenerateRecoveryCodes(deps, account.id);
    await audit(
      deps,
      { actor: principal.actor, action: 'two_factor.recovery_codes_issued', target: account.id },
      c.get('requester'),
    );
    return c.html(<RecoveryCodesPage codes={codes} next="/console" ctx={pageContext(c)} />);
  });

  return app;
}

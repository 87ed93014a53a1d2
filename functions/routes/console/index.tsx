import { Hono } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import {
  audit,
  checkPassword,
  claimLoginAttempt,
  closeSession,
  loginSucceeded,
  openSession,
  SECOND_FACTOR_TTL_MS,
  SESSION_TTL_MS,
  secondFactorStage,
} from '../../../engine/access/index.js';
import {
  CASE_PAGE_SIZE,
  followUpToday,
  isMetricsMonth,
  lastCompleteMonth,
  METRICS_MONTHS,
  metricsCsv,
  metricsFor,
  overview,
  scopedFilter,
  searchCases,
} from '../../../engine/console/index.js';
import type { Deps } from '../../../engine/deps.js';
import { listHospitals } from '../../../engine/directory/index.js';
import { jstDate } from '../../../machines/calendar.js';
import type { AppEnv } from '../../env.js';
import { CasesPage } from '../../pages/console/lists.js';
import { LoginPage } from '../../pages/console/login.js';
import { MetricsPage } from '../../pages/console/metrics.js';
import { OverviewPage } from '../../pages/console/stuck.js';
import { consoleAdmissionPages } from './admissions.js';
import { consoleAuditPages } from './audit.js';
import { consoleCasePages } from './case.js';
import { readCaseSearch } from './caseSearch.js';
import { consoleDirectoryPages } from './directory.js';
import {
  LOCKED_OUT,
  pageContext,
  requireSession,
  SECOND_FACTOR_PAGE,
  SESSION_COOKIE,
  safeNext,
  setSessionCookie,
} from './session.js';
import { consoleStuckPages } from './stuck.js';
import { consoleTodayPages } from './today.js';
import { consoleTwoFactorPages } from './twoFactor.js';

/**
 * The month a metrics page asks for: none means the last complete month (this month's figures are
 * still filling); a month out of range is said, in Japanese.
 */
function askedMonth(raw: string | undefined, now: Date): { month: string; error: string | undefined } {
  if (!raw) return { month: lastCompleteMonth(now), error: undefined };
  if (isMetricsMonth(raw)) return { month: raw, error: undefined };
  const [first, last] = [METRICS_MONTHS.first, METRICS_MONTHS.last].map(
    (m) => `${m.slice(0, 4)}年${Number(m.slice(5))}月`,
  );
  return {
    month: lastCompleteMonth(now),
    error: `月は ${first} から ${last} までで指定してください (先月を表示しています)。`,
  };
}

export function consoleRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  // A form posted from another site is refused by its Origin before anything reads it.
  // Registered before any route and any mounted page group, so they guard every console path.
  app.use('/console/*', csrf());
  app.use('/console', requireSession(deps));
  app.use('/console/*', requireSession(deps));

  app.get('/console/login', (c) => c.html(<LoginPage next={safeNext(c.req.query('next'))} />));
  app.post('/console/login', async (c) => {
    const form = await c.req.parseBody();
    const loginId = String(form.loginId ?? '').trim();
    const next = safeNext(form.next);
    const requester = c.get('requester');
    // Counted before the password is checked (see claimLoginAttempt): concurrent attempts cannot race the lockout.
    const attempt = await claimLoginAttempt(deps, loginId);
    if (attempt === null) return c.html(<LoginPage next={next} loginId={loginId} error={LOCKED_OUT} />, 429);
    const principal = await checkPassword(deps, loginId, String(form.password ?? ''));
    if (!principal) {
      await audit(deps, { actor: 'anonymous', action: 'login.failed', target: loginId.slice(0, 100) }, requester);
      return c.html(<LoginPage next={next} loginId={loginId} error="ログインIDまたはパスワードが違います。" />, 401);
    }
    await loginSucceeded(deps, attempt);
    // The password is one factor: an account with an authenticator gives its code next, an
    // administrator without one enrols now; until then the session reaches only that page.
    const stage = await secondFactorStage(deps, principal.accountId!);
    const { token } = await openSession(deps, principal, stage ?? 'full');
    await audit(
      deps,
      {
        actor: principal.actor,
        action: stage ? 'login.password_accepted' : 'login.succeeded',
        target: principal.accountId ?? '',
        detail: stage ? { secondFactor: stage } : null,
      },
      requester,
    );
    // Hospital staff start their day on their hospital's work, unless the login was for another page.
    const landing = next === '/console' && principal.hospitalId ? '/console/today' : next;
    setSessionCookie(c, token, stage ? SECOND_FACTOR_TTL_MS : SESSION_TTL_MS);
    return c.redirect(stage ? `${SECOND_FACTOR_PAGE[stage]}?next=${encodeURIComponent(landing)}` : landing, 303);
  });
  app.post('/console/logout', async (c) => {
    await closeSession(deps, getCookie(c, SESSION_COOKIE) ?? '');
    await audit(
      deps,
      { actor: c.get('principal').actor, action: 'logout', target: c.get('principal').accountId ?? '' },
      c.get('requester'),
    );
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
    return c.redirect('/console/login', 303);
  });

  app.get('/console', async (c) => {
    const [data, hospitals] = await Promise.all([
      overview(deps, scopedFilter(c.get('principal'), {})),
      listHospitals(deps),
    ]);
    return c.html(
      <OverviewPage
        ctx={pageContext(c)}
        data={data}
        today={followUpToday(deps)}
        hospitals={new Map(hospitals.map((h) => [h.id, h.name]))}
      />,
    );
  });

  app.get('/console/cases', async (c) => {
    const { form, page, errors } = readCaseSearch(c.req.query(), jstDate(deps.now()));
    // Staff find their own hospital's stays only, whatever they ask.
    const { hospitalId } = scopedFilter(c.get('principal'), {});
    const failed = Object.keys(errors).length > 0;
    const [found, hospitals] = await Promise.all([
      failed
        ? { page, items: [], hasMore: false, offices: null }
        : searchCases(
            deps,
            {
              hospitalizationId: form.hospitalizationId || undefined,
              office: form.office || undefined,
              patientName: form.patientName || undefined,
              birthDate: form.birthDate || undefined,
              state: form.state || undefined,
              active: form.active,
              page,
            },
            { hospitalId },
          ),
      listHospitals(deps),
    ]);
    return c.html(
      <CasesPage
        ctx={pageContext(c)}
        items={found.items}
        form={form}
        errors={errors}
        page={found.page}
        pageSize={CASE_PAGE_SIZE}
        hasMore={found.hasMore}
        offices={found.offices}
        hospitals={new Map(hospitals.map((h) => [h.id, h.name]))}
      />,
      failed ? 400 : 200,
    );
  });

  app.get('/console/metrics', async (c) => {
    const { month, error } = askedMonth(c.req.query('month'), deps.now());
    const region = c.req.query('region') || undefined;
    const result = await metricsFor(deps, c.get('principal'), { month, region });
    return c.html(
      <MetricsPage
        ctx={pageContext(c)}
        month={result.month}
        monthError={error}
        region={region}
        rows={result.rows}
        trend={result.trend}
        regions={[...deps.regions.values()].map((r) => ({ id: r.id, name: r.name }))}
      />,
      error ? 400 : 200,
    );
  });
  app.get('/console/metrics.csv', async (c) => {
    const { month, error } = askedMonth(c.req.query('month'), deps.now());
    if (error) return c.text(error, 400);
    const result = await metricsFor(deps, c.get('principal'), { month, region: c.req.query('region') || undefined });
    return c.body(metricsCsv(result), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="renkei-metrics-${result.month}.csv"`,
    });
  });

  app.route('/console/audit', consoleAuditPages(deps));
  app.route('/console/today', consoleTodayPages(deps));
  app.route('/console/stuck', consoleStuckPages(deps));
  app.route('/console/admissions', consoleAdmissionPages(deps));
  app.route('/console/cases', consoleCasePages(deps));
  app.route('/console/directory', consoleDirectoryPages(deps));
  app.route('/console', consoleTwoFactorPages(deps));
  return app;
}

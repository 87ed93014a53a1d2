import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import {
  audit,
  auditDenied,
  checkPassword,
  claimLoginAttempt,
  closeSession,
  LOGIN_WINDOW_MS,
  listAudit,
  loginSucceeded,
  openSession,
  SESSION_TTL_MS,
} from '../../../engine/access/index.js';
import {
  isMetricsMonth,
  listCases,
  listStuck,
  METRICS_MONTHS,
  metricsCsv,
  metricsFor,
  overview,
  STATE_LABELS,
  scopedFilter,
} from '../../../engine/console/index.js';
import type { Deps } from '../../../engine/deps.js';
import { listCareOffices, listHospitals } from '../../../engine/directory/index.js';
import type { AppEnv } from '../../env.js';
import { AuditPage, CasesPage } from '../../pages/console/lists.js';
import { LoginPage } from '../../pages/console/login.js';
import { MetricsPage } from '../../pages/console/metrics.js';
import { OverviewPage, StuckPage } from '../../pages/console/stuck.js';
import { consoleAdmissionPages } from './admissions.js';
import { consoleCasePages } from './case.js';
import { consoleDirectoryPages } from './directory.js';
import { pageContext, requireSession, SESSION_COOKIE } from './session.js';

/** Only paths inside the console: never an open redirect. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/console(\/[^/\\]|$|\?)/.test(next) ? next : '/console';
}

/** The month a metrics page asks for: none means this month; a month out of range is said, in Japanese. */
function askedMonth(raw: string | undefined): { month: string | undefined; error: string | undefined } {
  if (!raw) return { month: undefined, error: undefined };
  if (isMetricsMonth(raw)) return { month: raw, error: undefined };
  const [first, last] = [METRICS_MONTHS.first, METRICS_MONTHS.last].map(
    (m) => `${m.slice(0, 4)}年${Number(m.slice(5))}月`,
  );
  return { month: undefined, error: `月は ${first} から ${last} までで指定してください (今月を表示しています)。` };
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
    if (attempt === null) {
      return c.html(
        <LoginPage
          next={next}
          loginId={loginId}
          error={`ログインの失敗が続いたため、しばらく(${LOGIN_WINDOW_MS / 60_000}分)ログインできません。`}
        />,
        429,
      );
    }
    const principal = await checkPassword(deps, loginId, String(form.password ?? ''));
    if (!principal) {
      await audit(deps, { actor: 'anonymous', action: 'login.failed', target: loginId.slice(0, 100) }, requester);
      return c.html(<LoginPage next={next} loginId={loginId} error="ログインIDまたはパスワードが違います。" />, 401);
    }
    await loginSucceeded(deps, attempt);
    const { token } = await openSession(deps, principal);
    await audit(
      deps,
      { actor: principal.actor, action: 'login.succeeded', target: principal.accountId ?? '' },
      requester,
    );
    setCookie(c, SESSION_COOKIE, token, {
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'Lax',
      maxAge: SESSION_TTL_MS / 1000,
    });
    return c.redirect(next, 303);
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

  app.get('/console', async (c) =>
    c.html(<OverviewPage ctx={pageContext(c)} data={await overview(deps, scopedFilter(c.get('principal'), {}))} />),
  );

  app.get('/console/stuck', async (c) => {
    const q = c.req.query();
    const filter = scopedFilter(c.get('principal'), {
      regionId: q.region || undefined,
      hospitalId: q.hospital || undefined,
      careOfficeId: q.office || undefined,
      state: q.state || undefined,
    });
    const kind = q.kind === 'deadline' || q.kind === 'dead_notice' ? q.kind : undefined;
    const [items, hospitals, offices] = await Promise.all([
      listStuck(deps, filter),
      listHospitals(deps),
      listCareOffices(deps),
    ]);
    const states = Object.keys(STATE_LABELS).filter((s) => !['stay', 'admission'].includes(s));
    return c.html(
      <StuckPage
        ctx={pageContext(c)}
        items={items.filter((i) => !kind || i.kind === kind)}
        filter={{ ...filter, kind }}
        options={{
          regions: [...deps.regions.values()].map((r) => ({ id: r.id, name: r.name })),
          hospitals: hospitals.map((h) => ({ id: h.id, name: h.name })),
          offices: offices.map((o) => ({ id: o.id, name: o.name })),
          states,
        }}
      />,
    );
  });

  app.get('/console/cases', async (c) => {
    const state = c.req.query('state') || undefined;
    const { hospitalId } = scopedFilter(c.get('principal'), {});
    const [items, hospitals] = await Promise.all([listCases(deps, { state, hospitalId }), listHospitals(deps)]);
    const shown = c.req.query('active') ? items.filter((i) => i.state !== 'closed') : items;
    return c.html(
      <CasesPage
        ctx={pageContext(c)}
        items={shown}
        state={state}
        hospitals={new Map(hospitals.map((h) => [h.id, h.name]))}
      />,
    );
  });

  app.get('/console/metrics', async (c) => {
    const { month, error } = askedMonth(c.req.query('month'));
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
    const { month, error } = askedMonth(c.req.query('month'));
    if (error) return c.text(error, 400);
    const result = await metricsFor(deps, c.get('principal'), { month, region: c.req.query('region') || undefined });
    return c.body(metricsCsv(result), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="renkei-metrics-${result.month}.csv"`,
    });
  });

  app.get('/console/audit', async (c) => {
    if (c.get('principal').role !== 'admin') {
      await auditDenied(deps, c.get('principal').actor, c.get('requester'), {
        method: 'GET',
        path: c.req.path,
        reason: 'administrators_only',
      });
      return c.text('管理者のみが見られます。', 403);
    }
    return c.html(<AuditPage ctx={pageContext(c)} items={await listAudit(deps, { limit: 500 })} />);
  });

  app.route('/console/admissions', consoleAdmissionPages(deps));
  app.route('/console/cases', consoleCasePages(deps));
  app.route('/console/directory', consoleDirectoryPages(deps));
  return app;
}

import { type Context, Hono } from 'hono';
import { listAccounts } from '../../../engine/access/index.js';
import {
  FOLLOW_UP_STATUSES,
  FOLLOW_UP_VIEWS,
  type FollowUpStatus,
  type FollowUpView,
  followUpToday,
  inFollowUpView,
  listStuck,
  recordFollowUp,
  STATE_LABELS,
  scopedFilter,
  stuckCsv,
} from '../../../engine/console/index.js';
import type { Deps } from '../../../engine/deps.js';
import { listCareOffices, listHospitals } from '../../../engine/directory/index.js';
import type { AppEnv } from '../../env.js';
import { readForm } from '../../input.js';
import { StuckPage } from '../../pages/console/stuck.js';
import { FollowUpRefused } from '../../pages/console/stuckList.js';
import { pageContext } from './session.js';

// The stuck list and its follow-up: mounted at /console/stuck behind the console's session and CSRF checks.

const FLASH: Record<string, string> = { 'follow-up': '対応を記録しました。' };

/** Back to the stuck list (or the overview) only: never an open redirect. */
function safeBack(back: string | undefined): string {
  return back && /^\/console(\/stuck)?(\?[^\\]*)?$/.test(back) ? back : '/console/stuck';
}

function stuckQuery(c: Context<AppEnv>) {
  const q = c.req.query();
  const filter = scopedFilter(c.get('principal'), {
    regionId: q.region || undefined,
    hospitalId: q.hospital || undefined,
    careOfficeId: q.office || undefined,
    state: q.state || undefined,
  });
  const kind = q.kind === 'deadline' || q.kind === 'dead_notice' ? q.kind : undefined;
  const view: FollowUpView = FOLLOW_UP_VIEWS.includes(q.view as FollowUpView) ? (q.view as FollowUpView) : 'active';
  return { filter, kind, view, assignee: q.assignee || undefined };
}

const UNTIL_ERRORS: Record<string, string> = {
  until: '保留する日は今日以降の日付にしてください。',
  assignee: '担当者には、この入院を見られる有効なアカウントを選んでください。',
};

export function consoleStuckPages(deps: Deps) {
  const app = new Hono<AppEnv>();

  async function scoped(c: Context<AppEnv>) {
    const { filter, kind, view, assignee } = stuckQuery(c);
    const today = followUpToday(deps);
    const all = (await listStuck(deps, filter)).filter((i) => !kind || i.kind === kind);
    const items = all.filter((i) => inFollowUpView(i, { view, assignee }, today));
    return { filter, kind, view, assignee, today, all, items };
  }

  app.get('/', async (c) => {
    const { filter, kind, view, assignee, today, all, items } = await scoped(c);
    const principal = c.get('principal');
    const [hospitals, offices, accounts] = await Promise.all([
      listHospitals(deps),
      listCareOffices(deps),
      listAccounts(deps),
    ]);
    const states = Object.keys(STATE_LABELS).filter((s) => !['stay', 'admission'].includes(s));
    const url = new URL(c.req.url);
    return c.html(
      <StuckPage
        ctx={pageContext(c)}
        items={items}
        total={all.length}
        filter={{ ...filter, kind, view, assignee }}
        back={`/console/stuck${url.search.replace(/[?&]done=[^&]*/, '').replace(/^&/, '?')}`}
        today={today}
        flash={FLASH[c.req.query('done') ?? '']}
        options={{
          regions: [...deps.regions.values()].map((r) => ({ id: r.id, name: r.name })),
          hospitals: hospitals.map((h) => ({ id: h.id, name: h.name })),
          offices: offices.map((o) => ({ id: o.id, name: o.name })),
          states,
          // The people who can be put in charge: administrators, and staff of a hospital the reader may see.
          accounts: accounts
            .filter((a) => a.disabledAt === null)
            .filter((a) => principal.role === 'admin' || a.role === 'admin' || a.hospitalId === principal.hospitalId)
            .map((a) => ({ id: a.id, name: a.name, role: a.role, hospitalId: a.hospitalId })),
        }}
      />,
    );
  });

  // The same list, with the same filters, as a spreadsheet (engine/console/csv.ts: BOM, CRLF, formulas neutralised).
  app.get('/csv', async (c) => {
    const { items, today } = await scoped(c);
    return c.body(stuckCsv(items), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="renkei-stuck-${today}.csv"`,
    });
  });

  app.post('/:itemId/follow-up', async (c) => {
    const form = await readForm(c);
    const status = FOLLOW_UP_STATUSES.includes(form.status as FollowUpStatus) ? (form.status as FollowUpStatus) : null;
    const back = safeBack(form.back);
    const error = (message: string, code: 400 | 404) =>
      c.html(<FollowUpRefused ctx={pageContext(c)} message={message} back={back} />, code);
    if (!status) return error('対応状況を選んでください。', 400);
    const note = (form.note ?? '').slice(0, 1000);
    const result = await recordFollowUp(deps, c.get('principal'), c.get('requester'), c.req.param('itemId'), {
      status,
      note,
      until: form.until || null,
      assignee: form.assignee || null,
    });
    switch (result.kind) {
      case 'done':
        return c.redirect(`${back}${back.includes('?') ? '&' : '?'}done=follow-up`, 303);
      case 'not_found':
        return error('この手順はもう滞留していないか、見つかりません。一覧を読み込み直してください。', 404);
      case 'invalid':
        return error(UNTIL_ERRORS[result.field] ?? '入力を確認してください。', 400);
    }
  });
  return app;
}

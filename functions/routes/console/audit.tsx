import { inArray } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import { carePlanCopies, cases } from '../../../db/schema.js';
import {
  type AuditFilter,
  auditActors,
  auditDenied,
  countAudit,
  listAccounts,
  listAudit,
} from '../../../engine/access/index.js';
import { toCsv } from '../../../engine/console/index.js';
import type { Deps } from '../../../engine/deps.js';
import { listCareOffices, listHospitals } from '../../../engine/directory/index.js';
import { jstWallClock } from '../../../machines/time.js';
import type { AppEnv } from '../../env.js';
import { auditActionLabel, auditActorLabel } from '../../pages/console/auditLabels.js';
import { AuditPage, type AuditQuery, type AuditRowView } from '../../pages/console/auditPage.js';
import { pageContext } from './session.js';

// The audit log for administrators: filtered by who, action, case (入院番号) and period, paged, and as CSV.

export const AUDIT_PAGE_SIZE = 100;
const CSV_LIMIT = 50_000;
const isDate = (d: string | undefined): d is string =>
  !!d && /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d));
const dayStart = (d: string) => Date.parse(`${d}T00:00:00+09:00`);

/** Rows as people read them: names for actors and targets, Japanese actions. */
export async function readableAudit(deps: Deps, rows: Awaited<ReturnType<typeof listAudit>>): Promise<AuditRowView[]> {
  const [accounts, offices, hospitals] = await Promise.all([
    listAccounts(deps),
    listCareOffices(deps),
    listHospitals(deps),
  ]);
  // The stay a row is about, read by its name: a case is the target itself; an answered task, a FAX
  // receipt or a follow-up carries its case in the detail; an opened care-plan copy is looked up.
  const copyIds = [...new Set(rows.map((r) => r.target).filter((t) => t.startsWith('cpc_')))];
  const copyCase = new Map(
    copyIds.length
      ? (
          await deps.database.db
            .select({ id: carePlanCopies.id, caseId: carePlanCopies.caseId })
            .from(carePlanCopies)
            .where(inArray(carePlanCopies.id, copyIds))
        ).map((r) => [r.id, r.caseId])
      : [],
  );
  const caseOf = (r: (typeof rows)[number]): string | null => {
    if (r.target.startsWith('case_')) return r.target;
    const inDetail = (r.detail as { caseId?: unknown } | null)?.caseId;
    if (typeof inDetail === 'string' && inDetail.startsWith('case_')) return inDetail;
    return copyCase.get(r.target) ?? null;
  };
  const caseIds = [...new Set(rows.map(caseOf).filter((id): id is string => id !== null))];
  const caseRows = caseIds.length
    ? await deps.database.db
        .select({ id: cases.id, hospitalId: cases.hospitalId, hospitalizationId: cases.hospitalizationId })
        .from(cases)
        .where(inArray(cases.id, caseIds))
    : [];
  const hospitalName = new Map(hospitals.map((h) => [h.id, h.name]));
  const names = {
    accounts: new Map(accounts.map((a) => [a.loginId, a.name])),
    offices: new Map(offices.map((o) => [o.id, o.name])),
    hospitals: hospitalName,
  };
  const accountById = new Map(accounts.map((a) => [a.id, a.name]));
  const caseName = new Map(
    caseRows.map((r) => [r.id, `${hospitalName.get(r.hospitalId) ?? ''} 入院番号 ${r.hospitalizationId}`]),
  );
  return rows.map((r) => {
    const caseId = caseOf(r);
    const stay = caseId ? caseName.get(caseId) : undefined;
    return {
      ...r,
      actorLabel: auditActorLabel(r.actor, names),
      actionLabel: auditActionLabel(r.action),
      targetLabel:
        stay ??
        accountById.get(r.target) ??
        names.offices.get(r.target) ??
        hospitalName.get(r.target) ??
        names.accounts.get(r.target) ??
        unnamedTarget(r.target),
      caseId: stay ? caseId : null,
    };
  });
}

/**
 * A target no name was found for: a path (a refused request) is shown as it is, an engine id is not
 * (a person reads no ids): what it was, in Japanese. The CSV's last column keeps the stored target.
 */
function unnamedTarget(target: string): string {
  if (target.startsWith('/')) return target;
  if (/^case_/.test(target)) return '(記録にない入院)';
  if (/^[a-z]+_[A-Za-z0-9_-]{8,}$/.test(target)) return '(名前のない記録)';
  return target;
}

export function consoleAuditPages(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    if (c.get('principal').role === 'admin') return next();
    await auditDenied(deps, c.get('principal').actor, c.get('requester'), {
      method: c.req.method,
      path: c.req.path,
      reason: 'administrators_only',
    });
    return c.text('管理者のみが見られます。', 403);
  });

  /** The query as asked, and the filter it means; an unknown 入院番号 matches nothing. */
  async function filterOf(c: Context<AppEnv>): Promise<{ query: AuditQuery; filter: AuditFilter }> {
    const q = c.req.query();
    const query: AuditQuery = {
      actor: q.actor || undefined,
      action: q.action || undefined,
      hospitalization: q.hospitalization?.trim() || undefined,
      from: isDate(q.from) ? q.from : undefined,
      to: isDate(q.to) ? q.to : undefined,
      page: Math.max(1, Math.min(100_000, Number.parseInt(q.page ?? '1', 10) || 1)),
    };
    let targets: string[] | undefined;
    if (query.hospitalization) {
      const rows = await deps.database.db
        .select({ id: cases.id })
        .from(cases)
        .where(inArray(cases.hospitalizationId, [query.hospitalization]));
      targets = rows.map((r) => r.id);
    }
    return {
      query,
      filter: {
        actor: query.actor,
        action: query.action,
        targets,
        from: query.from ? dayStart(query.from) : undefined,
        to: query.to ? dayStart(query.to) + 86_400_000 : undefined,
      },
    };
  }

  app.get('/', async (c) => {
    const { query, filter } = await filterOf(c);
    const [total, rows, actors, accounts, offices, hospitals] = await Promise.all([
      countAudit(deps, filter),
      listAudit(deps, { ...filter, limit: AUDIT_PAGE_SIZE, offset: (query.page - 1) * AUDIT_PAGE_SIZE }),
      auditActors(deps),
      listAccounts(deps),
      listCareOffices(deps),
      listHospitals(deps),
    ]);
    const names = {
      accounts: new Map(accounts.map((a) => [a.loginId, a.name])),
      offices: new Map(offices.map((o) => [o.id, o.name])),
      hospitals: new Map(hospitals.map((h) => [h.id, h.name])),
    };
    return c.html(
      <AuditPage
        ctx={pageContext(c)}
        items={await readableAudit(deps, rows)}
        query={query}
        total={total}
        pageSize={AUDIT_PAGE_SIZE}
        actors={actors.map((a) => ({ id: a, name: auditActorLabel(a, names) }))}
      />,
    );
  });

  app.get('/csv', async (c) => {
    const { filter } = await filterOf(c);
    const rows = await readableAudit(deps, await listAudit(deps, { ...filter, limit: CSV_LIMIT }));
    const csv = toCsv([
      ['日時', '誰が', '操作', '対象', '接続元', '内容', 'actor', 'action', 'target'],
      ...rows.map((r) => [
        jstWallClock(r.at).slice(0, 19).replace('T', ' '),
        r.actorLabel,
        r.actionLabel,
        r.targetLabel,
        r.ip,
        r.detail ? JSON.stringify(r.detail) : null,
        r.actor,
        r.action,
        r.target,
      ]),
    ]);
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="renkei-audit.csv"',
    });
  });
  return app;
}

import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { Statement } from '../../db/database.js';
import { adminAlerts, cases } from '../../db/schema.js';
import { explainDeliveryError } from '../../notifiers/deliveryProblems.js';
import { noticeLabel, type OutboxNoticeKind } from '../../notifiers/noticeNames.js';
import { mailedAdministrators } from '../access/index.js';
import { newId } from '../crypto/index.js';
import type { Deps } from '../deps.js';
import { getHospital } from '../directory/index.js';
import { queueNotice } from '../queueNotice.js';
import { caseIdOf, type OutboxRow } from './notices.js';

// Alerts to administrators: what renkei gave up on and a person has to take over. Each is kept
// once (its dedupe key), shown on the console, and mailed to the administrators in scope as an
// `admin_alert` notice committed in the same batch as what raised it. An alert notice that itself
// cannot be delivered raises nothing further: it stays on the console and in the stuck list.

export type AlertKind = (typeof adminAlerts.$inferSelect)['kind'];
export const ALERT_NOTICE = 'admin_alert' satisfies OutboxNoticeKind;

export const ALERT_LABELS: Record<AlertKind, string> = {
  notice_dead: '通知を届けられませんでした',
  fax_refused: 'FAX番号が受け付けられませんでした',
  sweep_failing: '定期処理が続けて失敗しています',
};

interface CaseScope {
  id: string;
  hospitalId: string;
  regionId: string;
}

export async function caseScope(
  deps: Deps,
  caseId: string,
): Promise<(CaseScope & { careOfficeId: string | null }) | null> {
  const [c] = await deps.database.db
    .select({ id: cases.id, hospitalId: cases.hospitalId, regionId: cases.regionId, careOfficeId: cases.careOfficeId })
    .from(cases)
    .where(eq(cases.id, caseId));
  return c ?? null;
}

/**
 * The statements that raise an alert about a notice of a case: the alert row and one email notice
 * per administrator in scope (`mailedAdministrators`: the region administrator's address; accounts
 * with an email: administrators, and staff of the case's hospital). Both deduplicated by key, so a batch that
 * runs again (a crash, a second sweep) raises nothing twice.
 */
export async function noticeAlert(
  deps: Deps,
  kind: 'notice_dead' | 'fax_refused',
  row: OutboxRow,
  scope: CaseScope,
  reason: string,
  at: number,
): Promise<Statement[]> {
  if (row.notice === ALERT_NOTICE) return [];
  const { db } = deps.database;
  const dedupeKey = `${kind === 'notice_dead' ? 'dead' : 'fax-refused'}:${row.id}`;
  const detail = `${noticeLabel(row.notice)} (${row.id}): ${reason}`.slice(0, 500);
  const statements: Statement[] = [
    db
      .insert(adminAlerts)
      .values({
        id: newId('alr'),
        kind,
        dedupeKey,
        caseId: scope.id,
        hospitalId: scope.hospitalId,
        regionId: scope.regionId,
        noticeId: row.id,
        detail,
        createdAt: at,
      })
      .onConflictDoNothing(),
  ];
  for (const to of await mailedAdministrators(deps, scope)) {
    statements.push(
      queueNotice(db, {
        caseId: scope.id,
        notice: ALERT_NOTICE,
        route: 'email',
        recipientKind: to.kind,
        recipientId: to.id,
        aboutNoticeId: row.id,
        idempotencyKey: `alert:${dedupeKey}:${to.kind}:${to.id}`,
        at,
      }).onConflictDoNothing(),
    );
  }
  return statements;
}

/** The email of an alert: what and where, and the console link; nothing about the patient. */
export async function composeAlert(
  deps: Deps,
  row: OutboxRow,
): Promise<{ channel: 'email'; subject: string; text: string }> {
  const { db } = deps.database;
  const kind: AlertKind = row.idempotencyKey.startsWith('alert:fax-refused:') ? 'fax_refused' : 'notice_dead';
  const [[alert], [c]] = await db.batch([
    db
      .select()
      .from(adminAlerts)
      .where(and(eq(adminAlerts.noticeId, row.aboutNoticeId ?? ''), eq(adminAlerts.kind, kind))),
    db
      .select({ hospitalId: cases.hospitalId, hospitalizationId: cases.hospitalizationId })
      .from(cases)
      .where(eq(cases.id, caseIdOf(row))),
  ]);
  const hospital = c ? await getHospital(deps, c.hospitalId) : null;
  // People read the hospital and its own 入院番号, and what happened in Japanese: never our ids or a provider's words.
  const problem = explainDeliveryError(alert?.detail ?? null);
  const about = alert ? alert.detail.split(' (')[0] : null;
  const caseRef = `${hospital?.name ?? ''} 入院番号 ${c?.hospitalizationId ?? ''}`.trim();
  const lines = [
    `renkei からの自動連絡です。${ALERT_LABELS[kind]}。対応をお願いします。`,
    '',
    `入院: ${caseRef}`,
    ...(about ? [`通知: ${about}`] : []),
    `何が起きたか: ${problem.what}`,
    '',
    kind === 'fax_refused' ? '次の手段で送り直しています。名簿のFAX番号を確認してください。' : problem.todo,
    `管理画面: ${deps.config.publicBaseUrl}/console/cases/${row.caseId}`,
  ];
  return {
    channel: 'email',
    subject: `【renkei 要対応】${ALERT_LABELS[kind]} (${caseRef})`,
    text: lines.join('\n'),
  };
}

export interface AlertView {
  id: string;
  kind: AlertKind;
  label: string;
  caseId: string | null;
  hospitalId: string | null;
  /** The hospital's own number of the stay, what people name it by. */
  hospitalizationId: string | null;
  noticeId: string | null;
  detail: string;
  createdAt: string;
}

/** The latest alerts in scope: staff (scoped to their hospital) see its alerts, administrators all. */
export async function listAlerts(
  deps: Deps,
  scope: { hospitalId?: string | undefined; regionId?: string | undefined },
  limit = 20,
): Promise<{ count: number; items: AlertView[] }> {
  const { db } = deps.database;
  const where: SQL[] = [];
  if (scope.hospitalId) where.push(eq(adminAlerts.hospitalId, scope.hospitalId));
  if (scope.regionId) where.push(eq(adminAlerts.regionId, scope.regionId));
  const [[total], rows] = await db.batch([
    db
      .select({ n: count() })
      .from(adminAlerts)
      .where(and(...where)),
    db
      .select({ alert: adminAlerts, hospitalizationId: cases.hospitalizationId })
      .from(adminAlerts)
      .leftJoin(cases, eq(cases.id, adminAlerts.caseId))
      .where(and(...where))
      .orderBy(desc(adminAlerts.createdAt))
      .limit(limit),
  ]);
  return {
    count: Number(total?.n ?? 0),
    items: rows.map(({ alert: r, hospitalizationId }) => ({
      id: r.id,
      kind: r.kind,
      label: ALERT_LABELS[r.kind],
      caseId: r.caseId,
      hospitalId: r.hospitalId,
      hospitalizationId,
      noticeId: r.noticeId,
      detail: r.detail,
      createdAt: new Date(r.createdAt).toISOString(),
    })),
  };
}

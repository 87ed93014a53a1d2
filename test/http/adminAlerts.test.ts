import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAlerts, outbox } from '../../db/schema.js';
import { SWEEP_FAILURES_BEFORE_ALERT } from '../../engine/sweep/index.js';
import {
  admittedEvent,
  FAX_GATEWAY_DOMAIN,
  registerCareOffice,
  startTestServer,
  type TestServer,
} from '../support/server.js';
import { waitUntil } from '../support/wait.js';

const ADMIN_MAIL = 'center@renkei-admin.example.jp';
const AINO_STAFF_MAIL = 'liaison@aino.example.jp';
const OTHER_STAFF_MAIL = 'liaison@shimin.example.jp';
const hourly = (h: number) =>
  `2026-12-${String(4 + Math.floor((11 + h) / 24)).padStart(2, '0')}T${String((11 + h) % 24).padStart(2, '0')}:00:00+09:00`;

describe('alerts to administrators: a dead letter, a refused FAX number or failing sweeps reach a person, once', () => {
  let s: TestServer;
  const tokens: Record<string, string> = {};
  const db = () => s.running.deps.database.db;
  const mailsTo = (address: string) => s.smtp!.mails.filter((m) => m.to.includes(address));

  beforeAll(async () => {
    s = await startTestServer({ fax: true, env: { DATABASE_BUSY_TIMEOUT_MS: '150' } });
    // Email only: nothing to fall back to.
    expect(
      (
        await s.admin('/v1/admin/care-offices/office-mail', {
          method: 'PUT',
          body: { name: 'メールのみ事業所', email: 'cm@mail-office.example.jp', region: 'sanda' },
        })
      ).status,
    ).toBeLessThan(300);
    await registerCareOffice(s, 'office-fax', 'cm@fax-office.example.jp', {
      preferredChannel: 'fax',
      fax: '079-111-2222',
    });
    for (const [loginId, role, hospitalId, email] of [
      ['center', 'admin', null, ADMIN_MAIL],
      ['aino', 'hospital_staff', 'sanda-aino', AINO_STAFF_MAIL],
      ['shimin', 'hospital_staff', 'sanda-shimin', OTHER_STAFF_MAIL],
    ] as const) {
      const res = await s.admin('/v1/admin/accounts', {
        method: 'POST',
        body: { loginId, name: loginId, role, hospitalId, email },
      });
      expect(res.status).toBe(201);
      tokens[loginId] = ((await res.json()) as { apiToken: string }).apiToken;
    }
  });
  afterAll(async () => {
    await s.close();
  });

  /** The service's clock moves on and its sweep runs, as the interval would. */
  const sweepAt = async (iso: string) => {
    s.clock.set(iso);
    await s.sweep();
    await s.running.idle();
  };
  const overviewAs = async (login: string) => {
    const res = await fetch(`${s.base}/v1/admin/overview`, { headers: { authorization: `Bearer ${tokens[login]}` } });
    return (
      (await res.json()) as {
        alerts: { count: number; items: { kind: string; caseId: string | null; detail: string }[] };
      }
    ).alerts;
  };

  let deadCase: string;
  it('a notice dead-lettered after every attempt raises one alert, mailed to the administrators and the staff of that hospital only', async () => {
    s.smtp!.refuseTo(/@mail-office\.example\.jp$/, 451);
    ({ caseId: deadCase } = (await (
      await s.sendEvent('sanda-aino', admittedEvent('E-alert-dead', { careOfficeId: 'office-mail' }))
    ).json()) as { caseId: string });
    for (let h = 1; h <= 10; h++) await sweepAt(hourly(h));
    await s.running.idle();
    s.smtp!.refuseTo(null);
    const [notice] = await db().select().from(outbox).where(eq(outbox.caseId, deadCase));
    expect(notice!.status).toBe('dead');
    const alerts = await db().select().from(adminAlerts).where(eq(adminAlerts.noticeId, notice!.id));
    expect(alerts.map((a) => a.kind)).toEqual(['notice_dead']);
    await sweepAt(hourly(11));
    await waitUntil(() => mailsTo(ADMIN_MAIL).length >= 1 && mailsTo(AINO_STAFF_MAIL).length >= 1);
    expect(mailsTo(ADMIN_MAIL)).toHaveLength(1);
    expect(mailsTo(AINO_STAFF_MAIL)).toHaveLength(1);
    expect(mailsTo(OTHER_STAFF_MAIL)).toHaveLength(0);
  });

  it('the alert mail names the case as people do (hospital, 入院番号), says what happened in Japanese, links the console, and never the patient', async () => {
    const [mail] = mailsTo(ADMIN_MAIL);
    expect(mail!.subject).toContain('【renkei 要対応】通知を届けられませんでした');
    expect(mail!.subject).toContain('入院番号 E-alert-dead');
    expect(mail!.subject).not.toContain(deadCase);
    expect(mail!.text).toContain('入院番号 E-alert-dead');
    expect(mail!.text).toContain('何が起きたか: ');
    expect(mail!.text).toContain('電話で連絡してください');
    expect(mail!.text).toContain(`${s.base}/console/cases/${deadCase}`);
    // The provider's own words stay in the outbox: the mail shows no SMTP reply.
    expect(mail!.text).not.toMatch(/\b451\b|SMTP|no usable channel/i);
    for (const personal of ['山田', '花子', '1941']) expect(mail!.text).not.toContain(personal);
  });

  it('the console overview counts the alert for administrators and that hospital, not for another hospital', async () => {
    expect((await overviewAs('center')).count).toBe(1);
    expect((await overviewAs('aino')).items.map((a) => a.caseId)).toEqual([deadCase]);
    expect((await overviewAs('shimin')).count).toBe(0);
    const page = (await (await s.admin('/v1/admin/overview')).json()) as { alerts: { items: { detail: string }[] } };
    for (const personal of ['山田', '花子', '1941']) expect(JSON.stringify(page.alerts)).not.toContain(personal);
  });

  it('a FAX number the gateway refuses falls back to email and raises an alert to fix the directory', async () => {
    s.smtp!.refuseTo(new RegExp(`@${FAX_GATEWAY_DOMAIN.replace('.', '\\.')}$`), 550);
    const { caseId } = (await (
      await s.sendEvent(
        'sanda-aino',
        admittedEvent('E-alert-fax', { careOfficeId: 'office-fax', occurredAt: hourly(11) }),
      )
    ).json()) as { caseId: string };
    await waitUntil(() => s.smtp!.mails.some((m) => m.to.includes('cm@fax-office.example.jp')));
    await s.running.idle();
    s.smtp!.refuseTo(null);
    const [notice] = await db()
      .select()
      .from(outbox)
      .where(eq(outbox.caseId, caseId))
      .then((rows) => rows.filter((r) => r.notice !== 'admin_alert'));
    expect(notice).toMatchObject({ status: 'sent', channel: 'email' });
    const alerts = await db().select().from(adminAlerts).where(eq(adminAlerts.noticeId, notice!.id));
    expect(alerts.map((a) => a.kind)).toEqual(['fax_refused']);
    await waitUntil(() => mailsTo(ADMIN_MAIL).some((m) => m.subject.includes('FAX番号')));
  });

  it('an alert that cannot be delivered raises nothing about itself', async () => {
    const before = (await db().select().from(adminAlerts)).length;
    s.smtp!.refuseTo(/@(renkei-admin|aino|mail-office)\.example\.jp$/, 550);
    s.clock.set(hourly(12));
    const { caseId } = (await (
      await s.sendEvent(
        'sanda-aino',
        admittedEvent('E-alert-loop', { careOfficeId: 'office-mail', occurredAt: hourly(12) }),
      )
    ).json()) as { caseId: string };
    await waitUntil(
      async () =>
        (await db().select().from(outbox).where(eq(outbox.caseId, caseId))).filter((r) => r.status === 'dead')
          .length === 3,
    );
    await sweepAt(hourly(13));
    await s.running.idle();
    s.smtp!.refuseTo(null);
    const rows = await db().select().from(outbox).where(eq(outbox.caseId, caseId));
    expect(rows.map((r) => `${r.notice}:${r.status}`).sort()).toEqual([
      'admin_alert:dead',
      'admin_alert:dead',
      'admission_notice:dead',
    ]);
    expect((await db().select().from(adminAlerts)).length).toBe(before + 1);
    // Still visible: the undelivered alerts are on the stuck list, for a person to see on the console.
    const stuck = (await (await s.admin('/v1/admin/overview')).json()) as {
      stuck: { caseId: string; missedStep: string; owner: { kind: string; name: string; email: string | null } }[];
    };
    const items = stuck.stuck.filter((i) => i.caseId === caseId);
    expect(items.map((i) => i.missedStep).sort()).toEqual([
      '通知の不達: 入院のお知らせ',
      '通知の不達: 管理者への警告',
      '通知の不達: 管理者への警告',
    ]);
    // Whom to reach about an undelivered alert: the person behind the account, by name and address.
    expect(
      items
        .filter((i) => i.missedStep.endsWith('管理者への警告'))
        .map((i) => `${i.owner.kind}:${i.owner.name}:${i.owner.email}`)
        .sort(),
    ).toEqual([`account:aino:${AINO_STAFF_MAIL}`, `account:center:${ADMIN_MAIL}`]);
  });

  it(`sweeps failing ${SWEEP_FAILURES_BEFORE_ALERT} times in a row (the database locked) mail the administrators once, and the alert is kept`, async () => {
    const other = createClient({ url: `file:${join(s.dir, 'renkei.db')}` });
    const before = mailsTo(ADMIN_MAIL).length;
    const held = await other.transaction('write');
    try {
      for (let i = 0; i < SWEEP_FAILURES_BEFORE_ALERT + 2; i++) {
        expect((await s.admin('/v1/scheduled', { method: 'POST' })).status).toBe(503);
      }
    } finally {
      await held.rollback();
      other.close();
    }
    await waitUntil(() => mailsTo(ADMIN_MAIL).length > before);
    expect(
      mailsTo(ADMIN_MAIL)
        .slice(before)
        .map((m) => m.subject),
    ).toEqual(['【renkei 要対応】定期処理が続けて失敗しています']);
    await sweepAt(hourly(14));
    const sweepAlerts = await db().select().from(adminAlerts).where(eq(adminAlerts.kind, 'sweep_failing'));
    expect(sweepAlerts).toHaveLength(1);
    expect(sweepAlerts[0]!.detail).toContain('SQLITE_BUSY');
    expect((await overviewAs('center')).items.some((a) => a.kind === 'sweep_failing')).toBe(true);
    expect((await overviewAs('aino')).items.some((a) => a.kind === 'sweep_failing')).toBe(false);
  });
});

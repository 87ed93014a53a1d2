import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dailyRuns, outbox } from '../../db/schema.js';
import { readConfig } from '../../engine/config.js';
import { silentLogger } from '../../engine/log.js';
import { runScheduled } from '../../engine/sweep/index.js';
import { startEngine } from '../../functions/runtime.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';
import type { ReceivedMail } from '../support/smtp.js';

// The morning summary (issue 17 item 2): once a Japan-time day, from the configured hour (8:00 by
// default), the center's accounts and the region's center address get new stuck items, items overdue
// for follow-up, yesterday's leaks and unconfirmed FAXes; each hospital's staff get their hospital's
// only. One mail a day, even when two sweeps race; a link into the console; no patient names, no ids.

const SUMMARY = '朝のまとめ';
const summaries = (s: TestServer, to?: string): ReceivedMail[] =>
  s.smtp!.mails.filter((m) => m.subject.includes(SUMMARY) && (to === undefined || m.to.includes(to)));
/** The lines of one section (「■ title n件」 up to the next blank line). */
function section(mail: ReceivedMail, title: string): string[] {
  const lines = mail.text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('■ ') && l.includes(title));
  expect(start, `${title} in\n${mail.text}`).toBeGreaterThanOrEqual(0);
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end);
}

describe('the morning summary mail', () => {
  let s: TestServer;
  let followUpItem = '';
  const account = async (body: Record<string, unknown>) =>
    (await (await s.admin('/v1/admin/accounts', { method: 'POST', body })).json()) as { account: { id: string } };
  const at = async (iso: string, hospital: string, body: unknown) => {
    s.clock.set(iso);
    expect((await s.sendEvent(hospital, body)).status).toBe(202);
    await s.sweep(iso);
  };

  beforeAll(async () => {
    s = await startTestServer({ start: '2026-12-04T06:00:00+09:00', env: { MORNING_SUMMARY_HOUR: '8' } });
    await registerCareOffice(s);
    // An office with no email or FAX: the admission notice to it dies, a stuck item per stay.
    await s.admin('/v1/admin/care-offices/no-mail', {
      method: 'PUT',
      body: { name: 'メール未登録の事業所', phone: '079-111-2222', region: 'sanda' },
    });
    expect(
      (
        await s.admin('/v1/admin/regions/sanda/administrator', {
          method: 'PUT',
          body: { email: 'center@sanda.example.jp' },
        })
      ).status,
    ).toBe(200);
    await account({
      loginId: 'sato',
      name: '佐藤',
      role: 'admin',
      password: 'center-password-1',
      email: 'sato@example.jp',
    });
    await account({
      loginId: 'shimin',
      name: '田中',
      role: 'hospital_staff',
      hospitalId: 'sanda-shimin',
      password: 'shimin-password-1',
      email: 'tanaka@shimin.example.jp',
    });
    await account({
      loginId: 'nishi',
      name: '鈴木',
      role: 'hospital_staff',
      hospitalId: 'sanda-nishi',
      password: 'nishi-password-1',
      email: 'suzuki@nishi.example.jp',
    });
    const noMail = (id: string) =>
      admittedEvent(id, { careOfficeId: 'no-mail', occurredAt: '2026-12-04T06:00:00+09:00' });
    await at('2026-12-04T06:10:00+09:00', 'sanda-shimin', noMail('S-OWN-1'));
    await at('2026-12-04T06:20:00+09:00', 'sanda-shimin', noMail('S-OWN-2'));
    await at('2026-12-04T06:30:00+09:00', 'sanda-nishi', noMail('S-OTHER-1'));
    // A stay discharged home on 12/5 without the discharge-start notice: a leak of that day.
    await at(
      '2026-12-04T06:40:00+09:00',
      'sanda-shimin',
      admittedEvent('S-LEAK', { occurredAt: '2026-12-04T06:35:00+09:00' }),
    );
  });
  afterAll(async () => {
    await s?.close();
  });

  it('before the configured hour (8:00 in Japan) nothing is sent; at 8:00 each addressee gets one', async () => {
    await s.sweep('2026-12-04T07:59:59+09:00');
    expect(summaries(s)).toHaveLength(0);
    const counts = await s.sweep('2026-12-04T08:00:00+09:00');
    expect(counts.noticesSent).toBeGreaterThanOrEqual(4);
    expect(
      summaries(s)
        .flatMap((m) => m.to)
        .sort(),
    ).toEqual(
      ['center@sanda.example.jp', 'sato@example.jp', 'suzuki@nishi.example.jp', 'tanaka@shimin.example.jp'].sort(),
    );
  });

  it("the center's mail lists every hospital's new stuck items by hospital and 入院番号, with the console link", async () => {
    for (const to of ['center@sanda.example.jp', 'sato@example.jp']) {
      const [mail] = summaries(s, to);
      const fresh = section(mail!, '新たに滞留').join('\n');
      expect(fresh).toContain('三田市民病院 入院番号 S-OWN-1');
      expect(fresh).toContain('三田市民病院 入院番号 S-OWN-2');
      expect(fresh).toContain('三田西病院 入院番号 S-OTHER-1');
      expect(mail!.text).toContain(`${s.base}/console/stuck`);
      expect(mail!.subject).toMatch(/要確認 \d+件/);
    }
    expect(summaries(s, 'center@sanda.example.jp')[0]!.text).toContain('三田市在宅医療・介護連携支援センター 御中');
  });

  it("hospital staff get their own hospital's items only", async () => {
    const [own] = summaries(s, 'tanaka@shimin.example.jp');
    expect(own!.text).toContain('S-OWN-1');
    expect(own!.text).not.toContain('S-OTHER-1');
    const [other] = summaries(s, 'suzuki@nishi.example.jp');
    expect(other!.text).toContain('S-OTHER-1');
    expect(other!.text).not.toContain('S-OWN-1');
  });

  it('no ids and no patient names in the mail: hospital and 入院番号 only', async () => {
    for (const mail of summaries(s)) {
      expect(mail.text).not.toMatch(/case_|ntc_|sum_|account:|sanda|no-mail/);
      expect(mail.subject + mail.text).not.toContain('山田');
    }
  });

  it('a later sweep the same day sends no second summary', async () => {
    const before = summaries(s).length;
    await s.sweep('2026-12-04T09:00:00+09:00');
    await s.sweep('2026-12-04T23:59:00+09:00');
    expect(summaries(s)).toHaveLength(before);
  });

  it('sent once when two sweeps race: two processes on one database, one summary per addressee', async () => {
    const db = s.running.deps.database.db;
    const other = await startEngine(
      readConfig({
        DATABASE_URL: `file:${s.dir}/renkei.db`,
        RENKEI_ADMIN_TOKEN: 'x'.repeat(20),
        SMTP_URL: s.smtp!.url,
      }),
      { log: silentLogger, now: () => new Date('2026-12-05T08:00:00+09:00') },
    );
    try {
      const before = summaries(s).length;
      const now = new Date('2026-12-05T08:00:00+09:00');
      const mine = { ...s.running.deps, now: () => now };
      const [a, b] = await Promise.all([runScheduled(mine, now), runScheduled(other, now)]);
      expect(a.summaries + b.summaries).toBe(4);
      expect([a.summaries, b.summaries]).toContain(0);
      await runScheduled(mine, new Date('2026-12-05T08:05:00+09:00'));
      const rows = await db
        .select()
        .from(dailyRuns)
        .where(and(eq(dailyRuns.job, 'morning_summary'), eq(dailyRuns.day, '2026-12-05')));
      expect(rows).toHaveLength(1);
      const queued = (await db.select().from(outbox).where(eq(outbox.notice, 'morning_summary'))).filter((r) =>
        r.idempotencyKey.startsWith('summary:2026-12-05:'),
      );
      expect(queued).toHaveLength(4);
      expect(queued.every((r) => r.status === 'sent' && r.caseId === null)).toBe(true);
      expect(summaries(s).length - before).toBe(4);
    } finally {
      other.database.close();
    }
  });

  it("overdue for follow-up: a day untouched (未対応) is listed; one already called (連絡済み) is not; yesterday's leak is listed", async () => {
    const items = (
      (await (await s.admin('/v1/admin/stuck')).json()) as {
        items: { id: string; hospitalizationId: string; kind: string }[];
      }
    ).items;
    followUpItem = items.find((i) => i.hospitalizationId === 'S-OWN-1' && i.kind === 'dead_notice')!.id;
    s.clock.set('2026-12-05T10:00:00+09:00');
    const res = await s.admin(`/v1/admin/stuck/${encodeURIComponent(followUpItem)}/follow-up`, {
      method: 'POST',
      body: { status: 'contacted', note: '事業所に電話済み' },
    });
    expect(res.status).toBe(200);
    await at('2026-12-05T10:30:00+09:00', 'sanda-shimin', {
      type: 'discharged',
      hospitalizationId: 'S-LEAK',
      occurredAt: '2026-12-05T10:30:00+09:00',
      data: { destination: 'home', nursingSummarySent: true },
    });
    await s.sweep('2026-12-06T08:00:00+09:00');
    const mail = summaries(s, 'tanaka@shimin.example.jp').at(-1)!;
    const overdue = section(mail, 'フォローが遅れている').join('\n');
    expect(overdue).toContain('入院番号 S-OWN-2: 通知の不達: 入院のお知らせ');
    expect(overdue).not.toContain('入院番号 S-OWN-1: 通知の不達: 入院のお知らせ');
    expect(section(mail, '新たに滞留')).toEqual(['  ありません']);
    const leaks = section(mail, '昨日の退院で調整漏れ').join('\n');
    expect(leaks).toContain('入院番号 S-LEAK');
    expect(leaks).toContain('退院調整開始の連絡なし');
    expect(section(summaries(s, 'suzuki@nishi.example.jp').at(-1)!, '昨日の退院で調整漏れ')).toEqual(['  ありません']);
  });
});

describe('the morning summary when nothing is stuck', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ start: '2026-12-04T06:00:00+09:00', env: { MORNING_SUMMARY_HOUR: '7' } });
    await s.admin('/v1/admin/accounts', {
      method: 'POST',
      body: { loginId: 'sato', name: '佐藤', role: 'admin', password: 'center-password-1', email: 'sato@example.jp' },
    });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('still one mail at the configured hour (7:00 here), saying nothing needs doing today', async () => {
    await s.sweep('2026-12-04T06:59:00+09:00');
    expect(summaries(s)).toHaveLength(0);
    await s.sweep('2026-12-04T07:00:00+09:00');
    const [mail] = summaries(s);
    expect(mail!.subject).toBe('【renkei】朝のまとめ 12/4(金) 滞留なし');
    expect(mail!.text).toContain('本日、対応が必要な滞留はありません。');
    expect(mail!.text.split('\n')[0]).toBe('佐藤 様');
    for (const title of ['新たに滞留', 'フォローが遅れている', '昨日の退院で調整漏れ', '受信確認のないFAX'])
      expect(section(mail!, title)).toEqual(['  ありません']);
  });
});

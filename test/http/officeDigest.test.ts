import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, dailyRuns, outbox } from '../../db/schema.js';
import { readConfig } from '../../engine/config.js';
import { silentLogger } from '../../engine/log.js';
import { runScheduled } from '../../engine/sweep/index.js';
import { startEngine } from '../../functions/runtime.js';
import {
  admittedEvent,
  mailsSent,
  registerCareOffice,
  startTestServer,
  type TestServer,
  taskLinks,
} from '../support/server.js';
import { waitUntil } from '../support/wait.js';

// Issue 16 item 3: a care office in digest mode gets its routine notices as one mail a day at its
// digest hour (Japan time), each client with its own task link; a sudden discharge still goes at
// once; an office in realtime mode is told as before; the day is claimed once even when two
// processes sweep at the same moment; a held discharge-start notice counts as delivered only when
// the digest is sent.

const DIGEST = 'cm@kyotaku.example.jp';
const REALTIME = 'rt@kyotaku.example.jp';
const isDigest = (m: { subject: string }) => m.subject.startsWith('【お知らせのまとめ】');
const digests = (s: TestServer) => mailsSent(s).filter((m) => m.to.includes(DIGEST) && isDigest(m));
const to = (s: TestServer, address: string) => mailsSent(s).filter((m) => m.to.includes(address));

function admitted(id: string, name: string, occurredAt: string, careOfficeId = 'sanda-kyotaku-01') {
  const e = admittedEvent(id, { occurredAt, careOfficeId });
  return { ...e, data: { ...e.data, patient: { name, birthDate: '1940-02-03' } } };
}

describe('notice by digest or at once (a care office chooses one mail a day)', () => {
  let s: TestServer;
  const db = () => s.running.deps.database.db;
  const at = async (iso: string, body: unknown) => {
    s.clock.set(iso);
    expect((await s.sendEvent('sanda-shimin', body)).status).toBe(202);
    await s.sweep(iso);
  };
  const held = async () =>
    (await db().select().from(outbox).where(eq(outbox.recipientId, 'sanda-kyotaku-01'))).filter(
      (r) => r.status === 'held',
    );

  beforeAll(async () => {
    s = await startTestServer({ start: '2026-12-04T09:00:00+09:00' });
    await registerCareOffice(s, 'sanda-kyotaku-01', DIGEST, { notificationMode: 'digest', digestHour: 17 });
    await registerCareOffice(s, 'sanda-kyotaku-02', REALTIME);
    await at('2026-12-04T10:00:00+09:00', admitted('E-D1', '山田 花子', '2026-12-04T09:50:00+09:00'));
    await at('2026-12-04T11:00:00+09:00', admitted('E-D2', '佐藤 一郎', '2026-12-04T10:50:00+09:00'));
    await at(
      '2026-12-04T11:30:00+09:00',
      admitted('E-R1', '鈴木 次郎', '2026-12-04T11:20:00+09:00', 'sanda-kyotaku-02'),
    );
  });
  afterAll(async () => {
    await s?.close();
  });

  it('a digest is a mail: an office without an email address cannot choose it (problem+json), nor an hour past 23', async () => {
    const noMail = await s.admin('/v1/admin/care-offices/fax-only', {
      method: 'PUT',
      body: { name: 'FAXだけの事業所', fax: '079-000-1111', region: 'sanda', notificationMode: 'digest' },
    });
    expect(noMail.status).toBe(400);
    expect(noMail.headers.get('content-type')).toContain('application/problem+json');
    expect(await noMail.text()).toContain('notificationMode digest needs an email address');
    const lateHour = await s.admin('/v1/admin/care-offices/late', {
      method: 'PUT',
      body: { name: '遅い事業所', email: 'late@kyotaku.example.jp', notificationMode: 'digest', digestHour: 24 },
    });
    expect(lateHour.status).toBe(400);
    const saved = await s.admin('/v1/admin/care-offices/evening', {
      method: 'PUT',
      body: { name: '夕方の事業所', email: 'evening@kyotaku.example.jp', notificationMode: 'digest', digestHour: 18 },
    });
    expect(saved.status).toBe(201);
    expect(await saved.json()).toMatchObject({ notificationMode: 'digest', digestHour: 18 });
  });

  it('routine notices to a digest office are held: no admission mail before the digest hour (16:59 in Japan)', async () => {
    await s.sweep('2026-12-04T16:59:59+09:00');
    expect(to(s, DIGEST)).toHaveLength(0);
    expect((await held()).map((r) => r.notice).sort()).toEqual(['admission_notice', 'admission_notice']);
  });

  it('a realtime office is told at once, as before, and gets no digest', async () => {
    const mails = to(s, REALTIME);
    expect(mails.map((m) => m.subject)).toEqual(['【入院のお知らせ】三田市民病院']);
    expect(mails[0]!.text).toContain('鈴木 様');
  });

  it('at the digest hour (17:00) one mail lists both clients, each with a working task link', async () => {
    await s.sweep('2026-12-04T17:00:00+09:00');
    await waitUntil(() => digests(s).length === 1);
    const [mail] = digests(s);
    expect(mail!.subject).toBe('【お知らせのまとめ】2026年12月4日(金) 利用者2名');
    expect(to(s, DIGEST)).toHaveLength(1);
    const text = mail!.text;
    expect(text).toContain('■ 山田 様 (三田市民病院 4階東病棟・2026年12月4日(金) 入院)');
    expect(text).toContain('■ 佐藤 様 (三田市民病院 4階東病棟・2026年12月4日(金) 入院)');
    expect(text.match(/・入院のお知らせ/g)).toHaveLength(2);
    expect(text).toMatch(/期限: 入院時情報提供シートの提供 \d{4}年\d+月\d+日\(.\)まで \((あと\d営業日|今日まで)\)/);
    expect(text).toContain(`${s.base}/office`);
    expect(text).not.toMatch(/case_|ntc_|task_|sanda|kyotaku/);
    const links = taskLinks(text);
    expect(links).toHaveLength(2);
    expect(new Set(links).size).toBe(2);
    const pages = await Promise.all(links.map(async (l) => fetch(l)));
    expect(pages.map((p) => p.status)).toEqual([200, 200]);
    expect(await Promise.all(pages.map(async (p) => (await p.text()).includes('入院連絡の確認')))).toEqual([
      true,
      true,
    ]);
    // Each client's block carries its own link.
    const blocks = text.split('■ ').slice(1);
    expect(blocks.map((b) => taskLinks(b).length)).toEqual([1, 1]);
    expect(await held()).toHaveLength(0);
    const rows = await db().select().from(outbox).where(eq(outbox.recipientId, 'sanda-kyotaku-01'));
    expect(rows.filter((r) => r.notice === 'admission_notice').every((r) => r.status === 'sent')).toBe(true);
  });

  it('one mail a day: later sweeps the same day send no second digest', async () => {
    await s.sweep('2026-12-04T18:00:00+09:00');
    await s.sweep('2026-12-04T23:59:00+09:00');
    expect(digests(s)).toHaveLength(1);
  });

  it('A③ a sudden discharge goes at once to a digest office, not in the evening', async () => {
    await at('2026-12-05T09:30:00+09:00', {
      type: 'discharged',
      hospitalizationId: 'E-D1',
      occurredAt: '2026-12-05T09:20:00+09:00',
      data: { destination: 'home', nursingSummarySent: false },
    });
    await waitUntil(() => to(s, DIGEST).some((m) => m.subject === '【至急・退院のお知らせ】三田市民病院'));
    expect(digests(s)).toHaveLength(1);
  });

  it('A③ a discharge-start notice with ample lead waits for the digest, and counts as delivered only when the digest is sent', async () => {
    await at('2026-12-05T10:00:00+09:00', {
      type: 'discharge_planning_started',
      hospitalizationId: 'E-D2',
      occurredAt: '2026-12-05T09:55:00+09:00',
      data: { expectedDischargeDate: '2026-12-20' },
    });
    expect((await held()).map((r) => r.notice)).toContain('discharge_start_notice');
    const start = (await held()).find((r) => r.notice === 'discharge_start_notice')!;
    const delivered = () =>
      db()
        .select()
        .from(caseEvents)
        .where(and(eq(caseEvents.caseId, start.caseId!), eq(caseEvents.type, 'notice_delivered')));
    await s.sweep('2026-12-05T16:00:00+09:00');
    expect(await delivered()).toHaveLength(0);
    await s.sweep('2026-12-05T17:00:00+09:00');
    await waitUntil(() => digests(s).length === 2);
    expect(digests(s)[1]!.text).toContain('・退院調整開始のお知らせ');
    const [fact] = await delivered();
    expect(Date.parse(fact!.occurredAt)).toBe(Date.parse('2026-12-05T17:00:00+09:00'));
  });

  it('the daily claim is once per office per day even when two processes sweep at the same moment', async () => {
    await at('2026-12-06T10:00:00+09:00', admitted('E-D3', '田中 三郎', '2026-12-06T09:50:00+09:00'));
    expect(await held()).toHaveLength(1);
    const now = new Date('2026-12-06T17:00:00+09:00');
    const other = await startEngine(
      readConfig({
        DATABASE_URL: `file:${s.dir}/renkei.db`,
        RENKEI_ADMIN_TOKEN: 'x'.repeat(20),
        SMTP_URL: s.smtp!.url,
      }),
      { log: silentLogger, now: () => now },
    );
    try {
      const mine = { ...s.running.deps, now: () => now };
      const [a, b] = await Promise.all([runScheduled(mine, now), runScheduled(other, now)]);
      expect(a.digests + b.digests).toBe(1);
      await runScheduled(mine, new Date('2026-12-06T17:05:00+09:00'));
      await waitUntil(() => digests(s).length === 3);
      const claims = await db()
        .select()
        .from(dailyRuns)
        .where(and(eq(dailyRuns.job, 'office_digest:sanda-kyotaku-01'), eq(dailyRuns.day, '2026-12-06')));
      expect(claims).toHaveLength(1);
      const queued = await db().select().from(outbox).where(eq(outbox.notice, 'office_digest'));
      expect(queued.map((r) => r.idempotencyKey).sort()).toEqual([
        'digest:2026-12-04:sanda-kyotaku-01',
        'digest:2026-12-05:sanda-kyotaku-01',
        'digest:2026-12-06:sanda-kyotaku-01',
      ]);
      expect(digests(s)).toHaveLength(3);
    } finally {
      other.database.close();
    }
  });

  it('an office that goes back to notices at once gets what was waiting on its own, without a digest', async () => {
    await at('2026-12-07T10:00:00+09:00', admitted('E-D4', '高橋 四郎', '2026-12-07T09:50:00+09:00'));
    expect((await held()).filter((r) => r.notice === 'admission_notice')).toHaveLength(1);
    await registerCareOffice(s, 'sanda-kyotaku-01', DIGEST, { notificationMode: 'realtime' });
    await s.sweep('2026-12-07T10:05:00+09:00');
    await waitUntil(() => to(s, DIGEST).filter((m) => m.subject === '【入院のお知らせ】三田市民病院').length === 1);
    expect(await held()).toHaveLength(0);
    await s.sweep('2026-12-07T17:00:00+09:00');
    expect(digests(s)).toHaveLength(3);
  });
});

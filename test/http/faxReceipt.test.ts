import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema.js';
import { decodeQrOnPage, pdfText } from '../support/pdf.js';
import {
  admittedEvent,
  faxesSent,
  mailsSent,
  registerCareOffice,
  startTestServer,
  type TestServer,
  taskLinks,
} from '../support/server.js';
import { waitUntil } from '../support/wait.js';

type Entry = {
  kind: string;
  status?: string;
  noticeId?: string;
  confirmedBy?: string | null;
  channel?: string | null;
  notice?: string;
};
type Stuck = { deadNotices: { noticeId: string }[]; unconfirmedFaxes: { noticeId: string; caseId: string }[] };

// Seed 002 ❶: 「ＦＡＸを先方が受け取ったことについても確認し」— a FAX sent one way is not a handoff.
describe("FAX receipt: confirmed from the QR code, reminded after the region's time, then listed as stuck", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ fax: true });
    await registerCareOffice(s, 'office-fax', 'fax-office@kyotaku.example.jp', {
      preferredChannel: 'fax',
      fax: '079-555-0101',
    });
  });
  afterAll(async () => {
    await s.close();
  });

  const timeline = async (caseId: string) =>
    ((await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as { timeline: Entry[] }).timeline;
  const stuck = async () => (await (await s.admin('/v1/admin/notices/stuck')).json()) as Stuck;
  const admit = async (encounter: string) =>
    (
      (await (await s.sendEvent('sanda-shimin', admittedEvent(encounter, { careOfficeId: 'office-fax' }))).json()) as {
        caseId: string;
      }
    ).caseId;
  const qrOf = async (n: number) => (await decodeQrOnPage(new Uint8Array(faxesSent(s)[n]!.attachments[0]!.content)))!;

  let caseId: string;
  let url: string;
  it('opening the QR link shows what was sent and changes nothing', async () => {
    caseId = await admit('E-r1');
    await waitUntil(() => faxesSent(s).length === 1);
    url = await qrOf(0);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('FAX受信確認');
    expect(html).toContain('入院のお知らせ');
    expect(html).toContain('三田ケアプランセンター');
    expect(html).not.toContain('山田');
    expect((await timeline(caseId)).find((t) => t.kind === 'receipt')!.status).toBe('open');
  });

  it('a POST without the tick is refused in Japanese', async () => {
    const res = await fetch(url, { method: 'POST', body: new URLSearchParams({ name: '佐藤' }) });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('チェックを入れてください');
    expect((await timeline(caseId)).find((t) => t.kind === 'receipt')!.status).toBe('open');
  });

  it('confirming records who and when, moves the FAX attempt to confirmed, and is kept in the audit log', async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'user-agent': 'HospitalPC/1.0' },
      body: new URLSearchParams({ confirm: 'yes', name: '佐藤' }),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('受信を確認しました。ありがとうございました。');
    const t = await timeline(caseId);
    expect(t.find((x) => x.kind === 'receipt')).toMatchObject({ status: 'confirmed', confirmedBy: '佐藤' });
    expect(t.find((x) => x.kind === 'delivery')).toMatchObject({ channel: 'fax', status: 'confirmed' });
    const audit = await s.running.deps.database.db.select().from(auditLog);
    expect(audit.find((a) => a.action === 'fax.receipt.confirmed')).toMatchObject({ userAgent: 'HospitalPC/1.0' });
  });

  it('confirming twice records once', async () => {
    const res = await fetch(url, { method: 'POST', body: new URLSearchParams({ confirm: 'yes', name: '別の人' }) });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('すでに確認されています');
    expect((await timeline(caseId)).find((t) => t.kind === 'receipt')!.confirmedBy).toBe('佐藤');
    expect(
      (await s.running.deps.database.db.select().from(auditLog)).filter((a) => a.action === 'fax.receipt.confirmed'),
    ).toHaveLength(1);
  });

  it('an unknown or malformed code is 404', async () => {
    expect((await fetch(`${s.base}/r/0000000000`)).status).toBe(404);
    expect((await fetch(`${s.base}/r/not-a-code`)).status).toBe(404);
  });

  let unconfirmedCase: string;
  it(`an unconfirmed FAX reminds the care office by email after the region's time (Sanda: 4 hours), once`, async () => {
    unconfirmedCase = await admit('E-r2');
    await waitUntil(() => faxesSent(s).length === 2);
    const mailsBefore = mailsSent(s).length;
    await s.sweep('2026-12-04T14:59:00+09:00');
    expect(mailsSent(s)).toHaveLength(mailsBefore);
    await s.sweep('2026-12-04T15:01:00+09:00');
    await s.sweep('2026-12-04T16:00:00+09:00');
    expect(mailsSent(s)).toHaveLength(mailsBefore + 1);
    const reminder = mailsSent(s).at(-1)!;
    expect(reminder.to).toEqual(['fax-office@kyotaku.example.jp']);
    expect(reminder.subject).toBe('【FAX受信確認のお願い】入院のお知らせ');
    expect(reminder.text).toContain('受信確認がまだありません');
    expect(reminder.text).toContain(await qrOf(1));
    expect(
      (await timeline(unconfirmedCase)).find((t) => t.kind === 'notice' && t.notice === 'fax_receipt_reminder'),
    ).toMatchObject({ status: 'sent', channel: 'email' });
    expect((await stuck()).unconfirmedFaxes).toHaveLength(0);
  });

  it("after the region's stuck time (Sanda: 24 hours) it is listed for administrators, until someone confirms", async () => {
    await s.sweep('2026-12-05T11:01:00+09:00');
    const listed = (await stuck()).unconfirmedFaxes;
    expect(listed).toHaveLength(1);
    expect(listed[0]!.caseId).toBe(unconfirmedCase);
    // Staff see it for their own hospital only: another hospital's staff get an empty list.
    const staffStuck = async (loginId: string, hospitalId: string) => {
      const created = await s.admin('/v1/admin/accounts', {
        method: 'POST',
        body: { loginId, name: loginId, role: 'hospital_staff', hospitalId },
      });
      const { apiToken } = (await created.json()) as { apiToken: string };
      const res = await fetch(`${s.base}/v1/admin/notices/stuck`, { headers: { authorization: `Bearer ${apiToken}` } });
      return ((await res.json()) as Stuck).unconfirmedFaxes.map((f) => f.caseId);
    };
    expect(await staffStuck('shimin-staff', 'sanda-shimin')).toEqual([unconfirmedCase]);
    expect(await staffStuck('nishi-staff', 'sanda-nishi')).toEqual([]);
    s.clock.set('2026-12-05T12:00:00+09:00');
    const res = await fetch(await qrOf(1), { method: 'POST', body: new URLSearchParams({ confirm: 'yes' }) });
    expect(res.status).toBe(200);
    expect((await stuck()).unconfirmedFaxes).toHaveLength(0);
  });

  it('the stuck list needs the administrator token', async () => {
    expect((await fetch(`${s.base}/v1/admin/notices/stuck`)).status).toBe(401);
  });
});

// Issue 13 item 6: a receipt reminder goes to the party that can act, naming who has not confirmed.
describe('an unconfirmed transfer copy: the sending hospital is told the receiving hospital has not confirmed', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ fax: true });
    await registerCareOffice(s, 'office-mail', 'cm-mail@kyotaku.example.jp', { preferredChannel: 'email' });
  });
  afterAll(async () => {
    await s.close();
  });

  it('the reminder goes to the sender’s window by FAX, names the receiver, and never to the care office', async () => {
    await s.sendEvent('sanda-shimin', admittedEvent('E-tr', { careOfficeId: 'office-mail' }));
    // The care manager provided the sheet (a transfer copy needs one), then the hospital transfers the patient.
    await waitUntil(() => mailsSent(s).some((m) => m.subject.startsWith('【入院のお知らせ】')));
    const adm = mailsSent(s).find((m) => m.subject.startsWith('【入院のお知らせ】'))!;
    const ack = await fetch(taskLinks(adm.text)[0]!, { method: 'POST', body: new URLSearchParams({ confirm: 'yes' }) });
    const [sheetLink] = taskLinks((await ack.text()).replace(/href="/g, ' '));
    await fetch(sheetLink!, {
      method: 'POST',
      body: new URLSearchParams({ confirm: 'yes', providedAt: '2026-12-04T10:50', means: 'face_to_face' }),
    });
    const res = await s.sendEvent('sanda-shimin', {
      type: 'transferred',
      hospitalizationId: 'E-tr',
      occurredAt: '2026-12-04T11:00:00+09:00',
      data: { toHospitalId: 'sanda-hirashima', toHospitalName: '平島病院' },
    });
    expect(res.status).toBe(202);
    await waitUntil(() => faxesSent(s).length === 1);
    const copy = faxesSent(s)[0]!;
    expect(copy.to).toEqual(['0795645405@fax.example.jp']);
    // The gateway mail and the PDF's name carry the confirmation number, not our notice id.
    expect(copy.attachments[0]!.filename).toMatch(/^renkei-[A-Za-z0-9]{4}(-[A-Za-z0-9]{1,4})+\.pdf$/);
    expect(copy.text).not.toMatch(/ntc_|case_/);
    const copyText = (await pdfText(new Uint8Array(copy.attachments[0]!.content))).flat;
    // pdftotext drops a hyphen where the line wraps (E-⏎tr reads Etr).
    expect(copyText).toMatch(/転院元:三田市民病院入院番号E-?tr/);
    expect(copyText).not.toMatch(/case_|ntc_/);

    const mailsBefore = mailsSent(s).length;
    await s.sweep('2026-12-04T15:30:00+09:00');
    await waitUntil(() => faxesSent(s).length === 2);
    const reminder = faxesSent(s)[1]!;
    expect(reminder.to).toEqual(['0795658018@fax.example.jp']); // 三田市民病院 退院支援連携室 (inpatient)
    expect(reminder.subject).toBe('【FAX受信確認のお願い】転院患者の入院時情報提供シート');
    const text = (await pdfText(new Uint8Array(reminder.attachments[0]!.content))).flat;
    expect(text).toContain('平島病院');
    expect(text).toContain('まだ受信確認していません');
    expect(text).not.toContain('貴事業所');
    expect(text).toContain('送信元:三田市在宅医療・介護連携支援センター');
    // Its QR code confirms the transfer copy it is about (the reminder opens no receipt of its own).
    const qr = (await decodeQrOnPage(new Uint8Array(reminder.attachments[0]!.content)))!;
    expect(qr).toBe(await decodeQrOnPage(new Uint8Array(copy.attachments[0]!.content)));
    expect((await fetch(qr)).status).toBe(200);
    // The care office neither sent nor received this FAX: it is not asked about it.
    expect(
      mailsSent(s)
        .slice(mailsBefore)
        .filter((m) => m.subject.includes('FAX受信確認')),
    ).toEqual([]);
    // A reminder FAX is not a handoff of its own: it opens no receipt, so no reminder of a reminder.
    await s.sweep('2026-12-04T23:30:00+09:00');
    expect(faxesSent(s)).toHaveLength(2);
  });
});

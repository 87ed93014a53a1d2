import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, faxReceipts } from '../../db/schema.js';
import { createConsoleAccounts, loggedIn } from '../support/console.js';
import { signedInOffice } from '../support/office.js';
import { decodeQrOnPage, pdfText } from '../support/pdf.js';
import { admittedEvent, faxesSent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';
import { waitUntil } from '../support/wait.js';

// 先に知った方が連絡する, the hospital's half (issue 16, 2): the care manager reports an admission first;
// the hospital's inpatient window gets a notice (FAX here) with a link to confirm it; GET shows, only
// the button records the hospital's fact, once, audited; unconfirmed past the region's day, the stay
// is on the stuck list with the hospital's window as its owner.

type Detail = {
  deadlines: { key: string; status: string; owner: string }[];
  timeline: { kind: string; type?: string }[];
};
type StuckItem = { caseId: string; key: string; missedStep: string; owner: { name: string; phone: string | null } };

describe('a reported admission: the hospital’s window is told, confirms from the link, or the stay is stuck', () => {
  let s: TestServer;
  let phone: Awaited<ReturnType<typeof signedInOffice>>;
  let caseId: string;
  let url: string;
  const patient = { name: '佐藤 花子', birthDate: '1940-03-03' };
  const detail = async () => (await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as Detail;
  const confirmation = async () => (await detail()).deadlines.find((d) => d.key === 'reportedAdmissionConfirmation');
  const confirmedFacts = async () =>
    (await detail()).timeline.filter((t) => t.type === 'admission_confirmed_by_hospital');
  const stuck = async () =>
    ((await (await s.admin('/v1/admin/stuck')).json()) as { items: StuckItem[] }).items.filter(
      (i) => i.caseId === caseId && i.key === 'reportedAdmissionConfirmation',
    );
  const audits = async () =>
    (await s.running.deps.database.db.select().from(auditLog)).filter(
      (a) => a.action === 'reported_admission.confirmed',
    );

  beforeAll(async () => {
    // Monday 7 December 2026, 10:00 JST: the report; the hospital has until Tuesday the 8th (one business day).
    s = await startTestServer({ start: '2026-12-07T10:00:00+09:00', fax: true });
    await registerCareOffice(s);
    phone = await signedInOffice(s, 'cm@kyotaku.example.jp');
    const before = await s.admin('/v1/admin/hospitalizations');
    const known = ((await before.json()) as { items: { caseId: string }[] }).items.map((i) => i.caseId);
    const res = await phone.post('/office/report', {
      ...patient,
      hospitalId: 'sanda-shimin',
      admittedOn: '2026-12-05',
    });
    expect(res.status).toBe(303);
    const after = (await (await s.admin('/v1/admin/hospitalizations')).json()) as { items: { caseId: string }[] };
    caseId = after.items.map((i) => i.caseId).find((id) => !known.includes(id))!;
  });
  afterAll(async () => {
    await s.close();
  });

  it('the hospital’s inpatient window gets a FAX naming the patient, the reporting office and a QR code to confirm', async () => {
    await waitUntil(() => faxesSent(s).length === 1);
    const fax = faxesSent(s)[0]!;
    // 退院支援連携室 takes current inpatients (079-565-8018), not the planned-admission window (…8015).
    expect(fax.to[0]).toContain('0795658018');
    const pdf = new Uint8Array(fax.attachments[0]!.content);
    const { flat } = await pdfText(pdf);
    for (const text of [
      '入院のご連絡・確認のお願い',
      '佐藤花子様',
      '1940年3月3日',
      '三田ケアプランセンター',
      '2026年12月8日(火)中',
    ])
      expect(flat).toContain(text);
    expect(flat).toContain('入院確認用QRコード');
    expect(flat).not.toMatch(/case_|ntc_|sanda/);
    url = (await decodeQrOnPage(pdf))!;
    expect(url).toMatch(/\/a\/[0-9A-Z]{10}$/);
    expect(await confirmation()).toMatchObject({ status: 'open', owner: 'hospital' });
  });

  it('opening the link shows what was reported and records nothing (a mail scanner opens links)', async () => {
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('入院の確認 (ケアマネジャーからの連絡)');
    expect(html).toContain('佐藤 様');
    expect(html).toContain('三田ケアプランセンター');
    // The birth date stays on the FAX: the page behind a short code shows the family name only.
    expect(html).not.toContain('1940');
    expect(html).not.toContain('花子');
    expect(await confirmedFacts()).toHaveLength(0);
    expect(await audits()).toHaveLength(0);
  });

  it('a POST without the tick is refused in Japanese and records nothing', async () => {
    const res = await fetch(url, { method: 'POST', body: new URLSearchParams({ name: '山本' }) });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('チェックを入れてください');
    expect(await confirmedFacts()).toHaveLength(0);
  });

  it('unconfirmed past the region’s day, the stay is on the stuck list: the hospital’s inpatient window owns it', async () => {
    expect(await stuck()).toEqual([]);
    await s.sweep('2026-12-09T09:00:00+09:00');
    const [item] = await stuck();
    expect(item).toMatchObject({
      key: 'reportedAdmissionConfirmation',
      missedStep: 'ケアマネジャーから連絡された入院の確認 (病院)',
      owner: { name: '三田市民病院 総合支援センター 退院支援連携室', phone: '079-565-8000' },
    });
    const office = await (await phone.get('/office')).text();
    expect(office).toContain('病院へ知らせた入院: 病院の確認待ち');
    expect(office).toContain('期限を過ぎています。病院の窓口へお電話ください。');
  });

  it('the button records the hospital’s fact once, audited, confirms the FAX too, and takes the stay off the stuck list', async () => {
    s.clock.set('2026-12-09T10:00:00+09:00');
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'user-agent': 'HospitalPC/1.0' },
      body: new URLSearchParams({ confirm: 'yes', name: '山本' }),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('入院を確認しました。ケアマネジャーに伝わります。');
    expect(await confirmedFacts()).toHaveLength(1);
    // Confirmed after its day: late, no longer stuck.
    expect((await confirmation())?.status).toBe('late');
    expect(await stuck()).toEqual([]);
    const [entry] = await audits();
    expect(entry).toMatchObject({ target: caseId, userAgent: 'HospitalPC/1.0' });
    // The audit page names who confirmed as people know them: the hospital's window, never its actor id.
    await createConsoleAccounts(s);
    const auditPage = await (await (await loggedIn(s, 'admin')).get('/console/audit')).text();
    expect(auditPage).toContain('病院の窓口 (三田市民病院)');
    expect(auditPage.replace(/<[^>]*>/g, ' ')).not.toContain('hospital_window');
    const [receipt] = await s.running.deps.database.db.select().from(faxReceipts);
    expect(receipt).toMatchObject({ status: 'confirmed', confirmedBy: '山本' });
    // Two days on, the office's session has ended: it signs in again.
    phone = await signedInOffice(s, 'cm@kyotaku.example.jp');
    const office = await (await phone.get('/office')).text();
    expect(office).toContain('病院へ知らせた入院: 病院が確認しました (2026年12月9日(水) 10:00)');
  });

  it('pressing again (or a second window) records nothing more and shows who confirmed', async () => {
    const res = await fetch(url, { method: 'POST', body: new URLSearchParams({ confirm: 'yes', name: '別の人' }) });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('この入院はすでに確認されています。');
    expect(html).toContain('山本 様');
    expect(await confirmedFacts()).toHaveLength(1);
    expect(await audits()).toHaveLength(1);
  });

  it('the FAX receipt link of this notice leads to the admission’s page', async () => {
    const res = await fetch(url.replace('/a/', '/r/'), { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(new URL(url).pathname);
  });

  it('the hospital’s own admission still joins the confirmed stay', async () => {
    const res = await s.sendEvent('sanda-shimin', {
      ...admittedEvent('E-conf-1', { occurredAt: '2026-12-05T15:00:00+09:00' }),
      data: { patient, ward: '5階西病棟', careOfficeId: 'sanda-kyotaku-01' },
    });
    expect(((await res.json()) as { caseId: string }).caseId).toBe(caseId);
  });

  it('a code of another kind of notice is not an admission to confirm', async () => {
    const other = await fetch(url.replace(/\/a\/.*/, '/a/7KQ2M9XW4D'));
    expect(other.status).toBe(404);
    expect(await other.text()).toContain('リンクが無効です');
  });
});

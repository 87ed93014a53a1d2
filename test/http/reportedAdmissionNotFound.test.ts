import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, faxReceipts } from '../../db/schema.js';
import { signedInOffice } from '../support/office.js';
import { decodeQrOnPage } from '../support/pdf.js';
import {
  admittedEvent,
  faxesSent,
  mailsSent,
  registerCareOffice,
  startTestServer,
  type TestServer,
} from '../support/server.js';
import { waitUntil } from '../support/wait.js';

// 先に知った方が連絡する, the hospital's other answer: the window has no such admission. 「該当する入院は
// ありません」 is recorded as the hospital's fact, the report closes without a stay, the care manager is
// told (a notice, and the office's page), and the stay leaves the stuck list.

type Detail = {
  state: string;
  closedReason: string | null;
  timeline: { kind: string; type?: string; notice?: string }[];
};
type StuckItem = { caseId: string; key: string };

describe('a reported admission the hospital’s window answers 「該当する入院はありません」', () => {
  let s: TestServer;
  let phone: Awaited<ReturnType<typeof signedInOffice>>;
  let caseId: string;
  let url: string;
  const patient = { name: '佐藤 花子', birthDate: '1940-03-03' };
  const detail = async () => (await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as Detail;
  const facts = async (type: string) => (await detail()).timeline.filter((t) => t.type === type);
  const stuck = async () =>
    ((await (await s.admin('/v1/admin/stuck')).json()) as { items: StuckItem[] }).items.filter(
      (i) => i.caseId === caseId,
    );

  beforeAll(async () => {
    s = await startTestServer({ start: '2026-12-07T10:00:00+09:00', fax: true });
    await registerCareOffice(s);
    phone = await signedInOffice(s, 'cm@kyotaku.example.jp');
    const res = await phone.post('/office/report', {
      ...patient,
      hospitalId: 'sanda-shimin',
      admittedOn: '2026-12-05',
    });
    expect(res.status).toBe(303);
    const list = (await (await s.admin('/v1/admin/hospitalizations')).json()) as { items: { caseId: string }[] };
    caseId = list.items[0]!.caseId;
    await waitUntil(() => faxesSent(s).length === 1);
    url = (await decodeQrOnPage(new Uint8Array(faxesSent(s)[0]!.attachments[0]!.content)))!;
  });
  afterAll(async () => {
    await s.close();
  });

  it('the page offers both answers; opening it records nothing', async () => {
    const html = await (await fetch(url)).text();
    expect(html).toContain('入院を確認しました</button>');
    expect(html).toContain('<input type="hidden" name="answer" value="not_found"/>');
    expect(html).toContain('該当する入院はありません');
    expect(await facts('admission_denied_by_hospital')).toHaveLength(0);
  });

  it('unanswered past its day, the stay is stuck; the answer 「該当する入院はありません」 is recorded once, audited, closes the report without a stay and takes it off the stuck list', async () => {
    await s.sweep('2026-12-09T09:00:00+09:00');
    expect((await stuck()).map((i) => i.key)).toContain('reportedAdmissionConfirmation');
    s.clock.set('2026-12-09T10:00:00+09:00');
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'user-agent': 'HospitalPC/1.0' },
      body: new URLSearchParams({ answer: 'not_found', name: '山本' }),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('「該当する入院はありません」と回答しました。ケアマネジャーに伝わります。');
    const d = await detail();
    expect(d.state).toBe('closed');
    expect(d.closedReason).toBe('admission_not_found');
    expect(await facts('admission_denied_by_hospital')).toHaveLength(1);
    expect(await facts('admission_confirmed_by_hospital')).toHaveLength(0);
    expect(await stuck()).toEqual([]);
    const audits = (await s.running.deps.database.db.select().from(auditLog)).filter(
      (a) => a.action === 'reported_admission.not_found',
    );
    expect(audits).toEqual([expect.objectContaining({ target: caseId, userAgent: 'HospitalPC/1.0' })]);
    // The window that answers has the FAX.
    const [receipt] = await s.running.deps.database.db.select().from(faxReceipts);
    expect(receipt).toMatchObject({ status: 'confirmed', confirmedBy: '山本' });
  });

  it('the care manager is told by a notice and on the office’s page', async () => {
    await waitUntil(() => mailsSent(s).some((m) => m.subject === '【該当する入院なし】三田市民病院'));
    const mail = mailsSent(s).find((m) => m.subject === '【該当する入院なし】三田市民病院')!;
    expect(mail.to).toEqual(['cm@kyotaku.example.jp']);
    expect(mail.text).toContain('佐藤 様の入院について、病院から「該当する入院はありません」との回答がありました');
    expect(mail.text).toContain('事業所のページから改めてお知らせください');
    phone = await signedInOffice(s, 'cm@kyotaku.example.jp');
    const office = await (await phone.get('/office')).text();
    expect(office).toContain('該当する入院なし (病院の回答)');
  });

  it('pressing either button again records nothing more and shows the answer given', async () => {
    const bodies: Record<string, string>[] = [
      { confirm: 'yes', name: '別の人' },
      { answer: 'not_found', name: '別の人' },
    ];
    for (const body of bodies) {
      const res = await fetch(url, { method: 'POST', body: new URLSearchParams(body) });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('この連絡には「該当する入院はありません」と回答済みです。');
      expect(html).toContain('山本 様');
    }
    expect(await facts('admission_denied_by_hospital')).toHaveLength(1);
    expect(await facts('admission_confirmed_by_hospital')).toHaveLength(0);
  });

  it('the hospital’s later admission of the same patient starts a stay of its own (the answered report does not join)', async () => {
    const res = await s.sendEvent('sanda-shimin', {
      ...admittedEvent('E-nf-1', { occurredAt: '2026-12-10T15:00:00+09:00' }),
      data: { patient, ward: '5階西病棟', careOfficeId: 'sanda-kyotaku-01' },
    });
    expect(((await res.json()) as { caseId: string }).caseId).not.toBe(caseId);
  });
});

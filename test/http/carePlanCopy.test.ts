import { request } from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, carePlanCopies, outbox } from '../../db/schema.js';
import { MAX_CARE_PLAN_BYTES, MAX_CARE_PLAN_PAGES } from '../../engine/notices/index.js';
import { MAX_CARE_PLAN_UPLOAD_BYTES } from '../../functions/bodyLimit.js';
import { consoleClient } from '../support/console.js';
import { signedInOffice } from '../support/office.js';
import { carePlanPdf, decodeQrOnPage, pdfText } from '../support/pdf.js';
import {
  faxesSent,
  faxesTo,
  mailsSent,
  registerCareOffice,
  startTestServer,
  type TestServer,
} from '../support/server.js';
import { dischargedStay } from '../support/stays.js';
import { waitUntil as waitFor } from '../support/wait.js';

/** Sends run after the commit; a FAX is rendered and joined first: on a loaded machine that takes seconds. */
const waitUntil = (check: () => boolean) => waitFor(check, 30_000);

type Detail = {
  state: string;
  tasks: { kind: string; status: string }[];
  timeline: { kind: string; type?: string; outcome?: string; status?: string; notice?: string; channel?: string }[];
};

/** Posts the care-plan task's form as the browser does: multipart, the file field empty unless a file is given. */
function postCarePlan(
  link: string,
  fields: Record<string, string>,
  file?: { bytes: Uint8Array; name: string; type: string },
) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  body.set(
    'carePlanPdf',
    file ? new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: file.type }) : new File([], ''),
  );
  return fetch(`${link}/care-plan`, { method: 'POST', body, headers: { 'user-agent': 'CareManagerPhone/1.0' } });
}

/**
 * The same form posted with Node's own client: a large body the server may answer (413) before it has
 * all of it, and close, is still read as answered; fetch would only report the closed connection.
 */
async function postLarge(link: string, fields: Record<string, string>, bytes: Uint8Array) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set('carePlanPdf', new File([bytes as Uint8Array<ArrayBuffer>], 'big.pdf', { type: 'application/pdf' }));
  const encoded = new Response(form);
  const body = Buffer.from(await encoded.arrayBuffer());
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    let answered = false;
    const req = request(`${link}/care-plan`, {
      method: 'POST',
      // Its own connection: the server may close it under the rest of the body (EPIPE), which is no failure.
      agent: false,
      headers: { 'content-type': encoded.headers.get('content-type')!, 'content-length': String(body.length) },
    });
    req.on('response', (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }));
    });
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    req.on('socket', (socket) => socket.on('error', () => {}));
    req.end(body);
  });
}

const fields = { confirm: 'yes', sentOn: '2026-12-21', servicesStartedOn: '2026-12-24' };

// Sanda A⑤ 「ケアプランの写し」: the care manager's copy travels to the hospital's window as a document,
// and the window confirms it received it, like any FAX.
// Each step renders, joins or reads PDFs, signs people in: generous time on a shared machine.
describe('A⑤ ケアプランの写し: uploaded as a PDF from the task page, sent to the hospital window, receipt confirmed', {
  timeout: 120_000,
}, () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ fax: true, start: '2026-12-04T11:00:00+09:00' });
    await registerCareOffice(s);
  });
  afterAll(async () => {
    await s.close();
  });
  const detail = async (caseId: string) =>
    (await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as Detail;
  const taskOpen = async (caseId: string) =>
    (await detail(caseId)).tasks.find((t) => t.kind === 'confirm_care_plan_copy')?.status === 'open';

  let stay: { caseId: string; link: string };
  it('A⑤ the task page offers a PDF file field beside the dates, posting multipart to its own route', async () => {
    stay = await dischargedStay(s, 'sanda-shimin', 'E-cp-1');
    const html = await (await fetch(stay.link)).text();
    expect(html).toMatch(/<input[^>]*type="file"[^>]*name="carePlanPdf"[^>]*accept="application\/pdf"/);
    expect(html).toMatch(/<form method="post" action="\/t\/[^"]+\/care-plan" enctype="multipart\/form-data">/);
    expect(html).toContain('name="sentOn"');
  });

  it('A⑤ a file that is not a PDF (by its bytes, whatever its type says) is refused in Japanese next to the field; the dates stay, the task stays open', async () => {
    const res = await postCarePlan(stay.link, fields, {
      bytes: new TextEncoder().encode('これはPDFではありません'),
      name: 'careplan.pdf',
      type: 'application/pdf',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/id="carePlanPdf-error"[^>]*>PDFファイルではありません/);
    expect(html).toContain('value="2026-12-21"');
    expect(html).toContain('value="2026-12-24"');
    expect(await taskOpen(stay.caseId)).toBe(true);
  });

  it(`A⑤ a PDF over ${MAX_CARE_PLAN_BYTES / 1024 / 1024}MB is refused next to the field; one far over is refused while it streams in (413, in Japanese); the task stays open`, async () => {
    const big = new Uint8Array(MAX_CARE_PLAN_BYTES + 1);
    big.set(new TextEncoder().encode('%PDF-1.7\n'));
    const over = await postLarge(stay.link, fields, big);
    expect(over.status).toBe(400);
    expect(over.text).toMatch(/id="carePlanPdf-error"[^>]*>ファイルが大きすぎます \(5MBまで\)/);
    expect(over.text).toContain('value="2026-12-21"');
    const huge = new Uint8Array(MAX_CARE_PLAN_UPLOAD_BYTES + 1);
    huge.set(new TextEncoder().encode('%PDF-1.7\n'));
    const far = await postLarge(stay.link, fields, huge);
    expect(far.status).toBe(413);
    expect(far.text).toContain('送信内容が大きすぎます');
    expect(await taskOpen(stay.caseId)).toBe(true);
  });

  it(`A⑤ a PDF of more than ${MAX_CARE_PLAN_PAGES} pages, or one that only starts like a PDF, is refused next to the field`, async () => {
    const many = await postCarePlan(stay.link, fields, {
      bytes: await carePlanPdf(MAX_CARE_PLAN_PAGES + 1),
      name: 'many.pdf',
      type: 'application/pdf',
    });
    expect(many.status).toBe(400);
    expect(await many.text()).toContain(
      `ページ数が多すぎます (${MAX_CARE_PLAN_PAGES + 1}ページ。${MAX_CARE_PLAN_PAGES}ページまで)`,
    );
    const broken = await postCarePlan(stay.link, fields, {
      bytes: new TextEncoder().encode('%PDF-1.4\nnot really a pdf\n'),
      name: 'broken.pdf',
      type: 'application/pdf',
    });
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain('PDFを読み取れませんでした');
    expect(await taskOpen(stay.caseId)).toBe(true);
    expect(await s.running.deps.database.db.select().from(carePlanCopies)).toHaveLength(0);
  });

  let upload: Uint8Array;
  it('A⑤ uploading records the fact and keeps the PDF sealed at rest', async () => {
    upload = await carePlanPdf(2, `CAREPLAN-${'X'.repeat(3)}`);
    const res = await postCarePlan(stay.link, fields, {
      bytes: upload,
      name: 'ケアプラン.pdf',
      type: 'application/octet-stream',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('記録しました');
    const d = await detail(stay.caseId);
    expect(d.timeline.find((t) => t.type === 'care_plan_copy_sent')).toMatchObject({ outcome: 'accepted' });
    expect(d.state).toBe('closed');
    const [copy] = await s.running.deps.database.db.select().from(carePlanCopies);
    expect(copy).toMatchObject({ caseId: stay.caseId, bytes: upload.length, pages: 2, windowId: 'sanda-shimin-taiin' });
    expect(copy!.pdf.startsWith('enc:')).toBe(true);
    expect(copy!.pdf).not.toContain('CAREPLAN');
    expect(Buffer.from(copy!.pdf).toString('latin1')).not.toContain('%PDF');
  });

  let fax: Uint8Array;
  it("A⑤ the FAX to the hospital's discharge window carries a cover with the receipt QR, then the uploaded pages", async () => {
    await waitUntil(() => faxesTo(s, '079-565-8018').length > 0);
    const sent = faxesTo(s, '079-565-8018')[0]!;
    fax = new Uint8Array(sent.attachments[0]!.content);
    const read = await pdfText(fax);
    expect(read.pages).toBe(3);
    expect(read.flat).toContain('ケアプランの写し');
    expect(read.flat).toContain('山田花子様');
    expect(read.flat).toContain('2枚');
    expect(read.flat).toContain('CAREPLAN-XXX-PAGE-1');
    expect(read.flat).toContain('CAREPLAN-XXX-PAGE-2');
    expect(read.text.indexOf('ケアプランの写し')).toBeLessThan(read.text.indexOf('CAREPLAN-XXX-PAGE-1'));
  });

  it('A⑤ the receipt confirmation from the QR code completes it, and the office page says so', {
    timeout: 120_000,
  }, async () => {
    const url = (await decodeQrOnPage(fax))!;
    expect(url).toMatch(/\/r\/[0-9A-Za-z]+$/);
    expect((await detail(stay.caseId)).timeline.find((t) => t.kind === 'receipt')).toMatchObject({ status: 'open' });
    const page = await (await fetch(url)).text();
    expect(page).toContain('ケアプランの写し');
    const res = await fetch(url, { method: 'POST', body: new URLSearchParams({ confirm: 'yes', name: '佐藤' }) });
    expect(res.status).toBe(200);
    expect((await detail(stay.caseId)).timeline.find((t) => t.kind === 'receipt')).toMatchObject({
      status: 'confirmed',
    });
    const office = await signedInOffice(s, 'cm@kyotaku.example.jp');
    const officePage = await (await office.get('/office')).text();
    expect(officePage).toMatch(
      /ケアプランの写し \(PDF 2ページ\)[^<]*総合支援センター 退院支援連携室へ送付[^<]*FAXで到達[^<]*病院が受信を確認 \(佐藤 様、/,
    );
  });

  it('A⑤ the PDF opens for the hospital’s staff and the center, audited; another hospital’s staff get nothing, audited too', async () => {
    for (const [loginId, role, hospitalId] of [
      ['shimin-msw', 'hospital_staff', 'sanda-shimin'],
      ['kogen-msw', 'hospital_staff', 'sanda-kogen'],
      ['center', 'admin', undefined],
    ] as const)
      await s.admin('/v1/admin/accounts', {
        method: 'POST',
        body: { loginId, name: `${loginId} さん`, role, hospitalId, password: 'copy-test-password-1' },
      });
    const [copy] = await s.running.deps.database.db
      .select()
      .from(carePlanCopies)
      .where(eq(carePlanCopies.caseId, stay.caseId));
    const path = `/console/cases/${stay.caseId}/care-plan-copies/${copy!.id}`;
    for (const loginId of ['shimin-msw', 'center']) {
      const staff = consoleClient(s);
      await staff.login(loginId, 'copy-test-password-1');
      expect(await (await staff.get(`/console/cases/${stay.caseId}`)).text()).toContain(`href="${path}"`);
      const res = await staff.get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(upload))).toBe(true);
    }
    const other = consoleClient(s);
    await other.login('kogen-msw', 'copy-test-password-1');
    expect((await other.get(path)).status).toBe(404);
    const audit = await s.running.deps.database.db.select().from(auditLog).where(eq(auditLog.target, copy!.id));
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      ['account:shimin-msw', 'care_plan_copy.opened'],
      ['account:center', 'care_plan_copy.opened'],
      ['account:kogen-msw', 'care_plan_copy.denied'],
    ]);
  });

  it('A⑤ an unconfirmed copy reminds the care office after the region’s time, like any FAX', async () => {
    const other = await dischargedStay(s, 'sanda-shimin', 'E-cp-2');
    expect(
      (await postCarePlan(other.link, fields, { bytes: upload, name: 'a.pdf', type: 'application/pdf' })).status,
    ).toBe(200);
    const faxes = faxesSent(s).length;
    await waitUntil(() => faxesSent(s).length === faxes + 1);
    const mailsBefore = mailsSent(s).length;
    await s.sweep('2026-12-22T15:30:00+09:00');
    await waitUntil(() => mailsSent(s).length > mailsBefore);
    const reminder = mailsSent(s)
      .slice(mailsBefore)
      .find((m) => m.subject.includes('FAX受信確認のお願い'))!;
    expect(reminder.subject).toBe('【FAX受信確認のお願い】ケアプランの写し');
    expect(reminder.to).toEqual(['cm@kyotaku.example.jp']);
  });

  it('A⑤ a POST without a file still records the copy sent on paper: no copy kept, nothing sent', async () => {
    const paper = await dischargedStay(s, 'sanda-shimin', 'E-cp-3');
    const res = await postCarePlan(paper.link, fields);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('記録しました');
    expect((await detail(paper.caseId)).timeline.find((t) => t.type === 'care_plan_copy_sent')).toMatchObject({
      outcome: 'accepted',
    });
    const { db } = s.running.deps.database;
    expect(await db.select().from(carePlanCopies).where(eq(carePlanCopies.caseId, paper.caseId))).toHaveLength(0);
    expect(
      (await db.select().from(outbox).where(eq(outbox.caseId, paper.caseId))).filter(
        (n) => n.notice === 'care_plan_copy',
      ),
    ).toHaveLength(0);
    // The form without multipart (a page from before the upload) still works too.
    const urlencoded = await dischargedStay(s, 'sanda-shimin', 'E-cp-4');
    const plain = await fetch(urlencoded.link, { method: 'POST', body: new URLSearchParams(fields) });
    expect(plain.status).toBe(200);
  });

  it('A⑤ the upload is kept in the audit log with the care manager’s browser', async () => {
    const audit = await s.running.deps.database.db.select().from(auditLog);
    expect(
      audit.filter(
        (a) => a.action === 'task.confirm_care_plan_copy.completed' && a.userAgent === 'CareManagerPhone/1.0',
      ),
    ).toHaveLength(3);
  });
});

describe('A⑤ ケアプランの写し to a window that takes email: the PDF attached as uploaded, its receipt confirmed', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ start: '2026-12-04T11:00:00+09:00' });
    await registerCareOffice(s);
    const res = await s.admin('/v1/admin/hospitals/test-clinic', {
      method: 'PUT',
      body: {
        region: 'sanda',
        name: 'テスト診療所',
        windows: [
          { id: 'test-clinic-renkei', name: '地域連携室', purposes: ['inpatient'], email: 'renkei@clinic.example.jp' },
        ],
      },
    });
    expect(res.status).toBe(201);
  });
  afterAll(async () => {
    await s.close();
  });

  it('A⑤ the email to the window carries the uploaded PDF byte for byte and a receipt link that confirms it', async () => {
    const stay = await dischargedStay(s, 'test-clinic', 'E-cp-mail');
    const upload = await carePlanPdf(1, 'MAILPLAN');
    expect(
      (await postCarePlan(stay.link, fields, { bytes: upload, name: 'p.pdf', type: 'application/pdf' })).status,
    ).toBe(200);
    await waitUntil(() => mailsSent(s).some((m) => m.to.includes('renkei@clinic.example.jp')));
    const mail = mailsSent(s).find((m) => m.to.includes('renkei@clinic.example.jp'))!;
    expect(mail.subject).toBe('【ケアプランの写し】三田ケアプランセンターより');
    expect(mail.text).toContain('山田 様のケアプランの写しをお送りします');
    expect(Buffer.from(mail.attachments[0]!.content).equals(Buffer.from(upload))).toBe(true);
    const url = /https?:\/\/\S+\/r\/[0-9A-Za-z]+/.exec(mail.text)![0];
    const res = await fetch(url, { method: 'POST', body: new URLSearchParams({ confirm: 'yes', name: '高橋' }) });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('受信を確認しました');
  });
});

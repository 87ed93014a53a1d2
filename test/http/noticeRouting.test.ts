import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smsSegments } from '../../notifiers/texts.js';
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
  notice?: string;
  channel?: string | null;
  route?: string;
  detail?: string | null;
  providerId?: string | null;
  noticeId?: string;
  attempts?: number;
};

describe('notices go by the channel the directory says, fall back when one fails, and record every attempt', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ twilio: true, fax: true });
    await registerCareOffice(s, 'office-fax', 'fax-office@kyotaku.example.jp', {
      preferredChannel: 'fax',
      fax: '079-555-0101',
    });
    await registerCareOffice(s, 'office-sms', 'sms-office@kyotaku.example.jp', {
      preferredChannel: 'sms',
      smsPhone: '090-1234-5678',
    });
    await registerCareOffice(s, 'office-mail', 'mail-office@kyotaku.example.jp', { smsPhone: '080-1111-2222' });
  });
  afterAll(async () => {
    await s.close();
  });

  const timeline = async (caseId: string) =>
    ((await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as { timeline: Entry[] }).timeline;
  const deliveries = async (caseId: string) => (await timeline(caseId)).filter((t) => t.kind === 'delivery');
  const admit = async (encounter: string, careOfficeId: string) =>
    (
      (await (await s.sendEvent('sanda-shimin', admittedEvent(encounter, { careOfficeId }))).json()) as {
        caseId: string;
      }
    ).caseId;

  it('a care office that prefers FAX gets the admission notice as a Japanese PDF through the gateway, with its receipt QR code', async () => {
    const caseId = await admit('E-fax', 'office-fax');
    await waitUntil(() => faxesSent(s).length === 1);
    const [fax] = faxesSent(s);
    expect(fax!.to).toEqual(['0795550101@fax.example.jp']);
    const pdf = new Uint8Array(fax!.attachments[0]!.content);
    const { flat } = await pdfText(pdf);
    for (const text of [
      '入院のお知らせ',
      '三田ケアプランセンター御中',
      '三田市民病院',
      '山田様',
      '総合支援センター退院支援連携室',
      'このFAXは',
    ])
      expect(flat).toContain(text);
    expect(flat).not.toContain('花子');
    const url = await decodeQrOnPage(pdf);
    expect(url).toMatch(new RegExp(`^${s.base}/r/[0-9A-Z]{10}$`));
    expect(flat).toContain(url!);
    await waitUntil(async () => (await deliveries(caseId)).length >= 1);
    const [d] = await deliveries(caseId);
    expect(d).toMatchObject({ channel: 'fax', status: 'sent', providerId: expect.stringContaining('@renkei') });
    expect((await timeline(caseId)).find((t) => t.kind === 'receipt')).toMatchObject({ status: 'open' });
  });

  let smsCase: string;
  it('a care office that prefers SMS gets one 70-character segment with a StatusCallback, and no name', async () => {
    smsCase = await admit('E-sms', 'office-sms');
    const [m] = await s.twilio!.waitFor(1);
    expect(m!.to).toBe('+819012345678');
    expect(m!.statusCallback).toBe(`${s.base}/v1/callbacks/twilio`);
    expect(m!.body).toMatch(/^【入院連絡】三田市民病院 ご担当の方が入院 http:\/\/127\.0\.0\.1:\d+\/n\/[0-9A-Z]{10}$/);
    expect(m!.body).not.toContain('山田');
    expect(smsSegments(m!.body)).toBe(1);
    await waitUntil(async () => (await deliveries(smsCase)).length === 1);
    expect((await deliveries(smsCase))[0]).toMatchObject({ channel: 'sms', status: 'queued', providerId: m!.sid });
  });

  it("the SMS link opens the care manager's task page", async () => {
    const short = /(http\S+\/n\/\w+)/.exec(s.twilio!.messages[0]!.body)![1]!;
    const res = await fetch(short, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/\/t\//);
    expect(await (await fetch(res.headers.get('location')!)).text()).toContain('入院連絡の確認');
  });

  it('Twilio status callbacks move the attempt forward only: late, repeated and out-of-order reports change nothing', async () => {
    const sid = s.twilio!.messages[0]!.sid;
    expect((await s.twilio!.report(sid, 'sent')).status).toBe(204);
    expect((await deliveries(smsCase))[0]!.status).toBe('sent');
    expect((await s.twilio!.report(sid, 'delivered')).status).toBe(204);
    expect((await s.twilio!.report(sid, 'sent')).status).toBe(204);
    expect((await s.twilio!.report(sid, 'queued')).status).toBe(204);
    expect((await s.twilio!.report(sid, 'delivered')).status).toBe(204);
    expect((await s.twilio!.report(sid, 'failed')).status).toBe(204);
    expect((await deliveries(smsCase))[0]!.status).toBe('delivered');
  });

  it('a callback without a valid X-Twilio-Signature is refused and changes nothing', async () => {
    const sid = s.twilio!.messages[0]!.sid;
    const before = await deliveries(smsCase);
    const wrongToken = await s.twilio!.report(sid, 'failed', { token: 'not-the-auth-token-000000000000' });
    expect(wrongToken.status).toBe(403);
    expect(wrongToken.headers.get('content-type')).toContain('application/problem+json');
    const otherUrl = await s.twilio!.report(sid, 'failed', {
      signatureFor: 'https://evil.example/v1/callbacks/twilio',
    });
    expect(otherUrl.status).toBe(403);
    const unsigned = await fetch(`${s.base}/v1/callbacks/twilio`, {
      method: 'POST',
      body: new URLSearchParams({ MessageSid: sid, MessageStatus: 'failed' }),
    });
    expect(unsigned.status).toBe(403);
    expect(await deliveries(smsCase)).toEqual(before);
  });

  it('an SMS reported undelivered falls back to the next channel (email), which goes out', async () => {
    const caseId = await admit('E-sms-undelivered', 'office-sms');
    const [, m] = await s.twilio!.waitFor(2);
    await s.twilio!.report(m!.sid, 'undelivered', { errorCode: '30003' });
    await waitUntil(() => mailsSent(s).some((x) => x.to.includes('sms-office@kyotaku.example.jp')));
    await waitUntil(async () => (await deliveries(caseId)).length === 2);
    const ds = await deliveries(caseId);
    expect(ds.map((d) => [d.channel, d.status])).toEqual([
      ['sms', 'failed'],
      ['email', 'sent'],
    ]);
    expect(ds[0]!.detail).toContain('30003');
  });

  it('Twilio refusing the number (400) falls back to email at once; nothing is lost', async () => {
    s.twilio!.failNext(1, 400);
    const caseId = await admit('E-sms-400', 'office-sms');
    await waitUntil(async () => (await deliveries(caseId)).length >= 1);
    await s.sweep();
    await waitUntil(async () => (await deliveries(caseId)).length === 2);
    const ds = await deliveries(caseId);
    expect(ds.map((d) => [d.channel, d.status])).toEqual([
      ['sms', 'failed'],
      ['email', 'sent'],
    ]);
    expect(ds[0]!.detail).toContain('twilio 400');
    expect(ds[0]!.detail).toContain('next: email');
  });

  it('Twilio 500 and 429 are retried on SMS with backoff, then fall back after three failures', async () => {
    s.twilio!.failNext(3, 500);
    const caseId = await admit('E-sms-500', 'office-sms');
    await waitUntil(async () => (await deliveries(caseId)).length >= 1);
    await s.sweep('2026-12-04T11:00:05+09:00');
    expect(await deliveries(caseId)).toHaveLength(1);
    s.twilio!.failNext(2, 429);
    await s.sweep('2026-12-04T11:01:00+09:00');
    await s.sweep('2026-12-04T11:03:00+09:00');
    await s.sweep('2026-12-04T11:03:01+09:00');
    const ds = await deliveries(caseId);
    expect(ds.map((d) => [d.channel, d.status])).toEqual([
      ['sms', 'failed'],
      ['sms', 'failed'],
      ['sms', 'failed'],
      ['email', 'sent'],
    ]);
    expect(ds[1]!.detail).toContain('twilio 429');
    expect(s.twilio!.requests.filter((r) => r.status === 429)).toHaveLength(2);
  });

  it('a FAX gateway refusal (550) falls back to email; the failed FAX is on the record', async () => {
    s.smtp!.refuseNext(1, 550);
    const caseId = await admit('E-fax-refused', 'office-fax');
    await waitUntil(async () => (await deliveries(caseId)).length >= 1);
    await s.sweep();
    await waitUntil(async () => (await deliveries(caseId)).length === 2);
    const ds = await deliveries(caseId);
    expect(ds.map((d) => [d.channel, d.status])).toEqual([
      ['fax', 'failed'],
      ['email', 'sent'],
    ]);
    expect(ds[0]!.detail).toContain('550');
  });

  it('A③ a sudden discharge (no discharge-start notice) goes by SMS and email both, marked urgent', async () => {
    const caseId = await admit('E-sudden', 'office-mail');
    await waitUntil(() => mailsSent(s).some((m) => m.to.includes('mail-office@kyotaku.example.jp')));
    const smsBefore = s.twilio!.messages.length;
    const res = await s.sendEvent('sanda-shimin', {
      type: 'discharged',
      hospitalizationId: 'E-sudden',
      occurredAt: '2026-12-04T10:50:00+09:00',
      data: { destination: 'home', nursingSummarySent: false },
    });
    expect(res.status).toBe(202);
    await s.twilio!.waitFor(smsBefore + 1);
    const sms = s.twilio!.messages.at(-1)!;
    expect(sms.to).toBe('+818011112222');
    expect(sms.body).toMatch(/^【至急・退院】三田市民病院 ご担当の方が退院 /);
    expect(smsSegments(sms.body)).toBe(1);
    await waitUntil(() => mailsSent(s).some((m) => m.subject === '【至急・退院のお知らせ】三田市民病院'));
    const mail = mailsSent(s).find((m) => m.subject === '【至急・退院のお知らせ】三田市民病院')!;
    expect(mail.text).toContain('退院が急きょ決まりました (退院調整開始の連絡なし)');
    const notices = (await timeline(caseId)).filter(
      (t) => t.kind === 'notice' && t.notice === 'sudden_discharge_notice',
    );
    expect(notices.map((n) => n.route).sort()).toEqual(['email', 'sms']);
  });

  it('when every channel fails the notice is dead-lettered after the last attempt, every attempt recorded', async () => {
    s.twilio!.failNext(100, 503);
    s.smtp!.refuseNext(100, 451);
    const caseId = await admit('E-all-down', 'office-sms');
    await waitUntil(async () => (await deliveries(caseId)).length >= 1);
    for (let minute = 1; minute <= 180; minute += 30)
      await s.sweep(
        `2026-12-04T${String(11 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00+09:00`,
      );
    await s.sweep('2026-12-04T17:00:00+09:00');
    await s.sweep('2026-12-04T19:00:00+09:00');
    s.twilio!.failNext(0, 503);
    s.smtp!.refuseNext(0);
    const ds = await deliveries(caseId);
    expect(ds.map((d) => d.channel)).toEqual(['sms', 'sms', 'sms', 'email', 'email', 'email']);
    expect(ds.map((d) => d.status)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed', 'dead']);
    const notice = (await timeline(caseId)).find((t) => t.kind === 'notice')!;
    expect(notice).toMatchObject({ status: 'dead', attempts: 6 });
  });

  it('an SMTP server that is down is an outage: retried, and delivered once it is back', async () => {
    await s.smtp!.stop();
    const caseId = await admit('E-smtp-down', 'office-mail');
    await waitUntil(async () => (await deliveries(caseId)).length >= 1);
    expect((await deliveries(caseId))[0]).toMatchObject({ channel: 'email', status: 'failed' });
    await s.smtp!.restart();
    await s.sweep('2026-12-04T11:10:00+09:00');
    expect((await deliveries(caseId)).map((d) => d.status)).toEqual(['failed', 'sent']);
    expect(taskLinks(mailsSent(s).at(-1)!.text)).toHaveLength(1);
  });
});

describe('care office channels are validated at the edge', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
  });
  afterAll(async () => {
    await s.close();
  });
  const put = (body: unknown) => s.admin('/v1/admin/care-offices/x1', { method: 'PUT', body });

  it('preferredChannel needs the matching address, and smsPhone must be a mobile number', async () => {
    const noPhone = await put({ name: '事業所', email: 'a@b.jp', preferredChannel: 'sms' });
    expect(noPhone.status).toBe(400);
    expect(((await noPhone.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('smsPhone');
    expect((await put({ name: '事業所', smsPhone: '079-565-8000' })).status).toBe(400);
    expect((await put({ name: '事業所', preferredChannel: 'fax' })).status).toBe(400);
    const ok = await put({ name: '事業所', fax: '079-000-0000', smsPhone: '090-1234-5678', preferredChannel: 'fax' });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ preferredChannel: 'fax', smsPhone: '090-1234-5678' });
  });
});

describe('the HTTP FAX API through the outbox', () => {
  let s: TestServer;
  let api: Server;
  const received: { to: string; reference: string; pdf: Uint8Array; key: string | undefined }[] = [];
  const answers: number[] = [];
  beforeAll(async () => {
    api = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        to: string;
        reference: string;
        document: { base64: string };
      };
      const status = answers.shift() ?? 202;
      if (status === 202)
        received.push({
          to: body.to,
          reference: body.reference,
          pdf: new Uint8Array(Buffer.from(body.document.base64, 'base64')),
          key: req.headers['idempotency-key'] as string,
        });
      res
        .writeHead(status, { 'content-type': 'application/json' })
        .end(JSON.stringify(status === 202 ? { id: `fx_${received.length}`, status: 'queued' } : { error: 'no' }));
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    s = await startTestServer({
      env: {
        FAX_PROVIDER: 'http',
        FAX_API_URL: `http://127.0.0.1:${(api.address() as { port: number }).port}/faxes`,
        FAX_API_TOKEN: 't',
      },
    });
    await registerCareOffice(s, 'office-fax', 'fax-office@kyotaku.example.jp', {
      preferredChannel: 'fax',
      fax: '079-555-0101',
    });
    await registerCareOffice(s, 'office-nosms', 'nosms@kyotaku.example.jp');
  });
  afterAll(async () => {
    await s.close();
    await new Promise<void>((r) => api.close(() => r()));
  });
  const timeline = async (caseId: string) =>
    ((await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as { timeline: Entry[] }).timeline;
  const deliveries = async (caseId: string) => (await timeline(caseId)).filter((t) => t.kind === 'delivery');

  it('a 503 is retried after the backoff; the accepted FAX is queued with the provider id and its QR reads back', async () => {
    answers.push(503);
    const { caseId } = (await (
      await s.sendEvent('sanda-shimin', admittedEvent('E-http-1', { careOfficeId: 'office-fax' }))
    ).json()) as { caseId: string };
    await waitUntil(async () => (await deliveries(caseId)).length >= 1);
    await s.sweep('2026-12-04T11:05:00+09:00');
    const ds = await deliveries(caseId);
    expect(ds.map((d) => [d.channel, d.status, d.providerId ?? null])).toEqual([
      ['fax', 'failed', null],
      ['fax', 'queued', 'fx_1'],
    ]);
    expect(received[0]).toMatchObject({ to: '0795550101', key: ds[1]!.noticeId, reference: ds[1]!.noticeId });
    expect(await decodeQrOnPage(received[0]!.pdf)).toMatch(/\/r\/[0-9A-Z]{10}$/);
  });

  it('a refusal (422) falls back to email at once', async () => {
    answers.push(422);
    const { caseId } = (await (
      await s.sendEvent('sanda-shimin', admittedEvent('E-http-2', { careOfficeId: 'office-fax' }))
    ).json()) as { caseId: string };
    await waitUntil(async () => (await deliveries(caseId)).length >= 1);
    await s.sweep();
    await waitUntil(async () => (await deliveries(caseId)).length === 2);
    expect((await deliveries(caseId)).map((d) => [d.channel, d.status])).toEqual([
      ['fax', 'failed'],
      ['email', 'sent'],
    ]);
  });

  it('a sudden discharge for an office without an SMS number (or without Twilio) goes by email; its SMS is skipped, not lost', async () => {
    const { caseId } = (await (
      await s.sendEvent('sanda-shimin', admittedEvent('E-http-3', { careOfficeId: 'office-nosms' }))
    ).json()) as { caseId: string };
    await s.sendEvent('sanda-shimin', {
      type: 'discharged',
      hospitalizationId: 'E-http-3',
      occurredAt: '2026-12-04T10:50:00+09:00',
      data: { destination: 'home', nursingSummarySent: false },
    });
    await waitUntil(async () =>
      (await timeline(caseId))
        .filter((t) => t.kind === 'notice' && t.notice === 'sudden_discharge_notice')
        .every((n) => n.status !== 'pending'),
    );
    const notices = (await timeline(caseId)).filter(
      (t) => t.kind === 'notice' && t.notice === 'sudden_discharge_notice',
    );
    expect(notices.map((n) => [n.route, n.status]).sort()).toEqual([
      ['email', 'sent'],
      ['sms', 'skipped'],
    ]);
    expect(
      ((await (await s.admin('/v1/admin/notices/stuck')).json()) as { deadNotices: unknown[] }).deadNotices,
    ).toHaveLength(0);
  });
});

describe('a Twilio report that arrives before the send is recorded', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ twilio: true });
    await registerCareOffice(s, 'office-sms', 'sms-office@kyotaku.example.jp', {
      preferredChannel: 'sms',
      smsPhone: '090-1234-5678',
    });
  });
  afterAll(async () => {
    await s.close();
  });

  it('is applied once the attempt is recorded, not dropped', async () => {
    s.twilio!.reportBeforeAnswering('delivered', 300);
    const { caseId } = (await (
      await s.sendEvent('sanda-shimin', admittedEvent('E-early', { careOfficeId: 'office-sms' }))
    ).json()) as { caseId: string };
    await s.twilio!.waitFor(1);
    const delivery = async () =>
      ((await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as { timeline: Entry[] }).timeline.find(
        (t) => t.kind === 'delivery',
      );
    await waitUntil(async () => (await delivery())?.status === 'delivered', 3000, 'the early report applied');
    expect(await delivery()).toMatchObject({ channel: 'sms', status: 'delivered' });
  });
});

import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../notifiers/delivery.js';
import { smtpSender } from '../../notifiers/email.js';
import { emailGatewayFax, httpFax } from '../../notifiers/fax.js';
import { MAX_FAX_PAGES } from '../../notifiers/faxDocument.js';
import { type FaxDocument, renderFaxPdf } from '../../notifiers/faxPdf.js';
import { outcomeOfTwilioStatus, toE164Japan, twilioSender } from '../../notifiers/sms.js';
import { decodeQrOnPage, pdfPageSize, pdfText } from '../support/pdf.js';
import { startSmtp, type TestSmtp } from '../support/smtp.js';
import { startTwilioApi, type TestTwilio } from '../support/twilioApi.js';

const CONFIRM_URL = 'https://renkei.example.jp/r/7KQ2M9XW4D';

const sheet: FaxDocument = {
  title: '入院時情報提供シート',
  lead: '三田市入退院支援ルール A① に基づく情報提供',
  to: { name: '三田市民病院 総合支援センター 退院支援連携室', fax: '079-565-8018' },
  from: { name: '三田ケアプランセンター', phone: '079-000-0001', fax: '079-000-0000' },
  sentAt: '2026-12-05T05:00:00.000Z',
  sections: [
    {
      heading: '利用者',
      rows: [
        ['氏名', '山田 花子 様'],
        ['入院日', '2026年12月4日(金)'],
      ],
    },
    {
      heading: '心身の状況',
      rows: [
        ['認知症', 'あり (軽度)。夕方に徘徊あり'],
        ['ADL', '歩行は杖で見守り'],
      ],
    },
    { heading: 'ケアマネジャーの所見', text: '自宅退院を希望。長女が主介護者。'.repeat(3) },
  ],
  confirmation: { url: CONFIRM_URL, code: '7KQ2-M9XW-4D' },
};

describe('FAX: an A4 PDF in Japanese that reads back and carries a QR code to its confirmation link', () => {
  let pdf: Uint8Array;
  beforeAll(async () => {
    pdf = await renderFaxPdf(sheet);
  });

  it('is A4, one page, small enough for any FAX gateway (the font is subset)', async () => {
    const size = await pdfPageSize(pdf);
    expect(size.width).toBeCloseTo(595.28, 1);
    expect(size.height).toBeCloseTo(841.89, 1);
    expect((await pdfText(pdf)).pages).toBe(1);
    expect(pdf.length).toBeLessThan(200_000);
  });

  it('its Japanese text reads back: title, addressee, sender, fields, confirmation URL and code', async () => {
    const { flat, warnings } = await pdfText(pdf);
    for (const expected of [
      '入院時情報提供シート',
      '三田市民病院総合支援センター退院支援連携室御中',
      'FAX079-565-8018',
      '送信元:三田ケアプランセンター',
      '送信日時:2026年12月5日14:00',
      '認知症',
      'あり(軽度)。夕方に徘徊あり',
      'ケアマネジャーの所見',
      '長女が主介護者',
      CONFIRM_URL,
      '確認番号7KQ2-M9XW-4D',
      '受信を確認しました',
    ])
      expect(flat).toContain(expected.replace(/\s+/g, ''));
    expect(warnings).toBe('');
  });

  it('the QR code decodes to the confirmation URL when scanned at FAX fine resolution (200 dpi)', async () => {
    expect(await decodeQrOnPage(pdf, { dpiX: 204, dpiY: 196 })).toBe(CONFIRM_URL);
  });

  it('and still at FAX standard resolution (204 x 98 dpi), the worst a receiving machine prints', async () => {
    expect(await decodeQrOnPage(pdf, { dpiX: 204, dpiY: 98 })).toBe(CONFIRM_URL);
  });

  it('a long sheet flows onto more pages, each numbered and saying what it continues', async () => {
    const long = await renderFaxPdf({
      ...sheet,
      sections: [...sheet.sections, { heading: '生活歴', text: '毎朝の散歩が日課。'.repeat(400) }],
    });
    const { pages, flat } = await pdfText(long);
    expect(pages).toBeGreaterThan(1);
    expect(flat).toContain(`(${pages}/${pages})`);
    expect(flat).toContain('入院時情報提供シート(続き)送信元:三田ケアプランセンター確認番号7KQ2-M9XW-4D');
  });

  it(`a document longer than ${MAX_FAX_PAGES} pages is refused, permanently, rather than sent as a stack of paper`, async () => {
    const bomb = renderFaxPdf({ ...sheet, sections: [{ heading: '生活歴', text: 'あ\n'.repeat(1000) }] });
    await expect(bomb).rejects.toBeInstanceOf(DeliveryError);
    await expect(bomb).rejects.toMatchObject({ permanent: true, message: expect.stringMatching(/more than 6$/) });
    const atLimit = await renderFaxPdf({ ...sheet, sections: [{ heading: '生活歴', text: 'あ\n'.repeat(200) }] });
    expect((await pdfText(atLimit)).pages).toBeLessThanOrEqual(MAX_FAX_PAGES);
  });
});

describe('SMS: the real twilio SDK against a local Messages API', () => {
  let api: TestTwilio;
  beforeAll(async () => {
    api = await startTwilioApi();
  });
  afterAll(async () => {
    await api.close();
  });
  const sender = () =>
    twilioSender({ accountSid: api.accountSid, authToken: api.authToken, from: api.from, apiBaseUrl: api.url });

  it('sends To, From, Body and the StatusCallback, and returns the message SID as queued', async () => {
    const accepted = await sender().send({
      noticeId: 'ntc_1',
      to: '+819012345678',
      body: '【入院】三田市民病院',
      statusCallback: 'https://renkei.example.jp/v1/callbacks/twilio',
    });
    expect(accepted.status).toBe('queued');
    expect(accepted.providerId).toMatch(/^SM/);
    const [m] = api.messages;
    expect(m).toMatchObject({
      sid: accepted.providerId,
      to: '+819012345678',
      from: api.from,
      body: '【入院】三田市民病院',
      statusCallback: 'https://renkei.example.jp/v1/callbacks/twilio',
    });
    expect(api.requests.at(-1)).toMatchObject({ method: 'POST', status: 201 });
  });

  it.each([
    [500, false],
    [503, false],
    [429, false],
    [400, true],
  ] as const)('Twilio %i is a DeliveryError (permanent: %s)', async (status, permanent) => {
    api.failNext(1, status);
    const error = await sender()
      .send({ noticeId: 'ntc_2', to: '+819012345678', body: 'x', statusCallback: 'https://x.example/cb' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).permanent).toBe(permanent);
    expect((error as DeliveryError).message).toContain(`twilio ${status}`);
  });

  it('a 429 carries the wait Twilio asked for in Retry-After', async () => {
    api.failNext(1, 429, 120);
    const error = await sender()
      .send({ noticeId: 'ntc_429', to: '+819012345678', body: 'x', statusCallback: 'https://x.example/cb' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).permanent).toBe(false);
    expect((error as DeliveryError).retryAfterMs).toBe(120_000);
    expect((error as DeliveryError).message).toContain('twilio 429');
  });

  it('an API that never answers is an outage once the configured timeout passes', async () => {
    api.hangNext(1);
    const impatient = twilioSender({
      accountSid: api.accountSid,
      authToken: api.authToken,
      from: api.from,
      apiBaseUrl: api.url,
      timeoutMs: 300,
    });
    const error = await impatient
      .send({ noticeId: 'ntc_hang', to: '+819012345678', body: 'x', statusCallback: 'https://x.example/cb' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).permanent).toBe(false);
    expect((error as DeliveryError).message).toContain('twilio network');
  });

  it('an unreachable API is an outage, not a refusal', async () => {
    const down = twilioSender({
      accountSid: api.accountSid,
      authToken: api.authToken,
      from: api.from,
      apiBaseUrl: 'http://127.0.0.1:9',
    });
    const error = await down
      .send({ noticeId: 'ntc_3', to: '+819012345678', body: 'x', statusCallback: 'https://x.example/cb' })
      .catch((e: unknown) => e);
    expect((error as DeliveryError).permanent).toBe(false);
  });

  it('Japanese numbers become E.164; Twilio statuses map onto queued, sent, delivered, failed', () => {
    expect(toE164Japan('090-1234-5678')).toBe('+819012345678');
    expect(toE164Japan('+819012345678')).toBe('+819012345678');
    expect(toE164Japan('1234')).toBeNull();
    expect(
      ['accepted', 'queued', 'sending', 'sent', 'delivered', 'read', 'undelivered', 'failed', 'bogus'].map(
        outcomeOfTwilioStatus,
      ),
    ).toEqual(['queued', 'queued', 'queued', 'sent', 'delivered', 'delivered', 'failed', 'failed', null]);
  });
});

describe('FAX providers: email-to-FAX gateway and HTTP FAX API', () => {
  let smtp: TestSmtp;
  let pdf: Uint8Array;
  beforeAll(async () => {
    smtp = await startSmtp();
    pdf = await renderFaxPdf(sheet);
  });
  afterAll(async () => {
    await smtp.close();
  });

  it('the gateway gets the PDF attached to <digits>@<gateway domain>', async () => {
    const fax = emailGatewayFax(smtpSender(smtp.url, 'renkei <noreply@renkei.example.jp>'), 'fax.example.jp');
    const accepted = await fax.send({
      noticeId: 'ntc_fax1',
      to: '079-565-8018',
      subject: '入院時情報提供シート',
      pdf,
      filename: 'sheet.pdf',
    });
    expect(accepted.status).toBe('sent');
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual(['0795658018@fax.example.jp']);
    expect(mail!.attachments).toHaveLength(1);
    expect(mail!.attachments[0]!.contentType).toBe('application/pdf');
    expect((await pdfText(new Uint8Array(mail!.attachments[0]!.content))).flat).toContain('入院時情報提供シート');
  });

  it('a gateway refusal (550) is permanent; an outage (451) is not', async () => {
    const fax = emailGatewayFax(smtpSender(smtp.url, 'renkei <noreply@renkei.example.jp>'), 'fax.example.jp');
    const send = () =>
      fax.send({ noticeId: 'ntc_fax2', to: '079-565-8018', subject: 's', pdf, filename: 'a.pdf' }).then(
        () => {
          throw new Error('expected a DeliveryError');
        },
        (e: unknown) => e as DeliveryError,
      );
    smtp.refuseNext(1, 550);
    expect((await send()).permanent).toBe(true);
    smtp.refuseNext(1, 451);
    expect((await send()).permanent).toBe(false);
  });

  describe('HTTP FAX API', () => {
    let server: Server;
    let url: string;
    const received: {
      headers: Record<string, unknown>;
      body: { to: string; reference: string; document: { base64: string; contentType: string } };
    }[] = [];
    let answer: { status: number; body: string } = {
      status: 202,
      body: JSON.stringify({ id: 'fx_1', status: 'queued' }),
    };
    beforeAll(async () => {
      server = createServer(async (req, res) => {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as { port: number }).port}/faxes`;
    });
    afterAll(async () => {
      await new Promise<void>((r) => server.close(() => r()));
    });

    it('posts JSON with the digits, the notice id as idempotency key, the bearer token and the PDF in base64', async () => {
      const accepted = await httpFax(url, 'fax-token').send({
        noticeId: 'ntc_h1',
        to: '079-565-8015',
        subject: 's',
        pdf,
        filename: 'a.pdf',
      });
      expect(accepted).toEqual({ providerId: 'fx_1', status: 'queued' });
      const [r] = received;
      expect(r!.headers.authorization).toBe('Bearer fax-token');
      expect(r!.headers['idempotency-key']).toBe('ntc_h1');
      expect(r!.body).toMatchObject({ to: '0795658015', reference: 'ntc_h1' });
      expect(r!.body.document.contentType).toBe('application/pdf');
      const back = new Uint8Array(Buffer.from(r!.body.document.base64, 'base64'));
      expect(await decodeQrOnPage(back)).toBe(CONFIRM_URL);
    });

    it.each([
      [503, false],
      [429, false],
      [422, true],
    ])('an answer %i is a DeliveryError (permanent: %s)', async (status, permanent) => {
      answer = { status, body: '{"error":"no"}' };
      const error = await httpFax(url, undefined)
        .send({ noticeId: 'ntc_h2', to: '079', subject: 's', pdf, filename: 'a.pdf' })
        .then(
          () => {
            throw new Error('expected a DeliveryError');
          },
          (e: unknown) => e as DeliveryError,
        );
      expect(error).toBeInstanceOf(DeliveryError);
      expect(error.permanent).toBe(permanent);
    });
  });
});

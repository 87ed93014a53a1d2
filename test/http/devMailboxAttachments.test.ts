import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentDisposition } from '../../functions/routes/devMailbox.js';
import { DEV_MAILBOX_MAX_ATTACHMENT_BYTES } from '../../notifiers/email.js';
import { decodeQrOnPage, pdfText } from '../support/pdf.js';
import {
  admittedEvent,
  FAX_GATEWAY_DOMAIN,
  registerCareOffice,
  startTestServer,
  type TestServer,
} from '../support/server.js';
import { waitUntil } from '../support/wait.js';

type Listed = { id: number; filename: string; contentType: string; size: number; url: string | null };
type Mail = { id: number; to: string; subject: string; attachments: Listed[] };

// Names as a sender may give them: any Unicode character, and the ones a header or a percent-encoding must escape.
const nameCharacter = fc.oneof(
  fc.constantFrom('"', '\\', '%', ';', "'", '(', ')', '*', ' ', '\r', '\n', '\0', '\t', '.'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
);
const SEED = Number(process.env.DISPOSITION_SEED ?? 20261201);

describe('development mailbox: a FAX sent through the email-to-FAX gateway keeps its PDF downloadable', () => {
  let s: TestServer;
  const mails = async () => ((await (await fetch(`${s.base}/dev/mailbox.json`)).json()) as { items: Mail[] }).items;
  const faxMail = async () => (await mails()).find((m) => m.to.endsWith(`@${FAX_GATEWAY_DOMAIN}`));

  beforeAll(async () => {
    // No SMTP server: mail, and so the FAX gateway's mail, goes to the development mailbox.
    s = await startTestServer({ smtp: false, fax: true });
    await registerCareOffice(s, 'office-fax', 'fax-office@kyotaku.example.jp', {
      preferredChannel: 'fax',
      fax: '079-555-0101',
    });
  });
  afterAll(async () => {
    await s.close();
  });

  let fax: Mail;
  it('the FAX notice lands in the mailbox with its PDF listed by file name and size', async () => {
    expect((await s.sendEvent('sanda-shimin', admittedEvent('E-mbx', { careOfficeId: 'office-fax' }))).status).toBe(
      202,
    );
    await waitUntil(async () => (await faxMail()) !== undefined);
    fax = (await faxMail())!;
    expect(fax.to).toBe(`0795550101@${FAX_GATEWAY_DOMAIN}`);
    expect(fax.attachments).toHaveLength(1);
    const [pdf] = fax.attachments;
    expect(pdf!.contentType).toBe('application/pdf');
    expect(pdf!.filename).toMatch(/\.pdf$/);
    expect(pdf!.url).toBe(`/dev/mailbox/attachments/${pdf!.id}`);
    const page = await (await fetch(`${s.base}/dev/mailbox`)).text();
    expect(page).toContain(`<a href="/dev/mailbox/attachments/${pdf!.id}">${pdf!.filename}</a>`);
    expect(page).toContain(`(${(pdf!.size / 1024).toFixed(1)} KB)`);
  });

  it('the PDF downloads as an attachment with the bytes sent: a FAX a reader opens, in Japanese, its QR code intact', async () => {
    const [listed] = fax.attachments;
    const res = await fetch(`${s.base}${listed!.url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toBe(attachmentDisposition(listed!.filename));
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(bytes.length).toBe(listed!.size);
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe('%PDF-');
    expect(new TextDecoder().decode(bytes.subarray(-8))).toContain('%%EOF');
    const { flat, warnings } = await pdfText(bytes);
    expect(warnings).toBe('');
    expect(flat).toContain('入院のお知らせ');
    expect(flat).toContain('三田市民病院');
    // The receipt QR code decodes from the downloaded file to this deployment's confirmation link.
    expect(await decodeQrOnPage(bytes)).toMatch(new RegExp(`^${s.base}/`));
  });

  it('an unknown or malformed attachment id is 404 in Japanese', async () => {
    const last = fax.attachments[0]!.id;
    for (const id of [String(last + 1000), '0', '-1', 'abc', '1e3', `${last}.0`]) {
      const res = await fetch(`${s.base}/dev/mailbox/attachments/${id}`);
      expect(res.status, id).toBe(404);
      expect(res.headers.get('content-disposition'), id).toBeNull();
    }
    expect(await (await fetch(`${s.base}/dev/mailbox/attachments/${last + 1000}`)).text()).toContain(
      '添付ファイルが見つかりません',
    );
  });

  it('a file name in Japanese is kept: the download names it through filename*, the page lists it', async () => {
    await s.running.deps.email.send({
      noticeId: 'dev-mailbox-test-1',
      to: 'center@example.jp',
      subject: '添付の確認',
      text: '本文',
      attachments: [
        {
          filename: '退院前カンファレンス (案).pdf',
          contentType: 'application/pdf',
          content: new Uint8Array([37, 80]),
        },
        { filename: 'note.txt', contentType: 'text/plain; charset=utf-8', content: new TextEncoder().encode('メモ') },
      ],
    });
    const mail = (await mails()).find((m) => m.subject === '添付の確認')!;
    expect(mail.attachments.map((a) => [a.filename, a.size])).toEqual([
      ['退院前カンファレンス (案).pdf', 2],
      ['note.txt', 6],
    ]);
    const res = await fetch(`${s.base}${mail.attachments[0]!.url}`);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="${'_'.repeat(10)} (_).pdf"; filename*=UTF-8''${encodeURIComponent('退院前カンファレンス')}%20%28${encodeURIComponent('案')}%29.pdf`,
    );
    const text = await fetch(`${s.base}${mail.attachments[1]!.url}`);
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await text.text()).toBe('メモ');
    const page = await (await fetch(`${s.base}/dev/mailbox`)).text();
    expect(page).toContain('退院前カンファレンス (案).pdf</a> (2 B)');
  });

  it(`an attachment over the mailbox's size limit is listed by name and size but not kept nor served`, async () => {
    await s.running.deps.email.send({
      noticeId: 'dev-mailbox-test-2',
      to: 'center@example.jp',
      subject: '大きな添付',
      text: '本文',
      attachments: [
        {
          filename: 'big.pdf',
          contentType: 'application/pdf',
          content: new Uint8Array(DEV_MAILBOX_MAX_ATTACHMENT_BYTES + 1),
        },
        {
          filename: 'edge.pdf',
          contentType: 'application/pdf',
          content: new Uint8Array(DEV_MAILBOX_MAX_ATTACHMENT_BYTES),
        },
      ],
    });
    const mail = (await mails()).find((m) => m.subject === '大きな添付')!;
    const [big, edge] = mail.attachments;
    expect(big!.url).toBeNull();
    expect(big!.size).toBe(DEV_MAILBOX_MAX_ATTACHMENT_BYTES + 1);
    expect((await fetch(`${s.base}/dev/mailbox/attachments/${big!.id}`)).status).toBe(404);
    const kept = await fetch(`${s.base}${edge!.url}`);
    expect(kept.status).toBe(200);
    expect((await kept.arrayBuffer()).byteLength).toBe(DEV_MAILBOX_MAX_ATTACHMENT_BYTES);
    expect(await (await fetch(`${s.base}/dev/mailbox`)).text()).toContain(
      'big.pdf (5.0 MB) 大きすぎるため保存していません',
    );
  });
});

describe('the attachment route refuses whoever may not read the development mailbox', () => {
  it('with a mail server configured the mailbox and its downloads do not exist (404), before and after a FAX', async () => {
    const s = await startTestServer({ fax: true });
    try {
      await registerCareOffice(s, 'office-fax', 'fax-office@kyotaku.example.jp', {
        preferredChannel: 'fax',
        fax: '079-555-0101',
      });
      expect((await s.sendEvent('sanda-shimin', admittedEvent('E-smtp', { careOfficeId: 'office-fax' }))).status).toBe(
        202,
      );
      await waitUntil(() => s.smtp!.mails.length > 0);
      for (const path of ['/dev/mailbox', '/dev/mailbox.json', '/dev/mailbox/attachments/1']) {
        const res = await fetch(`${s.base}${path}`);
        expect(res.status, path).toBe(404);
        expect(res.headers.get('content-type'), path).toMatch(/^application\/problem\+json/);
      }
    } finally {
      await s.close();
    }
  });
});

describe(`attachment content-disposition (seed ${SEED}, DISPOSITION_SEED to replay)`, () => {
  it('RFC 5987: any file name gives one header line whose filename* decodes back to the name', () => {
    fc.assert(
      fc.property(fc.string({ unit: nameCharacter, minLength: 1, maxLength: 40 }), (name) => {
        const header = attachmentDisposition(name);
        expect(header).not.toMatch(/[\r\n\0]/);
        expect(header).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%!._~-]*$/);
        const fallback = /filename="([^"]*)"/.exec(header)![1]!;
        expect(fallback).not.toMatch(/["\\]/);
        const encoded = header.split("filename*=UTF-8''")[1]!;
        expect(decodeURIComponent(encoded)).toBe(name);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

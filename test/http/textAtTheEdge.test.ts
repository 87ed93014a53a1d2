import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanText } from '../../functions/input.js';
import { darkPixels, pdfText, pdfWords } from '../support/pdf.js';
import {
  admittedEvent,
  faxesSent,
  mailsSent,
  postForm,
  registerCareOffice,
  startTestServer,
  type TestServer,
  taskLinks,
} from '../support/server.js';
import { waitUntil } from '../support/wait.js';

// Brief: "Forms send CRLF, browsers send any Unicode: normalise text once at the edge (NFC, line
// breaks, no control or bidi-override characters)." A FAX drew a missing-glyph box at the end of
// every line of a textarea.

/** Controls poppler would hand back: all but LF, and the form feed it puts between pages itself. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0009\u000B\u000D-\u001F\u007F-\u009F]/;
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

describe('text is made plain once, at the edge', () => {
  it('CRLF and CR become LF; controls, bidi overrides and lone surrogates are dropped; the result is NFC', () => {
    expect(cleanText('屋内は杖歩行\r\n入浴は一部介助\r夜間は見守り')).toBe(
      '屋内は杖歩行\n入浴は一部介助\n夜間は見守り',
    );
    expect(cleanText('a\u2028b\u2029c\u0085d')).toBe('a\nb\nc\nd');
    expect(cleanText('長女\u0000と\u0007二人\u001b暮らし\u007f\u009b')).toBe('長女と二人暮らし');
    expect(cleanText('\uFEFF通所介護\t週2回')).toBe('通所介護 週2回');
    expect(cleanText('田中\u202E一郎\u202C \u2066様\u2069\u200F')).toBe('田中一郎 様');
    expect(cleanText('か\u3099\uD800き\uDC00\uFFFD')).toBe('がき');
    // A combining mark left beside its base by a removal is composed with it.
    expect(cleanText('e\u202E\u0301')).toBe('é');
    expect(cleanText('がぎ😀')).toBe('がぎ😀');
  });
});

describe('what people type reaches the FAX, the mail and the record as plain text', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ fax: true });
    await registerCareOffice(s);
  });
  afterAll(async () => {
    await s.close();
  });

  const adl = ['屋内は杖歩行', '入浴は一部介助', '夜間はポータブルトイレ'];
  let pdf: Uint8Array;
  it("the care manager's sheet typed with CRLF, controls, bidi overrides and NFD reads back from the FAX without \\r, U+FFFD or controls", async () => {
    const event = admittedEvent('E-edge-1');
    event.data.ward = '4階\u202E東病棟\u0007';
    expect((await s.sendEvent('sanda-shimin', event)).status).toBe(202);
    await waitUntil(() => mailsSent(s).some((m) => m.subject.startsWith('【入院のお知らせ】')));
    const admission = mailsSent(s).find((m) => m.subject.startsWith('【入院のお知らせ】'))!;
    const [ack] = taskLinks(admission.text);
    const done = await (await postForm(ack!, { confirm: 'yes' })).text();
    const sheetUrl = `${taskLinks(done.replace(/href="/g, ' '))[0]!}/sheet`;
    s.clock.set('2026-12-05T10:00:00+09:00');
    const res = await postForm(sheetUrl, {
      action: 'submit',
      admittedOn: '2026-12-04',
      careLevel: '要介護2',
      history: '高血圧\r\n',
      dementia: 'なし',
      wandering: 'なし',
      // A multi-line answer of the region's form (介護者の介護方法).
      carerMethod: `${adl.join('\r\n')}\r\n`,
      household: '長女と\u0000二人暮らし\r\n',
      // NFD: か + combining dakuten.
      services: '通所介護 週2回\r\nデイサービスか\u3099\u202Eおか\u3099わ\r\n',
      careManagerName: '田中\u2066一郎\u2069',
    });
    expect(res.status).toBe(200);
    await waitUntil(() => faxesSent(s).length === 1);
    pdf = new Uint8Array(faxesSent(s)[0]!.attachments[0]!.content);
    const { text, flat, warnings } = await pdfText(pdf);
    expect(warnings).toBe('');
    expect(text).not.toContain('\r');
    expect(text).not.toContain('\uFFFD');
    expect(text).not.toMatch(CONTROL);
    expect(text).not.toMatch(BIDI);
    for (const line of adl) expect(text).toContain(`${line}\n`);
    expect(flat).toContain('デイサービスがおがわ');
    expect(flat).toContain('長女と二人暮らし');
    expect(flat).toContain('田中一郎');
    expect(flat).toContain('4階東病棟');
    expect(admission.text).toContain('4階東病棟');
  });

  it('the FAX page is blank after the end of each line of a multi-line answer (no missing-glyph box)', async () => {
    const words = await pdfWords(pdf);
    for (const line of adl) {
      const word = words.find((w) => w.text === line);
      expect(word, line).toBeDefined();
      // One glyph's width after the line's last character, inside the line's height.
      const em = word!.yMax - word!.yMin;
      const blank = await darkPixels(pdf, {
        page: word!.page,
        x: word!.xMax + 0.5,
        y: word!.yMin + 1,
        width: em * 1.5,
        height: em - 2,
      });
      expect(blank, `ink after 「${line}」`).toBe(0);
    }
    // The same rectangle over the line itself is inked: the check sees glyphs where there are some.
    const first = words.find((w) => w.text === adl[0])!;
    const em = first.yMax - first.yMin;
    expect(
      await darkPixels(pdf, {
        page: first.page,
        x: first.xMax - em * 1.5,
        y: first.yMin + 1,
        width: em * 1.5,
        height: em - 2,
      }),
    ).toBeGreaterThan(0);
  });

  it("the administrators' JSON is cleaned after its scope is checked: a care office's name", async () => {
    const res = await s.admin('/v1/admin/care-offices/edge-office', {
      method: 'PUT',
      body: { name: '三田\u202Eケアプラン\r\nセンター\u0000', email: 'edge@example.jp', region: 'sanda' },
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { name: string }).name).toBe('三田ケアプラン\nセンター');
    const refused = await fetch(`${s.base}/v1/admin/care-offices/edge-office`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x' }),
    });
    expect(refused.status).toBe(401);
  });
});

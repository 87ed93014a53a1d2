import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regionPacks } from '../../regions/index.generated.js';
import { regionSheetForm } from '../../regions/nationalSheetForm.js';
import { formFields } from '../../regions/sheetForm.js';
import { pdfText } from '../support/pdf.js';
import {
  faxesSent,
  mailsSent,
  postForm,
  registerCareOffice,
  startTestServer,
  type TestServer,
} from '../support/server.js';
import { FULL_SHEET, sheetFormFor } from '../support/sheets.js';
import { waitUntil } from '../support/wait.js';

/** The form the sending hospital's region (Sanda) uses, and its fields. */
const SHEET_FORM = regionSheetForm(regionPacks.find((p) => p.id === 'sanda'));
const SHEET_FIELDS = formFields(SHEET_FORM);

const flat = (v: string) => v.replace(/\s+/g, '');

/** The sheet's items and answers as printed, without page furniture (footers, continuation headers). */
function sheetBody(text: string): string {
  const plain = text
    .replace(/このFAXには個人情報[^()]*\(\d+\/\d+\)/g, '')
    .replace(/入院時情報提供シート(\(写し\))?\(続き\).*?確認番号[0-9A-Z-]+/g, '');
  // The items begin with the first section's title and its first field's label.
  const from = plain.indexOf(`${SHEET_FORM.sections[0]!.title}${SHEET_FIELDS[0]!.label}`.replace(/\s+/g, ''));
  const end = plain.indexOf(`連絡先電話番号${FULL_SHEET.contactPhone}`);
  return from < 0 || end < 0 ? '' : plain.slice(from, end);
}

// Sanda ※転院時の連絡 「転院先の病院へ入院時情報提供シートを提供する」: the document travels, not a cover
// sheet saying that it exists. The receiving hospital reads the same items and answers the sending
// hospital received from the care manager, read back from the FAX as a receiving machine would.
describe('Sanda ※転院時の連絡: the receiving hospital gets the information sheet itself', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ fax: true });
    await registerCareOffice(s);
  });
  afterAll(async () => {
    await s.close();
  });

  /** A stay whose care manager sent the full sheet to the hospital; the FAX the hospital got, as text. */
  async function staySheetSent(encounter: string) {
    const { caseId, url } = await sheetFormFor(s, encounter);
    const before = faxesSent(s).length;
    expect((await postForm(url, { action: 'submit', ...FULL_SHEET })).status).toBe(200);
    await waitUntil(() => faxesSent(s).length > before);
    const received = await pdfText(new Uint8Array(faxesSent(s).at(-1)!.attachments[0]!.content));
    return { caseId, received: received.flat };
  }

  /** The FAX sent to a number, as text. */
  async function faxTo(number: string) {
    const to = `${number}@fax.example.jp`;
    await waitUntil(() => faxesSent(s).some((f) => f.to.includes(to)));
    const fax = faxesSent(s).find((f) => f.to.includes(to))!;
    return pdfText(new Uint8Array(fax.attachments[0]!.content));
  }

  /** Every label and every answer of the sheet, in the FAX's text. */
  function expectSheetItems(text: string) {
    for (const item of SHEET_FIELDS) expect(text).toContain(flat(item.label));
    const answers: Record<string, string> = FULL_SHEET;
    for (const { key } of SHEET_FIELDS)
      if (key !== 'admittedOn' && answers[key]) expect(text, key).toContain(flat(answers[key]));
    expect(text).toContain('入院日2026年12月4日(金)');
    expect(text).toContain('山田花子様');
  }

  it('Sanda ※転院時の連絡: a transfer FAXes the sheet the hospital received (its items and answers) to the receiving window', async () => {
    const { received } = await staySheetSent('E-copy-1');
    const res = await s.sendEvent('sanda-shimin', {
      type: 'transferred',
      hospitalizationId: 'E-copy-1',
      occurredAt: '2026-12-04T10:50:00+09:00',
      data: { toHospitalId: 'sanda-hirashima', toHospitalName: '平島病院' },
    });
    expect(res.status, await res.clone().text()).toBe(202);
    const copy = await faxTo('0795645405');
    expect(copy.warnings).toBe('');
    expectSheetItems(copy.flat);
    // The same document: the items and answers, in order, as the sending hospital received them.
    expect(sheetBody(copy.flat)).not.toBe('');
    expect(sheetBody(copy.flat)).toBe(sheetBody(received));
    expect(copy.flat).toContain('入院時情報提供シート(写し)');
    expect(copy.flat).toContain('平島病院地域連携室御中');
    expect(copy.flat).toContain('送信元:三田市民病院総合支援センター退院支援連携室');
    expect(copy.flat).toContain('転院元の病棟4階東病棟');
    expect(copy.flat).toContain('三田ケアプランセンターが2026年12月4日(金)に提供したシート');
    // Not a cover letter that only says a copy exists.
    expect(copy.flat).not.toContain('写しを提供します');
    // The care manager is told the copy went.
    await waitUntil(() => mailsSent(s).some((m) => m.subject.startsWith('【転院のお知らせ】')));
    const told = mailsSent(s).find((m) => m.subject.startsWith('【転院のお知らせ】'))!.text;
    expect(told).toContain('転院先: 平島病院');
    expect(told).toContain('入院時情報提供シートの写しが提供されます');
  });

  it('Sanda ※転院時の連絡: a discharge to another hospital outside the directory sends the sheet to the FAX number given with the fact', async () => {
    await staySheetSent('E-copy-2');
    const res = await s.sendEvent('sanda-shimin', {
      type: 'discharged',
      hospitalizationId: 'E-copy-2',
      occurredAt: '2026-12-04T10:55:00+09:00',
      data: {
        destination: 'other_hospital',
        nursingSummarySent: false,
        toHospitalName: 'さくら記念病院',
        toHospitalFax: '０７９５－６３－１２２２'.normalize('NFKC'),
      },
    });
    expect(res.status, await res.clone().text()).toBe(202);
    const copy = await faxTo('0795631222');
    expectSheetItems(copy.flat);
    expect(copy.flat).toContain('さくら記念病院御中(FAX0795-63-1222)');
    expect(copy.flat).toContain('入院時情報提供シート(写し)');
    // FAX受信確認: the unlisted hospital confirms receipt from the FAX's link like any receiver.
    const receipt = /http:\/\/\S+\/r\/[0-9A-Z]+/.exec(copy.text)![0];
    const page = await (await fetch(receipt)).text();
    expect(page).toContain('転院患者の入院時情報提供シート');
    expect(page).not.toContain('山田');
    const confirmed = await postForm(receipt, { confirm: 'yes', name: '受付 佐藤' });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('受信を確認しました。');
  });

  it('Sanda ※転院時の連絡: a sheet given outside renkei is not promised as a copy; the FAX says whom to ask', async () => {
    const { url } = await sheetFormFor(s, 'E-copy-4');
    const task = url.replace(/\/sheet$/, '');
    const recorded = await postForm(task, { confirm: 'yes', means: 'face_to_face', providedAt: '2026-12-04T10:40' });
    expect(recorded.status).toBe(200);
    await s.sendEvent('sanda-shimin', {
      type: 'transferred',
      hospitalizationId: 'E-copy-4',
      occurredAt: '2026-12-04T10:58:00+09:00',
      data: { toHospitalName: '北摂リハビリ病院', toHospitalFax: '072-700-1234' },
    });
    const copy = await faxTo('0727001234');
    expect(copy.flat).toContain('北摂リハビリ病院御中');
    expect(copy.flat).toContain(
      '三田ケアプランセンターから2026年12月4日(金)にrenkeiを介さずに(面談・郵送など)当院へ提供されたため',
    );
    expect(copy.flat).toContain('三田市民病院総合支援センター退院支援連携室(電話079-565-8000)へお問い合わせください');
    expect(copy.flat).not.toContain(flat(SHEET_FIELDS[1]!.label));
  });

  it('a FAX number that is not one, or a receiving hospital on a discharge home, is refused naming the field', async () => {
    await s.sendEvent('sanda-shimin', {
      type: 'admitted',
      hospitalizationId: 'E-copy-3',
      occurredAt: '2026-12-04T10:30:00+09:00',
      data: { patient: { name: '山田 花子', birthDate: '1941-05-02' }, ward: '4階東病棟', careOfficeId: null },
    });
    const bad = await s.sendEvent('sanda-shimin', {
      type: 'transferred',
      hospitalizationId: 'E-copy-3',
      occurredAt: '2026-12-04T10:50:00+09:00',
      data: { toHospitalName: 'さくら記念病院', toHospitalFax: '079-563-12' },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(await bad.json())).toContain('data.toHospitalFax');
    const home = await s.sendEvent('sanda-shimin', {
      type: 'discharged',
      hospitalizationId: 'E-copy-3',
      occurredAt: '2026-12-04T10:50:00+09:00',
      data: { destination: 'home', nursingSummarySent: false, toHospitalName: 'さくら記念病院' },
    });
    expect(home.status).toBe(400);
    expect(JSON.stringify(await home.json())).toContain('data.toHospitalName');
  });
});

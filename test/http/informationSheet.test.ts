import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, contactWindows, informationSheets } from '../../db/schema.js';
import { windowFor } from '../../engine/directory/index.js';
import { sheetWindowPurpose } from '../../engine/notices/index.js';
import { MAX_FAX_PAGES } from '../../notifiers/faxDocument.js';
import { LINE_CHARS, maxLines } from '../../notifiers/informationSheetItems.js';
import { regionPacks } from '../../regions/index.generated.js';
import { NATIONAL_SHEET_FORM, regionSheetForm } from '../../regions/nationalSheetForm.js';
import { formFields } from '../../regions/sheetForm.js';
import { decodeQrOnPage, pdfText } from '../support/pdf.js';
import {
  faxesSent,
  mailsSent,
  registerCareOffice,
  startTestServer,
  type TestServer,
  taskLinks,
} from '../support/server.js';
import { FULL_SHEET, sheetFormFor } from '../support/sheets.js';
import { waitUntil } from '../support/wait.js';

type Detail = {
  state: string;
  deadlines: { key: string; status: string; metAt: string | null }[];
  tasks: { kind: string; status: string }[];
  timeline: {
    kind: string;
    type?: string;
    outcome?: string;
    channel?: string | null;
    status?: string;
    notice?: string;
  }[];
};

const answers = FULL_SHEET;

/** The hospital's region's own form (its pack): these tests run at its hospital. */
const FORM = regionSheetForm(regionPacks.find((p) => p.id === 'sanda'));

// Seed 002 §4(1)❶ and Sanda A①: the sheet within 3 days, by FAX when not face to face, its receipt confirmed.
describe("the care manager's information sheet: a Japanese form, drafts kept, sent once to the right window, read back", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ fax: true });
    await registerCareOffice(s);
  });
  afterAll(async () => {
    await s.close();
  });

  const detail = async (caseId: string) =>
    (await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as Detail;
  const post = (url: string, form: Record<string, string>) =>
    fetch(url, { method: 'POST', body: new URLSearchParams(form) });

  /** Admits a patient and follows the admission notice to the sheet page, as the care manager would. */
  async function sheetUrlFor(encounter: string) {
    const found = await sheetFormFor(s, encounter);
    const task = await (await fetch(found.url.replace(/\/sheet$/, ''))).text();
    expect(task).toContain('入院時情報提供シートを作成する');
    return found;
  }

  let caseId: string;
  let url: string;
  it('the form asks every item of 002 §4(1)❶ in Japanese and names the window it goes to (inpatient → 退院支援連携室)', async () => {
    ({ caseId, url } = await sheetUrlFor('E-sheet-1'));
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    for (const label of [
      '入院日',
      '疾患・病歴',
      '認知症の有無',
      '徘徊等の行動の有無',
      '家族構成',
      '生活歴',
      '介護者の介護方法',
      '家族介護者の状況',
      '利用中の介護保険サービス',
      'その他のサービス',
      '本人や家族の思い',
    ]) {
      expect(html).toContain(label);
    }
    expect(html).toContain('三田市民病院 総合支援センター 退院支援連携室 (FAX 079-565-8018)');
    expect(html).toContain('value="2026-12-04"');
    expect(html).toContain('FAXで病院へ送信する');
  });

  it('a draft is kept and shown again; nothing is sent', async () => {
    const res = await post(url, { action: 'draft', dementia: 'あり', household: '長女と二人暮らし' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('下書きを保存しました');
    const again = await (await fetch(url)).text();
    expect(again).toContain('長女と二人暮らし</textarea>');
    expect(again).toMatch(/<option value="あり" selected="">あり<\/option>/);
    expect(faxesSent(s)).toHaveLength(0);
    expect((await detail(caseId)).state).toBe('informationProvision');
  });

  it('submitting with required items missing is refused in Japanese; nothing is sent', async () => {
    const res = await post(url, { action: 'submit', dementia: 'あり' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('「担当ケアマネジャー」を入力してください。');
    expect(html).toContain('「利用中の介護保険サービス」を入力してください。');
    // Each error stands next to its field.
    expect(html).toMatch(
      /<div id="f-careManagerName-error" class="field-error" role="alert">「担当ケアマネジャー」を入力してください。<\/div><input id="f-careManagerName"[^>]*aria-invalid="true"/,
    );
    expect(faxesSent(s)).toHaveLength(0);
  });

  let pdf: Uint8Array;
  it('on submit the PDF goes by FAX to 079-565-8018 and its Japanese text reads back', async () => {
    s.clock.set('2026-12-05T10:00:00+09:00');
    const res = await post(url, { action: 'submit', ...answers });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('送信を受け付けました');
    await waitUntil(() => faxesSent(s).length === 1);
    const [fax] = faxesSent(s);
    expect(fax!.to).toEqual(['0795658018@fax.example.jp']);
    pdf = new Uint8Array(fax!.attachments[0]!.content);
    const { flat, warnings } = await pdfText(pdf);
    expect(warnings).toBe('');
    for (const text of [
      '入院時情報提供シート',
      '三田市民病院総合支援センター退院支援連携室御中',
      '送信元:三田ケアプランセンター',
      '山田花子様',
      '1941年5月2日',
      '2026年12月4日(金)',
      '要介護2',
      '認知症の有無あり',
      '徘徊等の行動の有無あり',
      '夕方に屋外へ出ようとすることがある',
      '長女と二人暮らし',
      '通所介護週2回',
      '自宅で介護を続けたい',
      'ポータブルトイレへ誘導',
      '配食サービス',
      '田中一郎',
    ]) {
      expect(flat).toContain(text.replace(/\s+/g, ''));
    }
  });

  it('the provision is recorded with date/time, means and recipient; the deadline is met and the task done', async () => {
    await waitUntil(async () => (await detail(caseId)).state === 'inpatientCoordination');
    const d = await detail(caseId);
    expect(d.timeline.find((t) => t.kind === 'event' && t.type === 'information_sheet_provided')).toMatchObject({
      outcome: 'accepted',
    });
    expect(d.deadlines.find((x) => x.key === 'informationSheet')).toMatchObject({
      status: 'met',
      metAt: '2026-12-05T01:00:00.000Z',
    });
    expect(d.tasks.find((t) => t.kind === 'report_information_sheet')!.status).toBe('done');
    const [event] = await s.running.deps.database.db
      .select({ data: caseEvents.data })
      .from(caseEvents)
      .where(eq(caseEvents.type, 'information_sheet_provided'));
    const data = event!.data as { means: string; recipient: { name: string; fax: string } };
    expect(data.means).toBe('fax');
    expect(data.recipient).toMatchObject({ name: '総合支援センター 退院支援連携室', fax: '079-565-8018' });
    const sheetNotice = d.timeline.find((t) => t.kind === 'notice' && t.notice === 'information_sheet');
    expect(sheetNotice).toMatchObject({ status: 'sent', channel: 'fax' });
  });

  it('submitting twice sends once', async () => {
    const again = await post(url, { action: 'submit', ...answers, assessment: '二度目' });
    expect(again.status).toBe(200);
    await s.sweep();
    expect(faxesSent(s)).toHaveLength(1);
    const draft = await post(url, { action: 'draft', assessment: '送信後の下書き' });
    expect(await draft.text()).not.toContain('下書きを保存しました');
  });

  it('a double click (two submits at once) on a fresh sheet sends one FAX', async () => {
    const second = await sheetUrlFor('E-sheet-2');
    const results = await Promise.all([
      post(second.url, { action: 'submit', ...answers }),
      post(second.url, { action: 'submit', ...answers }),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    await waitUntil(() => faxesSent(s).length === 2);
    await s.sweep();
    expect(faxesSent(s)).toHaveLength(2);
  });

  it('a sheet the FAX gateway refuses (and the window takes no email) is given up, and the care manager is told at once', async () => {
    // Before the reminder timer (day 2, 09:00), so the refusal meets the FAX and nothing else.
    s.clock.set('2026-12-04T11:30:00+09:00');
    const third = await sheetUrlFor('E-sheet-3');
    s.smtp!.refuseNext(1, 550);
    expect((await post(third.url, { action: 'submit', ...answers })).status).toBe(200);
    await waitUntil(() =>
      mailsSent(s).some((m) => m.subject === '【送信できませんでした】入院時情報提供シート (三田市民病院)'),
    );
    const mail = mailsSent(s).find((m) => m.subject.startsWith('【送信できませんでした】'))!;
    expect(mail.to).toEqual(['cm@kyotaku.example.jp']);
    expect(mail.text).toContain('別の方法で提供し');
    expect(taskLinks(mail.text)).toHaveLength(1);
    const page = await (await fetch(third.url)).text();
    expect(page).toContain('病院の窓口へ送信できませんでした');
    const d = await detail(third.caseId);
    expect(d.state).toBe('informationProvision');
    expect(d.timeline.find((t) => t.kind === 'notice' && t.notice === 'information_sheet')).toMatchObject({
      status: 'dead',
    });
    const stuck = (await (await s.admin('/v1/admin/notices/stuck')).json()) as {
      deadNotices: { caseId: string; notice: string }[];
    };
    expect(stuck.deadNotices).toEqual([expect.objectContaining({ caseId: third.caseId, notice: 'information_sheet' })]);
  });

  it('the hospital confirms receipt from the QR code; the care manager sees it on the sheet page', async () => {
    s.clock.set('2026-12-05T12:00:00+09:00');
    const confirm = await decodeQrOnPage(pdf);
    expect(confirm).toMatch(/\/r\/[0-9A-Z]{10}$/);
    const page = await (await fetch(confirm!)).text();
    expect(page).toContain('入院時情報提供シート');
    expect(page).not.toContain('山田');
    expect((await post(confirm!, { confirm: 'yes', name: '連携室 佐藤' })).status).toBe(200);
    const sheet = await (await fetch(url)).text();
    expect(sheet).toContain('病院が受信を確認しました');
    expect((await detail(caseId)).timeline.find((t) => t.kind === 'delivery' && t.channel === 'fax')!.status).toBe(
      'confirmed',
    );
  });

  it("the sent sheet keeps the form (and version) it was written against; one stored before regions' forms renders with the national items", async () => {
    const { db } = s.running.deps.database;
    const [row] = await db.select().from(informationSheets).where(eq(informationSheets.caseId, caseId));
    expect(row!.form).toMatchObject({ id: FORM.id, version: FORM.version, name: FORM.name });
    expect(Object.keys(row!.answers)).toEqual(formFields(FORM).map((f) => f.key));
    // A sheet of the national items' version 1 (stored before forms were the regions'): its keys and labels.
    await db
      .update(informationSheets)
      .set({ form: null, answers: { ...row!.answers, household: '長女と二人暮らし (旧様式)', mainCarer: '長女' } })
      .where(eq(informationSheets.id, row!.id));
    const page = await (await fetch(url)).text();
    expect(page).toContain('<h1>入院時情報提供シート</h1>');
    expect(page).toContain('家族構成・同居者');
    expect(page).toContain('長女と二人暮らし (旧様式)</textarea>');
    expect(page).toContain('主介護者 (続柄)');
    expect(page).not.toContain('本人や家族の思い');
  });

  it('a free-text item of 1,000 short lines is refused in Japanese naming the item and its limit, which the form states next to each free-text item; nothing is sent', async () => {
    const bomb = await sheetUrlFor('E-sheet-bomb');
    const form = await (await fetch(bomb.url)).text();
    expect(form).toContain(`12行まで (1行は${LINE_CHARS}字までで数えます)`);
    expect(form).toContain(`1行まで (1行は${LINE_CHARS}字までで数えます)`);
    const faxes = faxesSent(s).length;
    const res = await post(bomb.url, { action: 'submit', ...answers, history: 'あ\n'.repeat(1000) });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(
      '「疾患・病歴」は12行までにしてください (1行は32字までで数えます。いまは1000行です)。',
    );
    // One line over is refused too; a long line counts once per LINE_CHARS characters.
    const over = await post(bomb.url, {
      action: 'submit',
      ...answers,
      behaviorNote: '漢'.repeat(12 * LINE_CHARS + 1),
    });
    expect(over.status).toBe(400);
    expect(await over.text()).toContain('「認知症・行動の状況」は12行までにしてください');
    await s.running.idle();
    expect(faxesSent(s)).toHaveLength(faxes);
  });

  it(`a sheet with every free-text item at its limit is accepted and goes as one FAX of at most ${MAX_FAX_PAGES} pages, every line printed`, async () => {
    const full = await sheetUrlFor('E-sheet-full');
    const free = formFields(FORM).filter((i) => maxLines(i) !== null);
    // Every line as long as it may be; each item's last line ends with its own mark, to find it in the FAX.
    const fullAnswers = Object.fromEntries(
      free.map((item, n) => {
        const mark = `おわり${String.fromCharCode(65 + n)}`;
        const lines = Array.from({ length: maxLines(item)! }, () => '漢'.repeat(LINE_CHARS));
        lines[lines.length - 1] = '漢'.repeat(LINE_CHARS - mark.length) + mark;
        return [item.key, lines.join('\n')];
      }),
    );
    const faxes = faxesSent(s).length;
    const res = await post(full.url, { action: 'submit', ...answers, ...fullAnswers });
    expect(res.status).toBe(200);
    await waitUntil(() => faxesSent(s).length === faxes + 1);
    const { flat, pages } = await pdfText(new Uint8Array(faxesSent(s).at(-1)!.attachments[0]!.content));
    expect(pages).toBeLessThanOrEqual(MAX_FAX_PAGES);
    for (const n of free.keys()) expect(flat).toContain(`おわり${String.fromCharCode(65 + n)}`);
  });
});

describe('Sanda Municipal Hospital windows by purpose (seed 001 directory)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
  });
  afterAll(async () => {
    await s.close();
  });

  it('inpatients → 退院支援連携室 (FAX 079-565-8018); planned admissions and outpatients → 入院支援連携室 (FAX 079-565-8015)', async () => {
    const { eq } = await import('drizzle-orm');
    const windows = await s.running.deps.database.db
      .select()
      .from(contactWindows)
      .where(eq(contactWindows.hospitalId, 'sanda-shimin'));
    expect(windowFor(windows, 'inpatient')!.fax).toBe('079-565-8018');
    expect(windowFor(windows, 'planned_admission')!.fax).toBe('079-565-8015');
    expect(windowFor(windows, 'outpatient')!.fax).toBe('079-565-8015');
    const admittedAt = '2026-12-04T10:30:00+09:00';
    expect(sheetWindowPurpose(admittedAt, new Date('2026-12-03T15:00:00+09:00'))).toBe('planned_admission');
    expect(sheetWindowPurpose(admittedAt, new Date('2026-12-04T11:00:00+09:00'))).toBe('inpatient');
  });

  it('every sheet field, national and of every region, has a unique key and a Japanese label', () => {
    for (const form of [NATIONAL_SHEET_FORM, ...regionPacks.map(regionSheetForm)]) {
      const fields = formFields(form);
      expect(new Set(fields.map((i) => i.key)).size).toBe(fields.length);
      for (const item of fields) expect(item.label).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  });
});

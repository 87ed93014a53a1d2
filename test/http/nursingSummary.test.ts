import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibsqlDatabase } from '../../db/database.js';
import { needlesInColumns } from '../support/atRest.js';
import { ACCOUNTS, consoleClient, createAccount, createConsoleAccounts, loggedIn } from '../support/console.js';
import { SAMPLE_NURSING_SUMMARY } from '../support/nursingSummary.js';
import { signedInOffice } from '../support/office.js';
import { pdfText } from '../support/pdf.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';
import { waitForMails } from '../support/smtp.js';

// Sanda A⑤ 看護サマリー: the hospital's nursing summary travels as data with `nursing_summary_sent`,
// sealed at rest, and reaches the care manager as a page (after an explicit press) and a PDF.

const SUMMARY = SAMPLE_NURSING_SUMMARY;

const event = (type: string, occurredAt: string, data: unknown, hospitalizationId = 'E-summary-1') => ({
  type,
  hospitalizationId,
  occurredAt,
  data,
});

describe('Sanda A⑤ 看護サマリー travels as data', () => {
  let s: TestServer;
  let caseId: string;
  let oldStyleCaseId: string;
  beforeAll(async () => {
    s = await startTestServer({ start: '2026-12-16T11:00:00+09:00' });
    await registerCareOffice(s);
    await registerCareOffice(s, 'sanda-kyotaku-02', 'other@kyotaku.example.jp');
    await createConsoleAccounts(s);
    await createAccount(s, {
      loginId: 'nishi',
      name: '西病院 鈴木',
      role: 'hospital_staff',
      hospitalId: 'sanda-nishi',
      password: 'nishi-password-1',
    });
    const r = await s.sendEvent('sanda-shimin', admittedEvent('E-summary-1'));
    caseId = ((await r.json()) as { caseId: string }).caseId;
    await s.sendEvent(
      'sanda-shimin',
      event('discharged', '2026-12-15T10:00:00+09:00', { destination: 'home', nursingSummarySent: false }),
    );
    const old = await s.sendEvent('sanda-shimin', admittedEvent('E-summary-old'));
    oldStyleCaseId = ((await old.json()) as { caseId: string }).caseId;
    await s.sendEvent(
      'sanda-shimin',
      event(
        'discharged',
        '2026-12-15T10:00:00+09:00',
        { destination: 'home', nursingSummarySent: false },
        'E-summary-old',
      ),
    );
  }, 120_000);
  afterAll(async () => {
    await s.close();
  });

  it('Sanda A⑤ 看護サマリー: a summary with a line over its limit is refused, 400 problem+json naming the field', async () => {
    const long = '転'.repeat(32 * 12 + 1); // 12 printed lines of 32 characters, and one more
    const res = await s.sendEvent(
      'sanda-shimin',
      event('nursing_summary_sent', '2026-12-15T15:00:00+09:00', {
        summary: { ...SUMMARY, expectedCareProblems: long },
      }),
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { errors?: { field: string; message: string }[] };
    expect(problem.errors?.map((e) => e.field)).toContain('data.summary.expectedCareProblems');
    expect(JSON.stringify(problem)).toContain('at most 12 printed lines');
    // 12 lines exactly is within the limit: the same text one character shorter is not refused for its length.
    const exact = await s.sendEvent(
      'sanda-shimin',
      event('nursing_summary_sent', '2026-12-15T15:00:00+09:00', {
        summary: { ...SUMMARY, expectedCareProblems: long.slice(1), writer: { name: '' } },
      }),
    );
    const fields = ((await exact.json()) as { errors?: { field: string }[] }).errors?.map((e) => e.field);
    expect(fields).not.toContain('data.summary.expectedCareProblems');
    expect(fields).toContain('data.summary.writer.name');
  });

  it('Sanda A⑤ 看護サマリー: webhook with the data → notice → the link shows no personal data → the press shows it → PDF', async () => {
    const res = await s.sendEvent(
      'sanda-shimin',
      event('nursing_summary_sent', '2026-12-15T16:00:00+09:00', { summary: SUMMARY }),
    );
    expect(res.status).toBe(202);
    await s.sweep();
    const mails = await waitForMails(s.smtp!.mails, 1);
    const notice = mails.find((m) => m.subject.includes('看護サマリーのお知らせ'));
    expect(notice, mails.map((m) => m.subject).join(' / ')).toBeDefined();
    expect(notice!.to).toEqual(['cm@kyotaku.example.jp']);
    const link = /https?:\/\/\S+\/n\/[0-9A-Z]+/.exec(notice!.text)?.[0];
    expect(link).toBeDefined();
    // The content never travels in the mail itself.
    expect(notice!.text).not.toContain('夜間のトイレ移動');

    const opened = await fetch(link!, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    const buttonUrl = new URL(opened.headers.get('location')!, s.base).toString();
    const button = await fetch(buttonUrl);
    expect(button.status).toBe(200);
    expect(button.headers.get('cache-control')).toBe('no-store');
    const buttonHtml = await button.text();
    expect(buttonHtml).toContain('看護サマリーを表示する');
    for (const personal of ['山田', '夜間のトイレ移動', 'アムロジピン', '看護 花子'])
      expect(buttonHtml).not.toContain(personal);

    const shown = await fetch(buttonUrl, { method: 'POST' });
    expect(shown.status).toBe(200);
    const page = await shown.text();
    for (const item of [
      '山田 花子 様',
      '予測される介護上の問題',
      '夜間のトイレ移動で転倒の恐れ。',
      '2026年12月14日(月)',
      '2026年12月12日(土)',
      'アムロジピン5mg 朝1錠',
      '杖歩行・見守り',
      '常食、塩分6g制限',
      '仙骨部に発赤',
      '訪問看護の導入をご検討ください',
      '079-563-1111',
    ])
      expect(page).toContain(item);

    const pdf = await fetch(`${buttonUrl}/pdf`, { method: 'POST' });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const { flat } = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
    for (const item of [
      '看護サマリー',
      '山田花子',
      '夜間のトイレ移動で転倒の恐れ。',
      '2026年12月14日(月)',
      'アムロジピン5mg朝1錠',
      '一部介助',
      '看護花子',
    ])
      expect(flat).toContain(item);

    // Each opening is in the stay's audit log.
    const center = await loggedIn(s, 'admin');
    const casePage = await (await center.get(`/console/cases/${caseId}`)).text();
    expect(casePage).toContain('ケアマネジャーが看護サマリーを表示 (お知らせのリンク)');
    expect(casePage).toContain('ケアマネジャーが看護サマリーのPDFを取得 (お知らせのリンク)');
  }, 120_000);

  it('Sanda A⑤ 看護サマリー: sealed at rest — no column of any table holds its text, the event log names only its row', async () => {
    const database = s.running.deps.database as LibsqlDatabase;
    const { found } = await needlesInColumns(database, ['夜間のトイレ移動', 'アムロジピン5mg', '仙骨部に発赤']);
    expect(found).toEqual([]);
    const rows = await database.client.execute({
      sql: 'SELECT content FROM nursing_summaries WHERE case_id = ?',
      args: [caseId],
    });
    expect(rows.rows).toHaveLength(1);
    expect(String(rows.rows[0]!.content)).toMatch(/^enc:v1:/);
    const logged = await database.client.execute({
      sql: "SELECT data FROM case_events WHERE case_id = ? AND type = 'nursing_summary_sent' AND outcome = 'accepted'",
      args: [caseId],
    });
    expect(String(logged.rows[0]!.data)).toMatch(/^\{"summaryId":"nsum_/);
  });

  it('Sanda A⑤ 看護サマリー: the care office opens it from its own page; another office cannot', async () => {
    const phone = await signedInOffice(s, 'cm@kyotaku.example.jp');
    const home = await (await phone.get('/office')).text();
    expect(home).toContain(`/office/stays/${caseId}/nursing-summary`);
    const page = await (await phone.get(`/office/stays/${caseId}/nursing-summary`)).text();
    expect(page).toContain('夜間のトイレ移動で転倒の恐れ。');
    const pdf = await phone.get(`/office/stays/${caseId}/nursing-summary.pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const other = await signedInOffice(s, 'other@kyotaku.example.jp');
    expect((await other.get(`/office/stays/${caseId}/nursing-summary`)).status).toBe(404);
    expect((await other.get(`/office/stays/${caseId}/nursing-summary.pdf`)).status).toBe(404);
  });

  it("Sanda A⑤ 看護サマリー: the console shows it to the center and the hospital's own staff; another hospital's staff cannot open it", async () => {
    const staff = await loggedIn(s, 'staff');
    const own = await staff.get(`/console/cases/${caseId}/nursing-summary`);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('夜間のトイレ移動で転倒の恐れ。');
    const nishi = consoleClient(s);
    await nishi.login('nishi', 'nishi-password-1');
    const refused = await nishi.get(`/console/cases/${caseId}/nursing-summary`);
    expect(refused.status).toBe(404);
    expect(await refused.text()).not.toContain('夜間のトイレ移動');
    expect((await nishi.get(`/console/cases/${caseId}/nursing-summary.pdf`)).status).toBe(404);
    const center = await loggedIn(s, 'admin');
    expect((await center.get(`/console/cases/${caseId}/nursing-summary`)).status).toBe(200);
    expect(ACCOUNTS.staff.hospitalId).toBe('sanda-shimin');
  });

  it('Sanda A⑤ 看護サマリー: an old-style fact without data stays accepted and is shown as 「内容はFAX等で別送」, with no notice', async () => {
    const before = s.smtp!.mails.length;
    const res = await s.sendEvent(
      'sanda-shimin',
      event('nursing_summary_sent', '2026-12-15T16:00:00+09:00', {}, 'E-summary-old'),
    );
    expect(res.status).toBe(202);
    expect(((await res.json()) as { outcome?: string; state?: string }).state).toBe('carePlanCopy');
    await s.sweep();
    expect(s.smtp!.mails.slice(before).filter((m) => m.subject.includes('看護サマリー'))).toEqual([]);
    const center = await loggedIn(s, 'admin');
    expect(await (await center.get(`/console/cases/${oldStyleCaseId}`)).text()).toContain('内容はFAX等で別送');
    const phone = await signedInOffice(s, 'cm@kyotaku.example.jp');
    const home = await (await phone.get('/office')).text();
    expect(home).toContain('内容はFAX等で別送');
    expect(home).not.toContain(`/office/stays/${oldStyleCaseId}/nursing-summary`);
  });

  it('Sanda A⑤ 看護サマリー: by hand in the console, a line over the limit is named next to its field in Japanese', async () => {
    const staff = await loggedIn(s, 'staff');
    const res = await staff.post(`/console/cases/${oldStyleCaseId}/events`, {
      type: 'nursing_summary_sent',
      occurredAt: '2026-12-15T17:00',
      expectedCareProblems: '転倒の恐れ',
      nurseNotes: 'あ\n'.repeat(13),
      writerName: '看護 次郎',
      nonce: 'form-summary-by-hand-1',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('看護師よりは12行までにしてください');
    const ok = await staff.post(`/console/cases/${oldStyleCaseId}/events`, {
      type: 'nursing_summary_sent',
      occurredAt: '2026-12-15T17:00',
      expectedCareProblems: '手入力の転倒リスク',
      writerName: '看護 次郎',
      nonce: 'form-summary-by-hand-2',
    });
    expect(ok.status).toBe(303);
    const page = await (await staff.get(`/console/cases/${oldStyleCaseId}/nursing-summary`)).text();
    expect(page).toContain('手入力の転倒リスク');
  });
});

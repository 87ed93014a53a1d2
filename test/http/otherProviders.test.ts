import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, consoleClient, createConsoleAccounts } from '../support/console.js';
import { signedInOffice } from '../support/office.js';
import {
  admittedEvent,
  faxesTo,
  mailsTo,
  registerCareOffice,
  startTestServer,
  type TestServer,
  taskLinks,
} from '../support/server.js';
import { waitUntil } from '../support/wait.js';

// Issue 16 (3): 「One send can also reach several providers of the same patient: a case may name other
// providers (訪問看護ステーション, day service) who are copied on the discharge-start and discharge
// notices」 (Sanda A①: the care manager tells the visiting nurse, who sends the hospital a summary).

const OFFICE = 'cm@kyotaku.example.jp';
const OTHER_OFFICE = 'other@kyotaku.example.jp';
const NURSE = 'nurse@houmon.example.jp';
const DAY_FAX = '079-555-0101';
const HOSPITAL = 'sanda-shimin';

const nurse = { kind: 'visiting_nursing', name: 'さくら訪問看護ステーション', email: NURSE };
const dayService = { kind: 'day_service', name: 'ひまわりデイサービス', fax: DAY_FAX, preferredChannel: 'fax' };

/** An admission that names the patient's other providers, as the hospital's webhook sends it. */
function admittedWith(hospitalizationId: string, otherProviders: unknown[], patientName = '山田 花子') {
  const event = admittedEvent(hospitalizationId);
  return {
    ...event,
    data: { ...event.data, patient: { ...event.data.patient, name: patientName }, otherProviders },
  };
}

const planningStarted = (hospitalizationId: string, occurredAt: string) => ({
  type: 'discharge_planning_started',
  hospitalizationId,
  occurredAt,
  data: { expectedDischargeDate: '2026-12-20' },
});
const discharged = (hospitalizationId: string, occurredAt: string) => ({
  type: 'discharged',
  hospitalizationId,
  occurredAt,
  data: { destination: 'home', nursingSummarySent: true },
});

/** Mails and FAXes (a PDF rendered first) arrive after the commit: on a loaded machine, seconds later. */
const arrives = (check: () => boolean) => waitUntil(check, 20_000, 'the mail');

describe('other providers of the patient are copied on the discharge-start and discharge notices', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ start: '2026-12-04T11:00:00+09:00', fax: true });
    await registerCareOffice(s);
    await registerCareOffice(s, 'sanda-kyotaku-02', OTHER_OFFICE);
    await createConsoleAccounts(s);
  });
  afterAll(async () => {
    await s.close();
  });

  const send = async (body: unknown) => {
    const res = await s.sendEvent(HOSPITAL, body);
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    return res;
  };

  it('the hospital names them with the admission; the copy reaches each on discharge start and discharge, not before', async () => {
    await send(admittedWith('E-P1', [nurse, dayService]));
    await arrives(() => mailsTo(s, OFFICE).some((m) => m.subject.startsWith('【入院のお知らせ】')));
    await s.sweep();
    // The admission is the care manager's alone.
    expect(mailsTo(s, NURSE)).toEqual([]);
    expect(faxesTo(s, DAY_FAX)).toEqual([]);

    s.clock.set('2026-12-08T10:00:00+09:00');
    await send(planningStarted('E-P1', '2026-12-08T09:50:00+09:00'));
    await arrives(() => mailsTo(s, NURSE).length === 1 && faxesTo(s, DAY_FAX).length === 1);
    const copy = mailsTo(s, NURSE)[0]!;
    expect(copy.subject).toBe('【退院調整開始のお知らせ (写し)】三田市民病院');
    expect(copy.text).toContain('さくら訪問看護ステーション ご担当者様');
    expect(copy.text).toContain('ご利用者 山田 様');
    expect(copy.text).toContain('退院予定日: 2026年12月20日(日)');
    // Whom to work with: the care manager's office and its phone; whom to call: the hospital's window.
    expect(copy.text).toContain('担当ケアマネジャー (三田ケアプランセンター) へのお知らせの写しです');
    expect(copy.text).toContain('三田ケアプランセンター 電話 079-000-0001');
    expect(copy.text).toContain('【連絡先】三田市民病院 総合支援センター 退院支援連携室\n  電話 079-565-8000');
    // No link to act on the case: the provider is not the care manager.
    expect(taskLinks(copy.text)).toEqual([]);
    expect(copy.text).not.toContain('/office');
    expect(mailsTo(s, OFFICE).some((m) => m.subject === '【退院調整開始のお知らせ】三田市民病院')).toBe(true);

    s.clock.set('2026-12-20T11:00:00+09:00');
    await send(discharged('E-P1', '2026-12-20T10:30:00+09:00'));
    await arrives(() => mailsTo(s, NURSE).length === 2 && faxesTo(s, DAY_FAX).length === 2);
    expect(mailsTo(s, NURSE)[1]!.subject).toBe('【退院のお知らせ (写し)】三田市民病院');
    expect(mailsTo(s, NURSE)[1]!.text).toContain('退院先: 自宅等');
  }, 60_000);

  it('a copy by FAX asks for no receipt: it is not a handoff', async () => {
    const caseId = await caseOf('E-P1');
    const detail = (await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as {
      timeline: { kind: string; notice?: string; recipient?: string; status?: string }[];
    };
    const copies = detail.timeline.filter((t) => t.kind === 'notice' && t.notice?.endsWith('_copy'));
    expect(copies.map((t) => t.notice).sort()).toEqual([
      'discharge_copy',
      'discharge_copy',
      'discharge_start_copy',
      'discharge_start_copy',
    ]);
    expect(detail.timeline.filter((t) => t.kind === 'receipt')).toEqual([]);
  });

  async function noticesOf(caseId: string) {
    const detail = (await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as {
      timeline: { kind: string; notice?: string }[];
    };
    return detail.timeline.filter((t) => t.kind === 'notice').map((t) => t.notice);
  }

  async function caseOf(hospitalizationId: string) {
    const res = await s.admin(`/v1/admin/hospitalizations?hospitalId=${HOSPITAL}`);
    const { items } = (await res.json()) as { items: { caseId: string; hospitalizationId: string }[] };
    const found = items.find((i) => i.hospitalizationId === hospitalizationId);
    if (!found) throw new Error(`no case ${hospitalizationId}`);
    return found.caseId;
  }

  it("a provider's bad email is refused with a problem naming the field; nothing is recorded", async () => {
    const res = await s.sendEvent(HOSPITAL, admittedWith('E-P2', [{ ...nurse, email: 'nurse-at-houmon' }]));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { errors?: { field: string }[] };
    expect(problem.errors?.map((e) => e.field)).toContain('data.otherProviders.0.email');
    await expect(caseOf('E-P2')).rejects.toThrow('no case E-P2');
  });

  it("a provider id the region's directory does not list is refused (400), naming the field", async () => {
    const res = await s.sendEvent(HOSPITAL, admittedWith('E-P3', [{ directoryId: 'no-such-provider' }]));
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors?: { field: string }[]; detail?: string };
    expect(JSON.stringify(problem)).toContain('data.otherProviders.0.directoryId');
  });

  it('the care manager adds a provider on the office page (audited); it is copied from then on', async () => {
    await send(admittedWith('E-P4', [], '佐藤 一郎'));
    const caseId = await caseOf('E-P4');
    const phone = await signedInOffice(s, OFFICE);
    const home = await (await phone.get('/office')).text();
    expect(home).toContain(`/office/stays/${caseId}/providers`);
    expect(home).toContain('他の事業所に写しを送る');
    const added = await phone.post(`/office/stays/${caseId}/providers`, {
      kind: 'visiting_nursing',
      name: 'つばき訪問看護ステーション',
      email: 'tsubaki@houmon.example.jp',
    });
    expect(added.status).toBe(303);
    const page = await (await phone.get(`/office/stays/${caseId}/providers`)).text();
    expect(page).toContain('つばき訪問看護ステーション');
    expect(page).toContain('ケアマネジャー (三田ケアプランセンター)');
    const { items } = (await (await s.admin('/v1/admin/audit?limit=1000')).json()) as {
      items: { actor: string; action: string; target: string }[];
    };
    expect(items.filter((e) => e.action === 'case.other_provider_added' && e.target === caseId)).toEqual([
      expect.objectContaining({ actor: 'care_office:sanda-kyotaku-01' }),
    ]);

    s.clock.set('2026-12-21T10:00:00+09:00');
    await send(planningStarted('E-P4', '2026-12-21T09:50:00+09:00'));
    await arrives(() => mailsTo(s, 'tsubaki@houmon.example.jp').length === 1);
    expect(mailsTo(s, 'tsubaki@houmon.example.jp')[0]!.text).toContain('ご利用者 佐藤 様');
  });

  it('removing a provider stops copies', async () => {
    await send(
      admittedWith('E-P5', [{ ...nurse, name: 'かえで訪問看護', email: 'kaede@houmon.example.jp' }], '高橋 二郎'),
    );
    const caseId = await caseOf('E-P5');
    const phone = await signedInOffice(s, OFFICE);
    const page = await (await phone.get(`/office/stays/${caseId}/providers`)).text();
    expect(page).toContain('かえで訪問看護');
    expect(page).toContain('病院 (三田市民病院)');
    const removeAction = /action="(\/office\/stays\/[^"]+\/remove)"/.exec(page)?.[1];
    expect(removeAction).toBeDefined();
    expect((await phone.post(removeAction!, {})).status).toBe(303);
    expect(await (await phone.get(`/office/stays/${caseId}/providers`)).text()).not.toContain('かえで訪問看護');

    await send(planningStarted('E-P5', '2026-12-21T09:55:00+09:00'));
    await arrives(() => mailsTo(s, OFFICE).filter((m) => m.text.includes('高橋')).length >= 2);
    await s.sweep();
    expect(mailsTo(s, 'kaede@houmon.example.jp')).toEqual([]);
    // Not queued at all: the stay no longer names it.
    expect(await noticesOf(caseId)).not.toContain('discharge_start_copy');
    expect(await noticesOf(caseId)).toContain('discharge_start_notice');
  });

  it("a provider's bad email on the office page: the form comes back with the error next to the field", async () => {
    const caseId = await caseOf('E-P4');
    const phone = await signedInOffice(s, OFFICE);
    const res = await phone.post(`/office/stays/${caseId}/providers`, {
      kind: 'day_service',
      name: 'あおばデイサービス',
      email: 'aoba@',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(
      /<p class="notice error" role="alert" id="provider-email-error">メールアドレスの形をご確認ください/,
    );
    // What was typed stays in the form.
    expect(html).toContain('value="あおばデイサービス"');
    expect(await (await phone.get(`/office/stays/${caseId}/providers`)).text()).not.toContain(
      '<strong>あおばデイサービス</strong>',
    );
  });

  it('another office cannot add providers to a stay it does not hold (answered as missing, nothing added)', async () => {
    const caseId = await caseOf('E-P4');
    const stranger = await signedInOffice(s, OTHER_OFFICE);
    expect((await stranger.get(`/office/stays/${caseId}/providers`)).status).toBe(404);
    const res = await stranger.post(`/office/stays/${caseId}/providers`, {
      kind: 'home_help',
      name: '乗っ取り訪問介護',
      email: 'x@example.jp',
    });
    expect(res.status).toBe(404);
    const owner = await signedInOffice(s, OFFICE);
    expect(await (await owner.get(`/office/stays/${caseId}/providers`)).text()).not.toContain('乗っ取り訪問介護');
  });

  it("hospital staff name a provider by hand on their hospital's stay in the console; another hospital's stay is answered as missing", async () => {
    await send(admittedWith('E-P6', [], '伊藤 三郎'));
    const own = await caseOf('E-P6');
    const res = await s.sendEvent('sanda-nishi', admittedWith('W-P7', [], '渡辺 四郎'));
    const other = ((await res.json()) as { caseId: string }).caseId;
    const staff = consoleClient(s);
    await staff.login(ACCOUNTS.staff.loginId, ACCOUNTS.staff.password);
    const form = { kind: 'welfare_equipment', name: 'みどり福祉用具', fax: '079-555-0202' };
    const added = await staff.post(`/console/cases/${own}/providers`, form, {
      csrfFrom: `/console/cases/${own}/providers`,
    });
    expect(added.status).toBe(303);
    const page = await (await staff.get(`/console/cases/${own}/providers`)).text();
    expect(page).toContain('<strong>みどり福祉用具</strong> (福祉用具)');
    expect(page).toContain('FAXで送付 (079-555-0202)');
    expect(page).toContain('市民病院 田中');
    expect(await (await staff.get(`/console/cases/${own}`)).text()).toContain(`/console/cases/${own}/providers`);

    expect((await staff.get(`/console/cases/${other}/providers`)).status).toBe(404);
    const refused = await staff.post(`/console/cases/${other}/providers`, form, { csrfFrom: '/console' });
    expect(refused.status).toBe(404);
    const { items } = (await (await s.admin('/v1/admin/audit?limit=1000')).json()) as {
      items: { actor: string; action: string; target: string; detail?: { attempted?: string } }[];
    };
    expect(items.filter((e) => e.action === 'case.other_provider_added').map((e) => e.target)).not.toContain(other);
    expect(
      items.some(
        (e) =>
          e.action === 'case.action.denied' &&
          e.target === other &&
          e.detail?.attempted === 'case.other_provider_added',
      ),
    ).toBe(true);
    // Signing in with a second factor, several pages: slow on a loaded machine.
  }, 90_000);
});

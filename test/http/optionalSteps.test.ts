// The optional steps of issue 19 over HTTP, each test named after the seed line it proves: the support
// center asked to find an unknown care manager (Sanda A① ※ / FAQ 13), 「今回は提供不要（病院と合意）」 on a
// repeat admission (FAQ 3–4) and a stay out of the rule's scope (§2(3)). Real server, real SMTP, real libSQL.
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, cases, outbox } from '../../db/schema.js';
import { consoleClient, createAccount, createConsoleAccounts, loggedIn, selectOptions } from '../support/console.js';
import { postForm, registerCareOffice, startTestServer, type TestServer, taskLinks } from '../support/server.js';
import { waitUntil } from '../support/wait.js';

const HOSPITAL = 'sanda-shimin';
const MIWA_MAIL = 'miwa@houkatsu.example.jp';
const DEFAULT_MAIL = 'city@houkatsu.example.jp';
const CM_MAIL = 'cm@kyotaku.example.jp';
/** 「今回は提供不要（病院と合意）」 as the care manager posts it, with who at the hospital agreed. */
const AGREEMENT = { action: 'not_needed', agreedName: '田中 看護師', agreedRole: '退院調整看護師', confirm: 'yes' };
const CHASING = ['information_sheet_reminder', 'deadline_overdue_notice', 'escalation_notice'];

describe('optional steps over HTTP (issue 19 items 4–5)', () => {
  let s: TestServer;
  const db = () => s.running.deps.database.db;
  const caseOf = async (encounter: string) =>
    (await db().select().from(cases).where(eq(cases.hospitalizationId, encounter)))[0]!;
  const mailsTo = (address: string) => s.smtp!.mails.filter((m) => m.to.includes(address));
  const chased = async (caseId: string) =>
    (
      await db()
        .select({ notice: outbox.notice, key: outbox.deadlineKey })
        .from(outbox)
        .where(and(eq(outbox.caseId, caseId), inArray(outbox.notice, CHASING)))
    ).map((r) => `${r.notice}:${r.key ?? ''}`);
  /** The stuck list's items as `encounter:deadline` (undelivered notices have no deadline). */
  const stuckItems = async () =>
    (
      (await (await s.admin('/v1/admin/stuck')).json()) as {
        items: { hospitalizationId: string; key?: string | null }[];
      }
    ).items.map((i) => `${i.hospitalizationId}:${i.key ?? ''}`);
  const admit = async (encounter: string, occurredAt: string, data: Record<string, unknown>) => {
    const res = await s.sendEvent(HOSPITAL, {
      type: 'admitted',
      hospitalizationId: encounter,
      occurredAt,
      data: { patient: { name: '山田 花子', birthDate: '1941-05-02' }, ward: '4階東病棟', ...data },
    });
    expect(res.status, await res.clone().text()).toBe(202);
    return ((await res.json()) as { caseId: string }).caseId;
  };
  const deadline = async (encounter: string, key: string) =>
    (await caseOf(encounter)).snapshot.context.deadlines.find((d) => d.key === key);

  beforeAll(async () => {
    s = await startTestServer({ start: '2026-12-01T11:00:00+09:00' });
    await registerCareOffice(s, 'sanda-kyotaku-01', CM_MAIL);
    const center = (id: string, name: string, email: string, town: string) =>
      s.admin(`/v1/admin/care-offices/${id}`, {
        method: 'PUT',
        body: { name, kind: 'community_support_center', email, town, region: 'sanda' },
      });
    await center('center-miwa', '三輪地域包括支援センター', MIWA_MAIL, '三田市三輪');
    // The Sanda pack's careManagerSearch.defaultSupportCenterId: the test directory holds it only when registered.
    await center('sanda-houkatsu', '三田市地域包括支援センター', DEFAULT_MAIL, '三田市役所');
    await createConsoleAccounts(s);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('Sanda A① ※ / FAQ 13: the care manager unknown, the support center of the patient’s town is asked; its link names no patient and records the office it found', async () => {
    const caseId = await admit('U-1', '2026-12-01T10:00:00+09:00', {
      patient: { name: '伊藤 和子', birthDate: '1940-02-02' },
      careOfficeId: null,
      usedCareServices: true,
      addressTown: '三田市三輪2丁目',
    });
    await s.running.idle();
    const [request] = await s.smtp!.waitFor(1).then(() => mailsTo(MIWA_MAIL));
    expect(request!.subject).toBe('【担当ケアマネジャーの確認のお願い】三田市民病院');
    expect(mailsTo(DEFAULT_MAIL)).toEqual([]);
    expect(request!.text).not.toContain('伊藤');
    const [link] = taskLinks(request!.text);
    // GET (a mail scanner's too) shows no patient name and changes nothing.
    const page = await (await fetch(link!)).text();
    expect(page).toContain('担当ケアマネジャーの確認');
    expect(page).not.toContain('伊藤');
    expect(page).not.toContain('和子');
    expect((await caseOf('U-1')).snapshot.context.careOfficeId).toBeNull();
    const searched = await (await fetch(`${link}?q=${encodeURIComponent('けやき')}`)).text();
    expect(selectOptions(searched, 'careOfficeId')).toEqual(['', 'sanda-kyotaku-01']);
    const missing = await postForm(link!, { confirm: 'yes' });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('担当の事業所を選んでください。');
    const answered = await postForm(link!, { confirm: 'yes', careOfficeId: 'sanda-kyotaku-01' });
    expect(answered.status).toBe(200);
    const row = await caseOf('U-1');
    expect(row.id).toBe(caseId);
    expect(row.snapshot.context.careOfficeId).toBe('sanda-kyotaku-01');
    expect(await deadline('U-1', 'careManagerIdentification')).toMatchObject({ owner: 'hospital', status: 'met' });
  });

  it('Sanda A① ※ / FAQ 13: an address whose town no center holds goes to the pack’s default support center', async () => {
    const before = mailsTo(DEFAULT_MAIL).length;
    await admit('U-2', '2026-12-01T10:05:00+09:00', {
      patient: { name: '鈴木 次郎', birthDate: '1939-03-03' },
      careOfficeId: null,
      usedCareServices: true,
      addressTown: '三田市駅前町',
    });
    await s.running.idle();
    await waitUntil(
      () => mailsTo(DEFAULT_MAIL).length > before,
      5000,
      () => 'the default center’s request',
    );
    expect(mailsTo(DEFAULT_MAIL).at(-1)!.subject).toBe('【担当ケアマネジャーの確認のお願い】三田市民病院');
  });

  /** The admission notice's acknowledge link, answered: the information sheet's task link from the page it leads to. */
  const sheetLinkOf = async (familyName: string) => {
    await s.running.idle();
    const noticeOf = () =>
      mailsTo(CM_MAIL).find(
        (m) =>
          m.subject === '【入院のお知らせ】三田市民病院' &&
          m.text.includes(familyName) &&
          m.text.includes('入院日: 2026年12月1日'),
      );
    await waitUntil(
      () => noticeOf() !== undefined,
      5000,
      () => `${familyName}'s admission notice`,
    );
    const acknowledged = await postForm(taskLinks(noticeOf()!.text)[0]!, { confirm: 'yes' });
    expect(acknowledged.status).toBe(200);
    return taskLinks((await acknowledged.text()).replace(/href="/g, ' '))[0]!;
  };

  it('Sanda FAQ 3–4: a repeat admission within the pack’s days offers 「今回は提供不要（病院と合意）」; with who agreed it settles the sheet deadline, never escalated', async () => {
    const at = (d: string) => `2026-11-${d}T10:00:00+09:00`;
    await admit('R-1', at('02'), { careOfficeId: 'sanda-kyotaku-01' });
    const discharged = await s.sendEvent(HOSPITAL, {
      type: 'discharged',
      hospitalizationId: 'R-1',
      occurredAt: at('10'),
      data: { destination: 'home', nursingSummarySent: true },
    });
    expect(discharged.status).toBe(202);
    // 21 days after the previous stay ended: within Sanda's 30.
    const repeat = await admit('R-2', '2026-12-01T10:10:00+09:00', { careOfficeId: 'sanda-kyotaku-01' });
    // A first admission of another patient: the control, chased as usual.
    const first = await admit('F-1', '2026-12-01T10:20:00+09:00', {
      patient: { name: '高橋 三郎', birthDate: '1938-08-08' },
      careOfficeId: 'sanda-kyotaku-01',
    });

    // The console's fact form offers it only on the stay that qualifies.
    const staff = await loggedIn(s, 'staff');
    const offered = async (caseId: string) =>
      selectOptions(await (await staff.get(`/console/cases/${caseId}/events/new`)).text(), 'type');
    expect(await offered(repeat)).toContain('information_sheet_not_needed_agreed');
    expect(await offered(first)).not.toContain('information_sheet_not_needed_agreed');

    const firstLink = await sheetLinkOf('高橋');
    const firstPage = await (await fetch(firstLink)).text();
    expect(firstPage).not.toContain('value="not_needed"');
    expect(firstPage).toContain('前回の入院の終了から30日以内の再入院ではないため');
    const refused = await postForm(firstLink, AGREEMENT);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('前回の入院の終了から30日以内の再入院ではないため');
    expect(await deadline('F-1', 'informationSheet')).toMatchObject({ status: 'open' });

    const link = await sheetLinkOf('山田');
    const page = await (await fetch(link)).text();
    expect(page).toContain('今回は提供不要（病院と合意）');
    expect(page).toContain('value="not_needed"');
    const nobody = await postForm(link, { action: 'not_needed', agreedRole: '退院調整看護師', confirm: 'yes' });
    expect(nobody.status).toBe(400);
    expect(await nobody.text()).toContain('合意した病院の担当者の氏名を入力してください。');
    const agreed = await postForm(link, AGREEMENT);
    expect(agreed.status).toBe(200);
    const ctx = (await caseOf('R-2')).snapshot.context;
    expect(ctx.informationSheetNotNeeded).toMatchObject({
      agreedWith: { name: '田中 看護師', role: '退院調整看護師' },
      recordedBy: 'care_manager',
    });
    expect((await deadline('R-2', 'informationSheet'))?.status).not.toBe('open');

    // Well past the sheet's due date: the control is chased and stuck, the agreed stay is not.
    await s.sweep('2026-12-10T09:00:00+09:00');
    await s.sweep('2026-12-20T09:00:00+09:00');
    await s.running.idle();
    expect(await chased(first)).toContain('deadline_overdue_notice:informationSheet');
    expect(await chased(repeat)).toEqual([]);
    const stuck = await stuckItems();
    expect(stuck).toContain('F-1:informationSheet');
    expect(stuck).not.toContain('R-2:informationSheet');
  });

  it('Sanda §2(3): a stay not from home to home is kept but not chased; the case page brings it into scope with a reason (audited), only for the hospital’s own staff', async () => {
    const caseId = await admit('O-1', '2026-12-01T10:30:00+09:00', {
      patient: { name: '中村 四郎', birthDate: '1937-07-07' },
      careOfficeId: 'sanda-kyotaku-01',
      fromHomeToHome: false,
    });
    expect((await caseOf('O-1')).outOfRuleScope).toBe(true);
    await s.sweep('2026-12-21T09:00:00+09:00');
    await s.sweep('2026-12-28T09:00:00+09:00');
    await s.running.idle();
    expect(await chased(caseId)).toEqual([]);
    expect((await stuckItems()).filter((i) => i.startsWith('O-1:'))).toEqual([]);

    const staff = await loggedIn(s, 'staff');
    const casePage = `/console/cases/${caseId}`;
    expect(await (await staff.get(casePage)).text()).toContain('id="rule-scope"');

    // Another hospital's staff: not theirs to change.
    await createAccount(s, {
      loginId: 'aino',
      name: '相野病院 木村',
      role: 'hospital_staff',
      hospitalId: 'sanda-aino',
      password: 'aino-password-1',
    });
    const other = consoleClient(s);
    await other.login('aino', 'aino-password-1');
    const foreign = await other.post(`${casePage}/rule-scope`, { reason: '自宅へ退院予定に変更' });
    expect([403, 404]).toContain(foreign.status);
    expect((await caseOf('O-1')).outOfRuleScope).toBe(true);

    const noReason = await staff.post(`${casePage}/rule-scope`, { reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('理由を入力してください。');
    expect((await caseOf('O-1')).outOfRuleScope).toBe(true);

    const scoped = await staff.post(`${casePage}/rule-scope`, { reason: '自宅へ退院予定に変更' });
    expect(scoped.status).toBe(303);
    const row = await caseOf('O-1');
    expect(row.outOfRuleScope).toBe(false);
    expect(row.snapshot.context.inRuleScope).toBe(true);
    const audit = await db().select().from(auditLog).where(eq(auditLog.target, caseId));
    expect(audit.filter((a) => a.action.includes('brought_into_rule_scope')).map((a) => a.actor)).toEqual([
      'account:shimin',
    ]);

    // In scope, its past deadlines are chased at the next sweep.
    await s.sweep('2026-12-29T09:00:00+09:00');
    await s.running.idle();
    expect(await chased(caseId)).not.toEqual([]);
  });
});

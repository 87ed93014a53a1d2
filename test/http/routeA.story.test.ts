import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, outbox } from '../../db/schema.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer, taskLinks } from '../support/server.js';

// Sanda rule route A, told as one story over HTTP: a real SMTP server, a real libSQL file.
describe('Sanda route A: one hospitalization from admission to the care-plan copy', () => {
  let s: TestServer;
  let caseId: string;
  const hospital = 'sanda-shimin';
  const encounter = 'E-2026-000123';

  const detail = async () =>
    (await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as {
      state: string;
      version: number;
      deadlines: { key: string; status: string; metAt: string | null; reason: string }[];
      tasks: { kind: string; status: string }[];
      timeline: { kind: string; type?: string; status?: string; notice?: string; outcome?: string; source?: string }[];
      leak: unknown;
      closedReason: string | null;
    };
  const event = (type: string, occurredAt: string, data: unknown) => ({
    type,
    hospitalizationId: encounter,
    occurredAt,
    data,
  });
  const postForm = (url: string, form: Record<string, string>) =>
    fetch(url, {
      method: 'POST',
      headers: { 'user-agent': 'CareManagerBrowser/1.0' },
      body: new URLSearchParams(form),
    });

  beforeAll(async () => {
    s = await startTestServer();
    await registerCareOffice(s);
  });
  afterAll(async () => {
    await s.close();
  });

  it('A① the admission webhook opens a case and emails the care office, naming the patient by family name only', async () => {
    const res = await s.sendEvent(hospital, admittedEvent(encounter));
    expect(res.status).toBe(202);
    const body = (await res.json()) as { caseId: string; state: string };
    expect(body.state).toBe('admissionNotice');
    caseId = body.caseId;
    const [mail] = await s.smtp!.waitFor(1);
    expect(mail!.to).toEqual(['cm@kyotaku.example.jp']);
    expect(mail!.subject).toBe('【入院のお知らせ】三田市民病院');
    expect(mail!.text).toContain('山田 様');
    expect(mail!.text).not.toContain('花子');
    expect(mail!.text).not.toContain('1941');
    expect(mail!.text).toContain('総合支援センター 退院支援連携室');
    expect(mail!.text).toContain('FAX 079-565-8018');
    expect(mail!.text).toContain('2026年12月6日(日)中');
    expect(taskLinks(mail!.text)).toHaveLength(1);
  });

  it('A① opening the link (as a mail scanner would) shows the task and changes nothing', async () => {
    const [link] = taskLinks(s.smtp!.mails[0]!.text);
    const before = await detail();
    for (let i = 0; i < 3; i++) {
      const page = await fetch(link!);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('入院連絡の確認');
      // Nothing personal until the button press that records.
      expect(html).not.toContain('山田');
      expect(html).toContain('4階東病棟');
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('content-security-policy')).toBe(
        "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
      );
      // Nothing inline that the policy would refuse: no script, no style element or attribute.
      expect(html).not.toMatch(/<script|<style|\sstyle=/);
    }
    const after = await detail();
    expect(after.version).toBe(before.version);
    expect(after.state).toBe('admissionNotice');
    expect(after.tasks.find((t) => t.kind === 'acknowledge_admission')!.status).toBe('open');
  });

  it('A① a POST without the confirmation tick is refused in Japanese and records nothing', async () => {
    const [link] = taskLinks(s.smtp!.mails[0]!.text);
    const res = await postForm(link!, {});
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('確認のチェックを入れてください');
    expect((await detail()).state).toBe('admissionNotice');
  });

  let infoSheetLink: string;
  it('A① the care manager confirms the admission notice with an explicit POST; the audit keeps address and user agent', async () => {
    const [link] = taskLinks(s.smtp!.mails[0]!.text);
    const res = await postForm(link!, { confirm: 'yes' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('記録しました');
    infoSheetLink = taskLinks(html.replace(/href="/g, ' '))[0]!;
    expect(infoSheetLink).toBeDefined();
    expect((await detail()).state).toBe('informationProvision');
    // Administrators' views and directory changes are audited too; here only the care manager's action counts.
    const audit = (await s.running.deps.database.db.select().from(auditLog)).filter((a) =>
      a.action.startsWith('task.'),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.action).toBe('task.acknowledge_admission.completed');
    expect(audit[0]!.userAgent).toBe('CareManagerBrowser/1.0');
    expect(audit[0]!.ip).toMatch(/127\.0\.0\.1/);
  });

  it('A① confirming twice records once and shows when it was done', async () => {
    const [link] = taskLinks(s.smtp!.mails[0]!.text);
    const version = (await detail()).version;
    const res = await postForm(link!, { confirm: 'yes' });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/この依頼は .* に完了しています/);
    expect((await detail()).version).toBe(version);
    const page = await (await fetch(link!)).text();
    expect(page).toMatch(/に完了しています/);
    expect(page).not.toContain('<form');
  });

  it('A① information sheet reported with date/time and means within 3 days meets the deadline', async () => {
    s.clock.set('2026-12-05T15:00:00+09:00');
    const res = await postForm(infoSheetLink, { confirm: 'yes', providedAt: '2026-12-05T14:00', means: 'fax' });
    expect(res.status).toBe(200);
    const d = await detail();
    expect(d.state).toBe('inpatientCoordination');
    const deadline = d.deadlines.find((x) => x.key === 'informationSheet')!;
    expect(deadline.status).toBe('met');
    expect(deadline.metAt).toBe('2026-12-05T05:00:00.000Z');
    expect(deadline.reason).toContain('3日以内');
  });

  it('入退院支援加算: the hospital screens for discharge difficulty within 3 days, settling its own deadline', async () => {
    const res = await s.sendEvent(
      hospital,
      event('discharge_difficulty_screened', '2026-12-05T14:30:00+09:00', { difficult: false }),
    );
    expect(res.status).toBe(202);
    const screening = (await detail()).deadlines.find((x) => x.key === 'dischargeDifficultyScreening')!;
    expect(screening.status).toBe('met');
  });

  it('A③ discharge-start notice goes to the care manager with the expected discharge date', async () => {
    s.clock.set('2026-12-10T09:05:00+09:00');
    const res = await s.sendEvent(
      hospital,
      event('discharge_planning_started', '2026-12-10T09:00:00+09:00', { expectedDischargeDate: '2026-12-20' }),
    );
    expect(res.status).toBe(202);
    expect(((await res.json()) as { state: string }).state).toBe('dischargeStart');
    const mails = await s.smtp!.waitFor(2);
    expect(mails[1]!.subject).toBe('【退院調整開始のお知らせ】三田市民病院');
    expect(mails[1]!.text).toContain('退院予定日: 2026年12月20日(日)');
    // Its delivery is itself a fact of the case: a notice that never arrived would be a leak.
    for (let i = 0; i < 100 && !(await detail()).timeline.some((t) => t.type === 'notice_delivered'); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect((await detail()).timeline.filter((t) => t.type === 'notice_delivered')).toHaveLength(1);
  });

  it('A④ a scheduled pre-discharge conference is announced, then held', async () => {
    s.clock.set('2026-12-15T15:05:00+09:00');
    const scheduled = await s.sendEvent(
      hospital,
      event('conference_scheduled', '2026-12-11T09:00:00+09:00', {
        at: '2026-12-15T14:00:00+09:00',
        place: '3階カンファレンス室',
        online: false,
      }),
    );
    expect(scheduled.status).toBe(202);
    expect(((await scheduled.json()) as { state: string }).state).toBe('preDischargeConference');
    const mails = await s.smtp!.waitFor(3);
    expect(mails[2]!.subject).toBe('【退院前カンファレンスのお知らせ】三田市民病院');
    expect(mails[2]!.text).toContain('2026年12月15日(火) 14:00');
    expect(mails[2]!.text).toContain('3階カンファレンス室');
    const held = await s.sendEvent(
      hospital,
      event('conference_held', '2026-12-15T15:00:00+09:00', {
        participants: [{ profession: 'physician' }, { profession: 'nurse' }, { profession: 'care_manager' }],
      }),
    );
    expect(held.status).toBe(202);
  });

  let carePlanLink: string;
  it('A⑤ discharge home with the nursing summary sent asks the care manager for the care-plan copy', async () => {
    s.clock.set('2026-12-20T10:05:00+09:00');
    const res = await s.sendEvent(
      hospital,
      event('discharged', '2026-12-20T10:00:00+09:00', { destination: 'home', nursingSummarySent: true }),
    );
    expect(res.status).toBe(202);
    expect(((await res.json()) as { state: string }).state).toBe('carePlanCopy');
    const mails = await s.smtp!.waitFor(4);
    expect(mails[3]!.subject).toBe('【退院のお知らせ】三田市民病院');
    expect(mails[3]!.text).toContain('ケアプランの写し');
    carePlanLink = taskLinks(mails[3]!.text)[0]!;
    expect(carePlanLink).toBeDefined();
    expect((await detail()).leak).toBeNull();
  });

  it('A⑤ the care-plan copy confirmed from the link closes the case', async () => {
    s.clock.set('2026-12-22T10:00:00+09:00');
    const res = await postForm(carePlanLink, { confirm: 'yes', sentOn: '2026-12-21' });
    expect(res.status).toBe(200);
    const d = await detail();
    expect(d.state).toBe('closed');
    expect(d.closedReason).toBe('completed');
    expect(d.tasks.every((t) => t.status !== 'open')).toBe(true);
  });

  it('the timeline shows every event, notice and delivery of the stay', async () => {
    const d = await detail();
    const events = d.timeline.filter((t) => t.kind === 'event' && t.source !== 'system').map((t) => t.type);
    expect(events).toEqual([
      'admitted',
      'admission_acknowledged',
      'information_sheet_provided',
      'discharge_difficulty_screened',
      'discharge_planning_started',
      'conference_scheduled',
      'conference_held',
      'discharged',
      'care_plan_copy_sent',
    ]);
    const notices = d.timeline.filter((t) => t.kind === 'notice');
    expect(notices.map((n) => n.notice)).toEqual([
      'admission_notice',
      'discharge_start_notice',
      'conference_notice',
      'discharge_notice',
    ]);
    expect(notices.every((n) => n.status === 'sent')).toBe(true);
    expect(d.timeline.filter((t) => t.kind === 'delivery' && t.status === 'sent')).toHaveLength(4);
  });

  it('events after the case is closed are refused with 409 and kept in the log', async () => {
    s.clock.set('2026-12-22T11:00:00+09:00');
    const res = await s.sendEvent(hospital, event('nursing_summary_sent', '2026-12-21T10:00:00+09:00', {}));
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const d = await detail();
    const last = d.timeline.filter((t) => t.kind === 'event').at(-1);
    expect(last).toMatchObject({ type: 'nursing_summary_sent', outcome: 'rejected' });
  });

  it('no personal data, task token or short code reaches the logs', async () => {
    const codes = (await s.running.deps.database.db.select({ code: outbox.shortCode }).from(outbox))
      .map((r) => r.code!)
      .filter(Boolean);
    // Open every short link too (an SMS reader would), so that their handling is in the logs checked.
    for (const code of codes)
      expect((await fetch(`${s.base}/n/${code}`, { redirect: 'manual' })).status).toBeLessThan(500);
    const all = s.logs.join('\n');
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain('山田');
    expect(all).not.toContain('花子');
    expect(all).not.toContain('1941-05-02');
    // Every link this story sent and used: the tokens of the task links, the notices' short codes.
    const tokens = s.smtp!.mails.flatMap((m) => taskLinks(m.text)).map((link) => link.split('/t/')[1]!);
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    expect(codes.length).toBeGreaterThanOrEqual(4);
    for (const secret of [...tokens, ...tokens.map((t) => t.split('.')[1]!), ...codes])
      expect(all).not.toContain(secret);
  });
});

// Every hospital fact by hand from the console: the same machine path as the webhook, only the facts
// the case's state accepts are offered, the hospital's own staff give no reason (source staff) while an
// administrator recording on its behalf must (source admin, audited), Japanese errors next to fields.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, caseEvents, cases } from '../../db/schema.js';
import { createConsoleAccounts, loggedIn, registerSupportCenter, selectOptions } from '../support/console.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

describe('console: every hospital fact by hand', () => {
  let s: TestServer;
  let routeA = '';
  let routeB = '';
  const staff = () => loggedIn(s, 'staff');
  const admin = () => loggedIn(s, 'admin');
  const events = (caseId: string, type: string) =>
    s.running.deps.database.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.type, type)));
  const snapshotOf = async (caseId: string) =>
    (await s.running.deps.database.db.select().from(cases).where(eq(cases.id, caseId)))[0]!;

  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
    await registerCareOffice(s);
    await registerSupportCenter(s);
    await createConsoleAccounts(s);
    const admit = async (id: string, careOfficeId: string | null) =>
      ((await (await s.sendEvent('sanda-shimin', admittedEvent(id, { careOfficeId }))).json()) as { caseId: string })
        .caseId;
    routeA = await admit('E-A', 'sanda-kyotaku-01');
    routeB = await admit('E-B', null);
  });
  afterAll(async () => {
    await s.close();
  });

  it("only the facts the case's state accepts are offered: route B's screening, not on route A; a closed case none", async () => {
    const c = await staff();
    const a = await (await c.get(`/console/cases/${routeA}/events/new`)).text();
    const b = await (await c.get(`/console/cases/${routeB}/events/new`)).text();
    expect(selectOptions(b, 'type')).toContain('eligibility_screened');
    expect(selectOptions(a, 'type')).not.toContain('eligibility_screened');
    for (const t of ['treatment_plan_shared', 'conference_held', 'discharged', 'transferred', 'died'])
      expect(selectOptions(a, 'type')).toContain(t);
    // Asked for a fact the state refuses: said in Japanese, no form to post.
    const refused = await (await c.get(`/console/cases/${routeA}/events/new?type=eligibility_screened`)).text();
    expect(refused).toContain('現在の段階では記録できません');
    expect(refused).not.toContain('id="manual-form"');
  });

  it("the hospital's own staff record their hospital's fact with no reason: source staff, through the machine, audited", async () => {
    const c = await staff();
    const form = await (await c.get(`/console/cases/${routeA}/events/new?type=treatment_plan_shared`)).text();
    expect(form).not.toContain('id="reason"');
    const res = await c.post(`/console/cases/${routeA}/events`, {
      type: 'treatment_plan_shared',
      occurredAt: '2026-12-04T10:45',
      expectedLengthOfStayDays: '14',
      nonce: 'form_plan_1',
    });
    expect(res.status).toBe(303);
    const [e] = await events(routeA, 'treatment_plan_shared');
    expect(e).toMatchObject({
      source: 'staff',
      outcome: 'accepted',
      data: expect.objectContaining({ by: 'account:shimin' }),
    });
    const row = await snapshotOf(routeA);
    // Admitted 4 Dec + 14 days = 18 Dec; Sanda's 3 lead days: due by the end of 15 Dec.
    expect(row.snapshot.context.deadlines.find((d) => d.key === 'dischargeStartNotice')).toMatchObject({
      owner: 'hospital',
      dueAt: '2026-12-15T15:00:00.000Z',
    });
    const audit = await s.running.deps.database.db.select().from(auditLog).where(eq(auditLog.target, routeA));
    expect(audit.some((a) => a.action === 'case.fact.treatment_plan_shared' && a.actor === 'account:shimin')).toBe(
      true,
    );
  });

  it('an administrator recording on the hospital’s behalf must give a reason (Japanese, next to the field); then source admin', async () => {
    const c = await admin();
    const missing = await c.post(`/console/cases/${routeA}/events`, {
      type: 'discharge_difficulty_screened',
      occurredAt: '2026-12-04T10:50',
      difficult: 'yes',
    });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toMatch(
      /<textarea id="reason"[\s\S]*?<p class="field-error">理由を入力してください。<\/p>/,
    );
    expect(await events(routeA, 'discharge_difficulty_screened')).toEqual([]);
    const ok = await c.post(`/console/cases/${routeA}/events`, {
      type: 'discharge_difficulty_screened',
      occurredAt: '2026-12-04T10:50',
      difficult: 'yes',
      reason: '病棟から電話で報告',
      nonce: 'form_screen_1',
    });
    expect(ok.status).toBe(303);
    expect(await events(routeA, 'discharge_difficulty_screened')).toEqual([
      expect.objectContaining({ source: 'admin', outcome: 'accepted' }),
    ]);
  });

  it('route B by hand: screening with the criteria and the wish, then the assignment with the rule’s recommendation shown', async () => {
    const c = await staff();
    const bad = await c.post(`/console/cases/${routeB}/events`, {
      type: 'eligibility_screened',
      occurredAt: '2026-12-04T10:52',
      age: '百',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/id="age"[^>]*>\s*<p class="field-error"[^>]*>年齢を入力してください。/);
    const ok = await c.post(`/console/cases/${routeB}/events`, {
      type: 'eligibility_screened',
      occurredAt: '2026-12-04T10:52',
      age: '82',
      criterion_standing_walking: 'yes',
      criterion_dementia: 'yes',
      wantsServices: 'yes',
      nonce: 'form_b_1',
    });
    expect(ok.status).toBe(303);
    const screened = (await snapshotOf(routeB)).snapshot.context.eligibility!;
    expect(screened).toMatchObject({ age: 82, criteria: ['standing_walking', 'dementia'], guideToApplication: true });
    const page = await (await c.get(`/console/cases/${routeB}/events/new?type=care_manager_assigned&q=包括`)).text();
    expect(page).toContain('要支援の見込み → 地域包括支援センター / 要介護の見込み → 居宅介護支援事業所');
    // The search narrows the directory to the support center.
    expect(selectOptions(page, 'careOfficeId')).toEqual(['', 'sanda-houkatsu-1']);
    const assigned = await c.post(`/console/cases/${routeB}/events`, {
      type: 'care_manager_assigned',
      occurredAt: '2026-12-04T10:53',
      expectedCareLevel: 'support',
      careOfficeId: 'sanda-houkatsu-1',
      nonce: 'form_b_2',
    });
    expect(assigned.status).toBe(303);
    const after = await snapshotOf(routeB);
    expect(after.state).toBe('careManagerContact');
    expect(after.snapshot.context.assignment).toMatchObject({
      recommended: 'community_support_center',
      matchesRecommendation: true,
    });
  });

  it('a held conference: the form shows whether 多機関共同指導加算’s professions are met (billing.ts decides), then records the participants', async () => {
    const c = await staff();
    const three = {
      type: 'conference_held',
      occurredAt: '2026-12-04T10:55',
      kind: 'joint_guidance',
      p_hospital_physician: 'yes',
      p_home_care_manager: 'yes',
      p_home_visiting_nurse: 'yes',
    };
    const short = await (await c.post(`/console/cases/${routeA}/events`, { ...three, check: 'yes' })).text();
    expect(short).toMatch(/data-met="no"[\s\S]*?満たしていません[\s\S]*?在宅側 2職種/);
    const met = await (
      await c.post(`/console/cases/${routeA}/events`, { ...three, p_home_pharmacist: 'yes', check: 'yes' })
    ).text();
    expect(met).toMatch(/data-met="yes"[\s\S]*?満たしています[\s\S]*?在宅側 3職種/);
    // The check records nothing.
    expect(await events(routeA, 'conference_held')).toEqual([]);
    const res = await c.post(`/console/cases/${routeA}/events`, {
      ...three,
      p_home_pharmacist: 'yes',
      nonce: 'form_conf',
    });
    expect(res.status).toBe(303);
    const ctx = (await snapshotOf(routeA)).snapshot.context;
    expect(ctx.conferences.at(-1)!.participants).toEqual([
      { profession: 'physician', side: 'hospital' },
      { profession: 'care_manager', side: 'home' },
      { profession: 'visiting_nurse', side: 'home' },
      { profession: 'pharmacist', side: 'home' },
    ]);
    // A conference means planning started: the hospital's discharge-start deadline is met.
    expect(ctx.deadlines.find((d) => d.key === 'dischargeStartNotice')!.status).toBe('met');
    const noOne = await c.post(`/console/cases/${routeA}/events`, {
      type: 'conference_held',
      occurredAt: '2026-12-04T10:56',
    });
    expect(noOne.status).toBe(400);
    expect(await noOne.text()).toContain('参加者を入力してください。');
  });

  it('a transfer to a directory hospital names it by its id; a free name is kept as typed', async () => {
    const c = await staff();
    const page = await (await c.get(`/console/cases/${routeA}/events/new?type=transferred`)).text();
    expect(selectOptions(page, 'toHospitalId')).toContain('sanda-nishi');
    expect(selectOptions(page, 'toHospitalId')).not.toContain('sanda-shimin');
    const res = await c.post(`/console/cases/${routeA}/events`, {
      type: 'transferred',
      occurredAt: '2026-12-04T10:58',
      toHospitalId: 'sanda-nishi',
      nonce: 'form_tr',
    });
    expect(res.status).toBe(303);
    const ctx = (await snapshotOf(routeA)).snapshot.context;
    expect(ctx.transfer).toMatchObject({ toHospitalId: 'sanda-nishi' });
    expect(ctx.transfer!.toHospitalName).toContain('三田西病院');
    const closed = await (await c.get(`/console/cases/${routeA}/events/new`)).text();
    expect(selectOptions(closed, 'type')).toEqual([]);
  });

  it('Sanda ※転院時の連絡 by hand: a hospital outside the directory is named with its FAX number, checked in Japanese next to the field', async () => {
    const caseId = ((await (await s.sendEvent('sanda-shimin', admittedEvent('E-FAX'))).json()) as { caseId: string })
      .caseId;
    const c = await staff();
    const form = { type: 'transferred', occurredAt: '2026-12-04T10:58', toHospitalName: 'さくら記念病院' };
    const bad = await c.post(`/console/cases/${caseId}/events`, {
      ...form,
      toHospitalFax: '079-563',
      nonce: 'form_fx1',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('転院先のFAX番号は0から始まる10桁の番号で入力してください');
    const res = await c.post(`/console/cases/${caseId}/events`, {
      ...form,
      toHospitalFax: '079-563-1222',
      nonce: 'form_fx2',
    });
    expect(res.status).toBe(303);
    expect((await snapshotOf(caseId)).snapshot.context.transfer).toMatchObject({
      toHospitalId: null,
      toHospitalName: 'さくら記念病院',
      toHospitalFax: '079-563-1222',
    });
  });
});

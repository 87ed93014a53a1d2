// Who hears of a stuck handoff: route B's deadlines (a care manager assigned after the insurance
// application, the assigned care manager's early contact) on the stuck list, and escalations mailed
// to every administrator with an address, the hospital's own staff for its deadlines, and the
// region administrator's address set in the console (Sanda's pack gives a phone only).
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema.js';
import { consoleClient } from '../support/console.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

const CENTER_MAIL = 'center@renkei-admin.example.jp';
const AINO_STAFF_MAIL = 'liaison@aino.example.jp';
const SHIMIN_STAFF_MAIL = 'liaison@shimin.example.jp';
const REGION_MAIL = 'renkei@sanda-center.example.jp';
const SUPPORT_CENTER_MAIL = 'houkatsu@sanda.example.jp';
// Application supported Fri 12/4: Sanda's 5 business days (hospital calendar) end Fri 12/11;
// the reminder is Thu 12/10 09:00; the escalation 2 business days after, Tue 12/15 09:00.
const APPLIED_AT = '2026-12-04T12:00:00+09:00';
const ASSIGNMENT_REMIND = '2026-12-10T09:00:00+09:00';
const ASSIGNMENT_OVERDUE = '2026-12-12T09:00:00+09:00';
const ASSIGNMENT_ESCALATE = '2026-12-15T09:00:00+09:00';

interface Overview {
  stuck: { caseId: string; key: string; missedStep: string; owner: { kind: string; name: string } }[];
  escalationMail: { regionId: string; regionName: string; recipients: number }[];
}

describe('escalations reach a person: route B deadlines on the stuck list, every administrator with an address mailed', () => {
  let s: TestServer;
  const db = () => s.running.deps.database.db;
  const mailsTo = (address: string) => s.smtp!.mails.filter((m) => m.to.includes(address));
  const sweepAt = async (iso: string) => {
    s.clock.set(iso);
    await s.sweep();
    await s.running.idle();
  };
  const escalationsOf = (caseId: string, deadline = 'careManagerAssignment') =>
    db()
      .select({ kind: outbox.recipientKind, id: outbox.recipientId, deadline: outbox.deadlineKey })
      .from(outbox)
      .where(and(eq(outbox.caseId, caseId), eq(outbox.notice, 'escalation_notice'), eq(outbox.deadlineKey, deadline)));
  const account = async (
    loginId: string,
    role: 'admin' | 'hospital_staff',
    hospitalId: string | null,
    email?: string,
  ) => {
    const res = await s.admin('/v1/admin/accounts', {
      method: 'POST',
      body: {
        loginId,
        name: `${loginId} 担当`,
        role,
        hospitalId,
        password: `${loginId}-password-1`,
        ...(email ? { email } : {}),
      },
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { account: { id: string }; apiToken: string };
  };
  /** A route B stay at 三田市民病院's neighbour sanda-aino, up to the insurance application. */
  const routeBApplied = async (hospitalizationId: string, clockAt = '2026-12-04T12:30:00+09:00') => {
    s.clock.set(clockAt);
    const admitted = admittedEvent(hospitalizationId, { careOfficeId: null });
    const res = await s.sendEvent('sanda-aino', {
      ...admitted,
      data: { ...admitted.data, usedCareServices: false },
    });
    const { caseId } = (await res.json()) as { caseId: string };
    for (const event of [
      {
        type: 'eligibility_screened',
        occurredAt: '2026-12-04T11:00:00+09:00',
        data: { age: 82, criteria: ['standing_walking'], wantsServices: true },
      },
      {
        type: 'insurance_application_supported',
        occurredAt: APPLIED_AT,
        data: { by: 'hospital', supportCenterId: 'sanda-houkatsu' },
      },
    ]) {
      const r = await s.sendEvent('sanda-aino', { hospitalizationId, ...event });
      expect(r.status, await r.clone().text()).toBeLessThan(300);
    }
    return caseId;
  };
  const overview = async (token?: string) =>
    (await (
      await fetch(`${s.base}/v1/admin/overview`, {
        headers: { authorization: `Bearer ${token ?? ''}` },
      })
    ).json()) as Overview;

  let centerToken: string;
  beforeAll(async () => {
    s = await startTestServer();
    await registerCareOffice(s, 'sanda-kyotaku-01', 'cm@kyotaku.example.jp');
    const res = await s.admin('/v1/admin/care-offices/sanda-houkatsu', {
      method: 'PUT',
      body: {
        name: '三田市地域包括支援センター',
        kind: 'community_support_center',
        email: SUPPORT_CENTER_MAIL,
        region: 'sanda',
      },
    });
    expect(res.status).toBe(201);
    // An administrator without an address: can read the console, is mailed nothing.
    centerToken = (await account('quiet', 'admin', null)).apiToken;
  });
  afterAll(async () => {
    await s?.close();
  });

  let silentCase: string;
  it('B② no care manager after the application: the support center is reminded, and past the 5 business days the case is on the stuck list, owned by the hospital', async () => {
    silentCase = await routeBApplied('E-B-silent');
    await sweepAt(ASSIGNMENT_REMIND);
    expect(mailsTo(SUPPORT_CENTER_MAIL).map((m) => m.subject)).toEqual([
      expect.stringContaining('【介護保険申請の支援依頼】'),
      expect.stringContaining('【担当ケアマネジャー決定のお願い】'),
    ]);
    const before = await overview(centerToken);
    expect(before.stuck.filter((i) => i.caseId === silentCase)).toEqual([]);
    await sweepAt(ASSIGNMENT_OVERDUE);
    const after = await overview(centerToken);
    const item = after.stuck.find((i) => i.caseId === silentCase && i.key === 'careManagerAssignment');
    expect(item).toMatchObject({ missedStep: '介護保険申請後の担当ケアマネジャーの決定', owner: { kind: 'hospital' } });
    expect(mailsTo(SUPPORT_CENTER_MAIL)).toHaveLength(3);
  });

  it('with no address at all the escalation stays on the console and the overview says nobody is mailed', async () => {
    await sweepAt(ASSIGNMENT_ESCALATE);
    expect(await escalationsOf(silentCase)).toEqual([]);
    const o = await overview(centerToken);
    expect(o.escalationMail).toContainEqual({ regionId: 'sanda', regionName: '三田市', recipients: 0 });
    expect(o.stuck.some((i) => i.caseId === silentCase && i.key === 'careManagerAssignment')).toBe(true);
    const c = consoleClient(s);
    await c.login('quiet', 'quiet-password-1');
    const page = await (await c.get('/console')).text();
    expect(page).toContain('三田市: 期限超過の報告をメールで受け取る人がいません。');
  });

  it("escalations go to every administrator account with an email and, for a hospital's deadline, to that hospital's staff with an email only", async () => {
    const center = await account('center', 'admin', null, CENTER_MAIL);
    const aino = await account('aino', 'hospital_staff', 'sanda-aino', AINO_STAFF_MAIL);
    await account('shimin', 'hospital_staff', 'sanda-shimin', SHIMIN_STAFF_MAIL);
    const caseId = await routeBApplied('E-B-mailed');
    await sweepAt(ASSIGNMENT_OVERDUE);
    await sweepAt(ASSIGNMENT_ESCALATE);
    expect((await escalationsOf(caseId)).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [
        { kind: 'account', id: center.account.id, deadline: 'careManagerAssignment' },
        { kind: 'account', id: aino.account.id, deadline: 'careManagerAssignment' },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    const toCenter = mailsTo(CENTER_MAIL).find((m) =>
      m.text.includes('手順: 介護保険申請後の担当ケアマネジャーの決定'),
    );
    expect(toCenter?.subject).toContain('期限超過の引き継ぎ');
    expect(toCenter?.text).toMatch(/^center 担当 様/);
    expect(mailsTo(AINO_STAFF_MAIL).some((m) => m.subject.includes('期限超過の引き継ぎ'))).toBe(true);
    expect(mailsTo(SHIMIN_STAFF_MAIL)).toEqual([]);
    expect((await overview(centerToken)).escalationMail).toContainEqual({
      regionId: 'sanda',
      regionName: '三田市',
      recipients: 1,
    });
  });

  it("B② the assigned care manager's early contact: the care office is reminded and told overdue; the escalation goes to administrators, not to the hospital's staff", async () => {
    const caseId = await routeBApplied('E-B-contact');
    // Assigned Mon 12/7: Sanda's 3 business days on the office's calendar end Thu 12/10.
    s.clock.set('2026-12-07T10:00:00+09:00');
    const r = await s.sendEvent('sanda-aino', {
      type: 'care_manager_assigned',
      hospitalizationId: 'E-B-contact',
      occurredAt: '2026-12-07T10:00:00+09:00',
      data: { careOfficeId: 'sanda-kyotaku-01', expectedCareLevel: 'care' },
    });
    expect(r.status).toBeLessThan(300);
    await sweepAt('2026-12-09T09:00:00+09:00');
    expect(mailsTo('cm@kyotaku.example.jp').map((m) => m.subject)).toContainEqual(
      expect.stringContaining('【連絡期限のお知らせ】'),
    );
    await sweepAt('2026-12-11T09:00:00+09:00');
    const stuck = (await overview(centerToken)).stuck.find(
      (i) => i.caseId === caseId && i.key === 'careManagerHospitalContact',
    );
    expect(stuck).toMatchObject({ owner: { kind: 'care_office', name: '三田ケアプランセンター' } });
    await sweepAt('2026-12-15T09:00:00+09:00');
    expect((await escalationsOf(caseId, 'careManagerHospitalContact')).map((e) => [e.kind, e.deadline])).toEqual([
      ['account', 'careManagerHospitalContact'],
    ]);
  });

  it("the region administrator's email set through the admin API wins over the pack and is mailed the escalations", async () => {
    const before = (await (await s.admin('/v1/admin/regions')).json()) as {
      items: { regionId: string; name: string; email: string | null; emailFrom: string | null }[];
    };
    expect(before.items.find((r) => r.regionId === 'sanda')).toMatchObject({
      name: '三田市在宅医療・介護連携支援センター',
      email: null,
      emailFrom: null,
    });
    const put = await s.admin('/v1/admin/regions/sanda/administrator', { method: 'PUT', body: { email: REGION_MAIL } });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ regionId: 'sanda', email: REGION_MAIL, emailFrom: 'console' });
    const caseId = await routeBApplied('E-B-region');
    await sweepAt(ASSIGNMENT_OVERDUE);
    await sweepAt(ASSIGNMENT_ESCALATE);
    expect((await escalationsOf(caseId)).map((e) => e.kind).sort()).toEqual([
      'account',
      'account',
      'region_administrator',
    ]);
    const [mail] = mailsTo(REGION_MAIL).filter((m) => m.subject.includes('期限超過の引き継ぎ'));
    expect(mail?.text).toContain('三田市在宅医療・介護連携支援センター 様');
    expect((await overview(centerToken)).escalationMail).toContainEqual({
      regionId: 'sanda',
      regionName: '三田市',
      recipients: 2,
    });
  });

  it("the region administrator's email: problem+json on a bad address or an unknown region, administrators only, null clears it", async () => {
    const bad = await s.admin('/v1/admin/regions/sanda/administrator', {
      method: 'PUT',
      body: { email: 'not-an-address' },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const unknown = await s.admin('/v1/admin/regions/nowhere/administrator', {
      method: 'PUT',
      body: { email: REGION_MAIL },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    const staff = await account('aino-reader', 'hospital_staff', 'sanda-aino');
    for (const [method, path] of [
      ['GET', '/v1/admin/regions'],
      ['PUT', '/v1/admin/regions/sanda/administrator'],
    ] as const) {
      const res = await fetch(`${s.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${staff.apiToken}`, 'content-type': 'application/json' },
        ...(method === 'PUT' ? { body: JSON.stringify({ email: 'x@example.jp' }) } : {}),
      });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    const cleared = await s.admin('/v1/admin/regions/sanda/administrator', { method: 'PUT', body: { email: null } });
    expect(await cleared.json()).toMatchObject({ email: null, emailFrom: null });
  });

  it("名簿: an administrator edits the region administrator's email; a wrong address is refused in Japanese next to the field", async () => {
    const c = consoleClient(s);
    await c.login('center', 'center-password-1');
    const directory = await (await c.get('/console/directory')).text();
    expect(directory).toContain('地域の管理者 (期限超過の報告先)');
    expect(directory).toContain('未登録 (この宛先には報告が届きません)');
    const bad = await c.post('/console/directory/regions/sanda', { email: 'kanri@' });
    expect(bad.status).toBe(400);
    const page = await bad.text();
    expect(page).toMatch(
      /id="email"[^>]*value="kanri@"[\s\S]*id="email-error"[^>]*>メールアドレスの形式が正しくありません/,
    );
    const ok = await c.post('/console/directory/regions/sanda', { email: REGION_MAIL });
    expect(ok.status).toBe(303);
    const saved = await (await c.get('/console/directory')).text();
    expect(saved).toContain(REGION_MAIL);
    expect(saved).toContain('名簿で登録');
    const staff = consoleClient(s);
    await account('aino-console', 'hospital_staff', 'sanda-aino');
    await staff.login('aino-console', 'aino-console-password-1');
    expect((await staff.post('/console/directory/regions/sanda', { email: 'x@example.jp' })).status).toBe(403);
  });
});

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, careOffices, caseEvents, cases } from '../../db/schema.js';
import { consoleClient } from '../support/console.js';
import { admissionForm } from '../support/registerByHand.js';
import { registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

// Registering an admission by hand (/console/admissions/new): hospital staff for their own
// hospital, administrators for any; the webhook's validation, engine path and idempotency.

/** What a person reads: the page's text without its markup (links' hrefs may carry ids). */
const visibleText = (html: string) => html.replace(/<[^>]*>/g, ' ');

describe('registering an admission by hand in the console', () => {
  let s: TestServer;
  const db = () => s.running.deps.database.db;
  let staff: ReturnType<typeof consoleClient>;
  let admin: ReturnType<typeof consoleClient>;
  const form = (overrides: Record<string, string> = {}) => admissionForm({ nameKana: 'さんだ たろう', ...overrides });

  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
    await registerCareOffice(s);
    for (const [loginId, role, hospitalId] of [
      ['shimin-nurse', 'hospital_staff', 'sanda-shimin'],
      ['center', 'admin', undefined],
    ] as const) {
      await s.admin('/v1/admin/accounts', {
        method: 'POST',
        body: { loginId, name: `${loginId} さん`, role, hospitalId, password: 'form-test-password-1' },
      });
    }
    staff = consoleClient(s);
    await staff.login('shimin-nurse', 'form-test-password-1');
    admin = consoleClient(s);
    await admin.login('center', 'form-test-password-1');
  });
  afterAll(async () => {
    await s.close();
  });

  it('hospital staff register an admission of their hospital: the case opens on route A, source staff, the account audited', async () => {
    const res = await staff.post('/console/admissions/new', form());
    expect(res.status).toBe(303);
    const caseId = /\/console\/cases\/([^?]+)\?done=registered/.exec(res.headers.get('location') ?? '')![1]!;
    const [row] = await db().select().from(cases).where(eq(cases.id, caseId));
    expect(row).toMatchObject({ hospitalId: 'sanda-shimin', hospitalizationId: 'N-0001', route: 'A' });
    expect(row!.careOfficeId).toBe('sanda-kyotaku-01');
    expect(row!.admittedAt).toBe(Date.parse('2026-12-04T09:15:00+09:00'));
    const events = await db().select().from(caseEvents).where(eq(caseEvents.caseId, caseId));
    expect(events.map((e) => [e.type, e.source, e.outcome])).toEqual([['admitted', 'staff', 'accepted']]);
    const audit = await db().select().from(auditLog).where(eq(auditLog.target, caseId));
    expect(audit.map((a) => [a.actor, a.action])).toContainEqual(['account:shimin-nurse', 'case.fact.admitted']);
    const page = await (await staff.get(`/console/cases/${caseId}?done=registered`)).text();
    expect(page).toContain('三田 太郎 様');
    expect(page).toContain('さんだ たろう');
    expect(page).toContain('入院を登録しました');
  });

  it('a second registration of the same 入院番号 is refused in Japanese, linking the existing case by its 入院番号', async () => {
    const [first] = await db().select().from(cases).where(eq(cases.hospitalizationId, 'N-0001'));
    const res = await staff.post('/console/admissions/new', form({ name: '別人 花子' }));
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain(`href="/console/cases/${first!.id}"`);
    expect(visibleText(html)).toContain('入院番号 N-0001 はすでに登録されています');
    expect(visibleText(html)).not.toMatch(/case_|sanda-/);
    // Nothing recorded: the first stay has its one event still.
    expect(await db().select().from(caseEvents).where(eq(caseEvents.caseId, first!.id))).toHaveLength(1);
  });

  it('a double submit of one form records once and leads to the same case', async () => {
    const once = form({ hospitalizationId: 'N-0002', requestId: 'form_doubleSubmit01' });
    const a = await staff.post('/console/admissions/new', once);
    expect(a.status).toBe(303);
    const rows = await db().select().from(cases).where(eq(cases.hospitalizationId, 'N-0002'));
    expect(rows).toHaveLength(1);
    // The same form again: the pre-check finds the stay; the engine would answer the first result too.
    const b = await staff.post('/console/admissions/new', once);
    expect([303, 409]).toContain(b.status);
    expect(await db().select().from(caseEvents).where(eq(caseEvents.caseId, rows[0]!.id))).toHaveLength(1);
  });

  it('errors are in Japanese next to each field, and the form keeps what was typed', async () => {
    const res = await staff.post(
      '/console/admissions/new',
      form({
        hospitalizationId: 'N-0003',
        name: '',
        nameKana: 'Sanda',
        birthDate: '2099-01-01',
        admittedAt: '',
        office: '',
        ward: '5階病棟',
      }),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    const errorOf = (field: string) =>
      new RegExp(`id="${field}-error"[^>]*>([^<]+)<`).exec(html)?.[1] ?? `(no error for ${field})`;
    expect(errorOf('name')).toBe('氏名を入力してください。');
    expect(errorOf('nameKana')).toBe('ふりがなはひらがなかカタカナで入力してください。');
    expect(errorOf('birthDate')).toBe('生年月日が今日より後になっています。');
    expect(errorOf('admittedAt')).toBe('入院日時を入力してください。');
    expect(errorOf('office')).toContain('ケアマネ事業所を選んでください');
    expect(html).not.toContain('id="ward-error"');
    expect(html).toContain('value="N-0003"');
    expect(html).toContain('value="5階病棟"');
    expect(html).toContain('value="Sanda"');
    expect(await db().select().from(cases).where(eq(cases.hospitalizationId, 'N-0003'))).toEqual([]);
  });

  it('an admission in the future is refused: the webhook schema and clock checks hold for the form', async () => {
    const res = await staff.post(
      '/console/admissions/new',
      form({ hospitalizationId: 'N-0004', admittedAt: '2026-12-05T09:00' }),
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('入院日時が未来になっています。');
  });

  it('「なし」 opens route B; 「不明」 opens route A with the office still to find', async () => {
    await staff.post('/console/admissions/new', form({ hospitalizationId: 'N-0005', office: 'none' }));
    await staff.post('/console/admissions/new', form({ hospitalizationId: 'N-0006', office: 'unknown' }));
    const [b] = await db().select().from(cases).where(eq(cases.hospitalizationId, 'N-0005'));
    const [a] = await db().select().from(cases).where(eq(cases.hospitalizationId, 'N-0006'));
    expect(b).toMatchObject({ route: 'B', careOfficeId: null });
    expect(a).toMatchObject({ route: 'A', careOfficeId: null });
    expect(a!.state).not.toBe(b!.state);
  });

  it("staff cannot register for another hospital: a posted hospitalId is ignored, the stay is their own hospital's", async () => {
    const res = await staff.post(
      '/console/admissions/new',
      form({ hospitalizationId: 'N-0007', hospitalId: 'sanda-nishi' }),
    );
    expect(res.status).toBe(303);
    const [row] = await db().select().from(cases).where(eq(cases.hospitalizationId, 'N-0007'));
    expect(row!.hospitalId).toBe('sanda-shimin');
  });

  it('an administrator registers for the hospital chosen, and must choose one', async () => {
    const none = await admin.post('/console/admissions/new', form({ hospitalizationId: 'N-0008' }));
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('病院を選んでください。');
    const res = await admin.post(
      '/console/admissions/new',
      form({ hospitalizationId: 'N-0008', hospitalId: 'sanda-nishi' }),
    );
    expect(res.status).toBe(303);
    const [row] = await db().select().from(cases).where(eq(cases.hospitalizationId, 'N-0008'));
    expect(row!.hospitalId).toBe('sanda-nishi');
    const events = await db().select().from(caseEvents).where(eq(caseEvents.caseId, row!.id));
    expect(events[0]!.source).toBe('admin');
  });

  it('the care office is found on the server by a part of its name, its town or its phone number, keeping what was typed', async () => {
    for (const query of ['ケアプラン', 'けやき台', '三田市 けやき台', '０７９－０００－０００１', '0790000001']) {
      const res = await staff.post('/console/admissions/new', {
        ...form({ hospitalizationId: 'N-0009', office: '' }),
        op: 'search',
        officeQuery: query,
      });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('value="sanda-kyotaku-01"');
      expect(html).toContain('三田ケアプランセンター');
      expect(html).toContain('value="N-0009"');
    }
    const miss = await staff.post('/console/admissions/new', {
      ...form(),
      op: 'search',
      officeQuery: '存在しない事業所',
    });
    expect(await miss.text()).toContain('名簿に該当する事業所がありません');
    // Another town is not this office's: the town is matched, not any office of the region.
    const elsewhere = await staff.post('/console/admissions/new', {
      ...form({ office: '' }),
      op: 'search',
      officeQuery: '西山',
    });
    expect(await elsewhere.text()).not.toContain('value="sanda-kyotaku-01"');
  });

  it("the directory keeps an office's town (所在地) and shows it with the region's name, not its id", async () => {
    const [row] = await db().select().from(careOffices).where(eq(careOffices.id, 'sanda-kyotaku-01'));
    expect(row!.town).toBe('三田市けやき台');
    const page = await (await admin.get('/console/directory')).text();
    expect(page).toContain('<th>所在地</th>');
    expect(page).toContain('<td>三田市けやき台</td>');
    expect(page).not.toContain('<td>sanda</td>');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

describe('admin API', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
  });
  afterAll(async () => {
    await s.close();
  });

  it('refuses requests without the admin token, or with a wrong one, as problem+json', async () => {
    const headerSets: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-token' },
      { authorization: ADMIN_TOKEN },
    ];
    for (const headers of headerSets) {
      const res = await fetch(`${s.base}/v1/admin/hospitals`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
    }
  });

  it('lists the Sanda directory: 8 hospitals, the municipal hospital with its two windows by purpose', async () => {
    const { items } = (await (await s.admin('/v1/admin/hospitals')).json()) as {
      items: {
        id: string;
        name: string;
        region: string;
        windows: { name: string; fax: string | null; purposes: string[] }[];
      }[];
    };
    expect(items).toHaveLength(8);
    expect(items.every((h) => h.region === 'sanda')).toBe(true);
    expect(items.map((h) => h.name).sort()).toEqual(
      [
        'あいの病院',
        'さんだリハビリテーション病院',
        '三田市民病院',
        '三田温泉病院',
        '三田西病院',
        '三田高原病院',
        '兵庫中央病院',
        '平島病院',
      ].sort(),
    );
    const shimin = items.find((h) => h.id === 'sanda-shimin')!;
    expect(shimin.windows.map((w) => [w.name, w.fax, w.purposes])).toEqual([
      ['総合支援センター 入院支援連携室', '079-565-8015', ['outpatient', 'planned_admission']],
      ['総合支援センター 退院支援連携室', '079-565-8018', ['inpatient']],
    ]);
  });

  it("a window's email is set, shown and cleared through the API (a window without FAX is still reachable)", async () => {
    const window = { id: 'test-clinic-renkei', name: '地域連携室', purposes: ['inpatient'] };
    const put = (w: object) =>
      s.admin('/v1/admin/hospitals/test-clinic', {
        method: 'PUT',
        body: { region: 'sanda', name: 'テスト診療所', windows: [{ ...window, ...w }] },
      });
    const emailOf = async () => {
      const { items } = (await (await s.admin('/v1/admin/hospitals')).json()) as {
        items: { id: string; windows: { email: string | null }[] }[];
      };
      return items.find((h) => h.id === 'test-clinic')?.windows[0]?.email;
    };
    expect((await put({ email: 'renkei@clinic.example.jp' })).status).toBe(201);
    expect(await emailOf()).toBe('renkei@clinic.example.jp');
    const bad = await put({ email: 'not-an-email' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(
      'windows.0.email',
    );
    // PUT replaces: a window sent without its email has none.
    expect((await put({})).status).toBe(200);
    expect(await emailOf()).toBeNull();
  });

  it('issues a webhook secret once, 404 for an unknown hospital', async () => {
    const res = await s.admin('/v1/admin/hospitals/sanda-kogen/secrets', { method: 'POST' });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { secret: string }).secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    expect((await s.admin('/v1/admin/hospitals/nowhere/secrets', { method: 'POST' })).status).toBe(404);
  });

  it('creates a care office (201), replaces it (200), and returns what it stored', async () => {
    const body = {
      name: '三田ケアプランセンター',
      email: 'cm@example.jp',
      region: 'sanda',
      businessHours: { open: '09:00', close: '17:30', closedDays: ['sun', 'holiday'] },
    };
    const created = await s.admin('/v1/admin/care-offices/sanda-kyotaku-07', { method: 'PUT', body });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id: 'sanda-kyotaku-07', ...body, fax: null });
    const replaced = await s.admin('/v1/admin/care-offices/sanda-kyotaku-07', {
      method: 'PUT',
      body: { ...body, fax: '079-123-4567' },
    });
    expect(replaced.status).toBe(200);
    expect(((await replaced.json()) as { fax: string }).fax).toBe('079-123-4567');
  });

  it('refuses an invalid care office naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ name: 'x', email: 'not-an-email' }, 'email'],
      [{ email: 'a@example.jp' }, 'name'],
      [{ name: 'x', fax: 'FAX!' }, 'fax'],
      [{ name: 'x', businessHours: { open: '18:00', close: '09:00', closedDays: [] } }, 'businessHours.close'],
      [
        { name: 'x', businessHours: { open: '09:00', close: '18:00', closedDays: ['someday'] } },
        'businessHours.closedDays.0',
      ],
      [{ name: 'x', region: 'atlantis' }, 'region'],
    ];
    for (const [body, field] of cases) {
      const res = await s.admin('/v1/admin/care-offices/bad-office', { method: 'PUT', body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      const problem = (await res.json()) as { errors: { field: string }[] };
      expect(problem.errors.map((e) => e.field)).toContain(field);
    }
  });

  it('lists hospitalizations with filters and shows one in detail; unknown case is 404', async () => {
    await registerCareOffice(s);
    const a = (await (await s.sendEvent('sanda-shimin', admittedEvent('E-a'))).json()) as { caseId: string };
    await s.sendEvent('sanda-shimin', admittedEvent('E-b'));
    await s.sendEvent('sanda-shimin', {
      type: 'discharge_planning_started',
      hospitalizationId: 'E-b',
      occurredAt: '2026-12-04T10:45:00+09:00',
      data: { expectedDischargeDate: '2026-12-20' },
    });
    const all = (await (await s.admin('/v1/admin/hospitalizations')).json()) as {
      items: { caseId: string; state: string; hospitalizationId: string; hospitalId: string; overdue: string[] }[];
    };
    expect(all.items).toHaveLength(2);
    const starting = (await (await s.admin('/v1/admin/hospitalizations?state=dischargeStart')).json()) as typeof all;
    expect(starting.items.map((i) => i.hospitalizationId)).toEqual(['E-b']);
    const d = (await (await s.admin(`/v1/admin/hospitalizations/${a.caseId}`)).json()) as {
      caseId: string;
      state: string;
      deadlines: { key: string; owner: string }[];
      timeline: unknown[];
      billing: { code: string }[];
    };
    expect(d).toMatchObject({ caseId: a.caseId, state: 'admissionNotice', route: 'A' });
    expect(d.deadlines.map((x) => [x.key, x.owner]).sort()).toEqual([
      ['dischargeDifficultyScreening', 'hospital'],
      ['informationSheet', 'care_office'],
    ]);
    expect(d.billing.map((b) => b.code)).toContain('info_linkage_1');
    expect(d.timeline.length).toBeGreaterThan(0);
    const missing = await s.admin('/v1/admin/hospitalizations/case_nope');
    expect(missing.status).toBe(404);
  });
});

describe('API description', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
  });
  afterAll(async () => {
    await s.close();
  });

  it('/openapi.json is generated from the zod schemas and lists every endpoint', async () => {
    const doc = (await (await fetch(`${s.base}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/v1/admin/accounts',
      '/v1/admin/accounts/{id}/disable',
      '/v1/admin/accounts/{id}/tokens',
      '/v1/admin/accounts/{id}/two-factor/reset',
      '/v1/admin/audit',
      '/v1/admin/care-offices/{id}',
      '/v1/admin/data-keys/rotate',
      '/v1/admin/hospitalizations',
      '/v1/admin/hospitalizations/{caseId}',
      '/v1/admin/hospitalizations/{caseId}/audit',
      '/v1/admin/hospitalizations/{caseId}/care-office',
      '/v1/admin/hospitalizations/{caseId}/events',
      '/v1/admin/hospitalizations/{caseId}/links/revoke',
      '/v1/admin/hospitalizations/{caseId}/notices/{noticeId}/resend',
      '/v1/admin/hospitals',
      '/v1/admin/hospitals/{id}',
      '/v1/admin/hospitals/{id}/secrets',
      '/v1/admin/metrics',
      '/v1/admin/notices/stuck',
      '/v1/admin/overview',
      '/v1/admin/regions',
      '/v1/admin/regions/{id}/administrator',
      '/v1/admin/stuck',
      '/v1/admin/stuck/{itemId}/follow-up',
      '/v1/hospitals/{hospitalId}/events',
      '/v1/hospitals/{hospitalId}/hl7',
      '/v1/scheduled',
    ]);
    expect(Object.keys(doc.paths['/v1/hospitals/{hospitalId}/events']!)).toEqual(['post']);
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'HospitalEvent',
        'AdmittedEvent',
        'DischargedEvent',
        'Problem',
        'CaseDetail',
        'RegionAdministrator',
        'RegionAdministratorInput',
      ]),
    );
  });

  it('/docs renders the API for people, without any external script', async () => {
    const res = await fetch(`${s.base}/docs`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('POST /v1/hospitals/{hospitalId}/events');
    expect(html).toContain('webhook-signature');
    expect(html).not.toMatch(/<script[^>]+src=/);
  });

  it('unknown routes answer with problem+json 404', async () => {
    const res = await fetch(`${s.base}/v1/nothing-here`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});

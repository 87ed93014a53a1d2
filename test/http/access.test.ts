import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, apiTokens, auditLog } from '../../db/schema.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

describe('access: accounts, tokens, hospital scope, audit', () => {
  let s: TestServer;
  let staffToken = '';
  let adminToken = '';
  let ownCase = '';
  let otherCase = '';
  const as = (
    token: string,
    path: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) =>
    fetch(`${s.base}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });

  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
    await registerCareOffice(s);
    ownCase = ((await (await s.sendEvent('sanda-shimin', admittedEvent('E-own'))).json()) as { caseId: string }).caseId;
    otherCase = ((await (await s.sendEvent('sanda-nishi', admittedEvent('E-other'))).json()) as { caseId: string })
      .caseId;
  });
  afterAll(async () => {
    await s.close();
  });

  it('the bootstrap administrator (RENKEI_ADMIN_TOKEN) creates accounts; each gets an API token once', async () => {
    const admin = await s.admin('/v1/admin/accounts', {
      method: 'POST',
      body: { loginId: 'center', name: '支援センター', role: 'admin', password: 'correct horse battery' },
    });
    expect(admin.status).toBe(201);
    const a = (await admin.json()) as { account: { role: string; createdBy: string }; apiToken: string };
    expect(a.account).toMatchObject({ role: 'admin', createdBy: 'bootstrap-admin' });
    expect(a.apiToken).toMatch(/^rk_[A-Za-z0-9_-]{43}$/);
    adminToken = a.apiToken;
    const staff = await as(adminToken, '/v1/admin/accounts', {
      method: 'POST',
      body: {
        loginId: 'shimin-ns',
        name: '市民病院 連携室',
        role: 'hospital_staff',
        hospitalId: 'sanda-shimin',
        password: 'another long password',
      },
    });
    expect(staff.status).toBe(201);
    staffToken = ((await staff.json()) as { apiToken: string }).apiToken;
  });

  it('refuses a taken login id (409), staff without a hospital or with an unknown one (400)', async () => {
    expect(
      (await s.admin('/v1/admin/accounts', { method: 'POST', body: { loginId: 'center', name: 'x', role: 'admin' } }))
        .status,
    ).toBe(409);
    const noHospital = await s.admin('/v1/admin/accounts', {
      method: 'POST',
      body: { loginId: 'nobody', name: 'x', role: 'hospital_staff' },
    });
    expect(noHospital.status).toBe(400);
    expect(((await noHospital.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('hospitalId');
    expect(
      (
        await s.admin('/v1/admin/accounts', {
          method: 'POST',
          body: { loginId: 'nobody', name: 'x', role: 'hospital_staff', hospitalId: 'atlantis' },
        })
      ).status,
    ).toBe(400);
  });

  it('stores secrets hashed: the password as PBKDF2 with its salt, the API token as SHA-256, neither in clear', async () => {
    const rows = await s.running.deps.database.db.select().from(accounts);
    const tokens = await s.running.deps.database.db.select().from(apiTokens);
    expect(rows.map((r) => r.passwordHash)).toEqual([
      expect.stringMatching(/^pbkdf2-sha256\$100000\$[\w-]{22}\$[\w-]{43}$/),
      expect.stringMatching(/^pbkdf2-sha256\$/),
    ]);
    expect(JSON.stringify(rows)).not.toContain('correct horse battery');
    expect(JSON.stringify(tokens)).not.toContain(staffToken.slice(3));
  });

  it("staff see only their own hospital: list filtered, another hospital's case is 404 with no data", async () => {
    const list = (await (await as(staffToken, '/v1/admin/hospitalizations?hospitalId=sanda-nishi')).json()) as {
      items: { caseId: string; hospitalId: string }[];
    };
    expect(list.items.map((i) => i.caseId)).toEqual([ownCase]);
    expect((await as(staffToken, `/v1/admin/hospitalizations/${ownCase}`)).status).toBe(200);
    const other = await as(staffToken, `/v1/admin/hospitalizations/${otherCase}`);
    expect(other.status).toBe(404);
    const body = await other.text();
    expect(body).not.toContain('E-other');
    expect(body).not.toContain('山田');
    // Indistinguishable from a case that does not exist.
    const missing = await as(staffToken, '/v1/admin/hospitalizations/case_nope');
    expect(JSON.parse(body).detail.replace(otherCase, 'X')).toBe(
      ((await missing.json()) as { detail: string }).detail.replace('case_nope', 'X'),
    );
    for (const path of [`/v1/admin/hospitalizations/${otherCase}/audit`])
      expect((await as(staffToken, path)).status).toBe(404);
    const stuck = (await (await as(staffToken, '/v1/admin/stuck?hospitalId=sanda-nishi')).json()) as {
      items: { hospitalId: string }[];
    };
    expect(stuck.items.every((i) => i.hospitalId === 'sanda-shimin')).toBe(true);
  });

  it("staff cannot act on another hospital's case (404) nor administer (403)", async () => {
    const reassign = await as(staffToken, `/v1/admin/hospitalizations/${otherCase}/care-office`, {
      method: 'POST',
      body: { careOfficeId: 'sanda-kyotaku-01', reason: 'test' },
    });
    expect(reassign.status).toBe(404);
    for (const [method, path, body] of [
      ['GET', '/v1/admin/accounts', undefined],
      ['POST', '/v1/admin/accounts', { loginId: 'evil', name: 'x', role: 'admin' }],
      ['GET', '/v1/admin/audit', undefined],
      ['POST', '/v1/admin/hospitals/sanda-shimin/secrets', undefined],
      ['PUT', '/v1/admin/care-offices/x', { name: 'x' }],
      ['POST', '/v1/scheduled', {}],
    ] as const) {
      expect((await as(staffToken, path, { method, body })).status, `${method} ${path}`).toBe(403);
    }
  });

  it('every view of a case is audited with who, when, address and user agent; denied views too', async () => {
    await as(adminToken, `/v1/admin/hospitalizations/${ownCase}`, {
      headers: { 'user-agent': 'audit-test/1.0', 'x-forwarded-for': '203.0.113.9' },
    });
    const entries = (await (await as(adminToken, '/v1/admin/audit')).json()) as {
      items: { actor: string; action: string; target: string; ip: string; userAgent: string; at: string }[];
    };
    const viewed = entries.items.find((e) => e.action === 'case.viewed' && e.actor === 'account:center');
    expect(viewed).toMatchObject({ target: ownCase, userAgent: 'audit-test/1.0' });
    expect(viewed!.ip).toContain('203.0.113.9');
    expect(
      entries.items.some(
        (e) => e.action === 'case.view.denied' && e.actor === 'account:shimin-ns' && e.target === otherCase,
      ),
    ).toBe(true);
    expect(entries.items.some((e) => e.action === 'account.created' && e.actor === 'bootstrap-admin')).toBe(true);
  });

  it('the audit log is append-only: the database refuses updates and deletes', async () => {
    const { db } = s.running.deps.database;
    const refusal = { cause: expect.objectContaining({ message: expect.stringMatching(/audit_log is append-only/) }) };
    await expect(db.update(auditLog).set({ actor: 'someone-else' })).rejects.toMatchObject(refusal);
    await expect(db.delete(auditLog)).rejects.toMatchObject(refusal);
  });

  it("a disabled account's token stops working at once", async () => {
    const created = (await (
      await s.admin('/v1/admin/accounts', {
        method: 'POST',
        body: { loginId: 'leaver', name: '退職者', role: 'admin' },
      })
    ).json()) as { account: { id: string }; apiToken: string };
    expect((await as(created.apiToken, '/v1/admin/overview')).status).toBe(200);
    expect((await s.admin(`/v1/admin/accounts/${created.account.id}/disable`, { method: 'POST' })).status).toBe(200);
    expect((await as(created.apiToken, '/v1/admin/overview')).status).toBe(401);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asToken, consoleClient, createStaffAccount } from '../support/console.js';
import { admittedEvent, startTestServer, type TestServer } from '../support/server.js';

// Hospital staff see their own hospital only: every GET under /v1/admin and every console page that
// lists data answers a staff member with their hospital's data and nothing of another hospital
// (its case ids, hospitalization numbers, patients, notices), whatever filter they send.

describe("hospital staff see only their hospital's data, on every admin GET and console page", () => {
  let s: TestServer;
  let staffToken = '';
  let ownCase = '';
  let otherCase = '';
  const staffGet = (path: string) => asToken(s, staffToken)(path);
  const staff = () => {
    const c = consoleClient(s);
    return c.login('shimin', 'shimin-password-1').then(() => c);
  };

  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
    // An office without email: each admission notice to it is dead-lettered, a stuck notice per hospital.
    await s.admin('/v1/admin/care-offices/no-mail', {
      method: 'PUT',
      body: { name: 'メール未登録の事業所', phone: '079-111-2222', fax: '079-111-3333', region: 'sanda' },
    });
    staffToken = await createStaffAccount(s);
    const admit = async (hospitalId: string, hospitalizationId: string, name: string) =>
      (
        (await (
          await s.sendEvent(hospitalId, {
            ...admittedEvent(hospitalizationId),
            data: {
              ...admittedEvent(hospitalizationId).data,
              careOfficeId: 'no-mail',
              patient: { name, birthDate: '1940-01-01' },
            },
          })
        ).json()) as { caseId: string }
      ).caseId;
    ownCase = await admit('sanda-shimin', 'E-OWN-1', '自院 花子');
    otherCase = await admit('sanda-nishi', 'E-OTHER-2', '別院 太郎');
    await s.sweep();
    // The administrator sees both hospitals' dead notices: there is something to leak.
    const all = await (await s.admin('/v1/admin/notices/stuck')).text();
    expect(all).toContain(ownCase);
    expect(all).toContain(otherCase);
  });
  afterAll(async () => {
    await s.close();
  });

  /** Nothing of the other hospital's stay: its case id, its number, its patient. */
  const expectNothingOfOther = (body: string, what: string) => {
    expect(body, what).not.toContain(otherCase);
    expect(body, what).not.toContain('E-OTHER-2');
    expect(body, what).not.toContain('別院');
  };

  it.each([
    ['/v1/admin/notices/stuck', 'dead notices'],
    ['/v1/admin/hospitalizations?hospitalId=sanda-nishi', 'cases'],
    ['/v1/admin/stuck?hospitalId=sanda-nishi', 'stuck handoffs'],
    ['/v1/admin/overview', 'overview'],
  ])("API %s lists their hospital's %s only, whatever filter they send", async (path, what) => {
    const res = await staffGet(path);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body, what).toContain(ownCase);
    expectNothingOfOther(body, what);
  });

  it('API /v1/admin/metrics answers their hospital only, even when asked for the region or another hospital', async () => {
    for (const query of ['', '?hospitalId=sanda-nishi', '?region=sanda', '?format=csv&hospitalId=sanda-nishi']) {
      const res = await staffGet(`/v1/admin/metrics${query}`);
      expect(res.status, query).toBe(200);
      const body = await res.text();
      expect(body, query).toContain('sanda-shimin');
      expect(body, query).not.toContain('sanda-nishi');
    }
  });

  it("API: another hospital's case and its audit answer 404; accounts and the audit log 403", async () => {
    for (const path of [`/v1/admin/hospitalizations/${otherCase}`, `/v1/admin/hospitalizations/${otherCase}/audit`]) {
      const res = await staffGet(path);
      expect(res.status, path).toBe(404);
      expectNothingOfOther((await res.text()).replaceAll(otherCase, ''), path);
    }
    for (const path of ['/v1/admin/accounts', '/v1/admin/audit']) expect((await staffGet(path)).status, path).toBe(403);
  });

  it('API /v1/admin/hospitals is the shared contact directory, with no stay in it', async () => {
    const res = await staffGet('/v1/admin/hospitals');
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).not.toContain(ownCase);
    expectNothingOfOther(body, 'directory');
  });

  it.each([
    ['/console', 'overview'],
    ['/console/stuck?hospital=sanda-nishi', 'stuck handoffs'],
    ['/console/stuck?hospital=sanda-nishi&kind=dead_notice', 'dead notices'],
    ['/console/cases', 'cases'],
  ])("console %s lists their hospital's %s only", async (path, what) => {
    const c = await staff();
    const res = await c.get(path);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html, what).toContain('E-OWN-1');
    expectNothingOfOther(html, what);
  });

  it('console metrics (page and CSV) show their hospital only, even when asked for the region', async () => {
    const c = await staff();
    for (const path of ['/console/metrics?region=sanda', '/console/metrics.csv?region=sanda']) {
      const res = await c.get(path);
      expect(res.status, path).toBe(200);
      const body = await res.text();
      expect(body, path).toContain('三田市民病院');
      expect(body, path).not.toContain('sanda-nishi');
    }
  });

  it("console: another hospital's case pages answer 404; the audit log 403", async () => {
    const c = await staff();
    for (const path of [`/console/cases/${otherCase}`, `/console/cases/${otherCase}/events/new?type=discharged`]) {
      const res = await c.get(path);
      expect(res.status, path).toBe(404);
      expectNothingOfOther(await res.text(), path);
    }
    expect((await c.get('/console/audit')).status).toBe(403);
  });
});

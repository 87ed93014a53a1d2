import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asToken, consoleClient, createStaffAccount } from '../support/console.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

// Every refused action is audited like an allowed one: who tried what, and why it was refused
// (administrators only, another hospital's case, a form without the session's CSRF token).

interface Entry {
  actor: string;
  action: string;
  target: string;
  detail: Record<string, unknown> | null;
}

describe('denied write attempts are audited', () => {
  let s: TestServer;
  let staffToken = '';
  let otherCase = '';
  let otherNotice = '';
  const asStaff = (method: string, path: string, body?: unknown) => asToken(s, staffToken)(path, { method, body });
  const auditEntries = async () =>
    ((await (await s.admin('/v1/admin/audit?limit=1000')).json()) as { items: Entry[] }).items;

  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
    await registerCareOffice(s);
    staffToken = await createStaffAccount(s);
    otherCase = ((await (await s.sendEvent('sanda-nishi', admittedEvent('E-OTHER'))).json()) as { caseId: string })
      .caseId;
    const detail = (await (await s.admin(`/v1/admin/hospitalizations/${otherCase}`)).json()) as {
      timeline: { kind: string; noticeId?: string }[];
    };
    otherNotice = detail.timeline.find((t) => t.kind === 'notice')!.noticeId!;
  });
  afterAll(async () => {
    await s.close();
  });

  it.each([
    ['POST', '/v1/admin/accounts', { loginId: 'evil', name: 'x', role: 'admin' }],
    ['POST', '/v1/admin/accounts/acct_x/disable', undefined],
    ['PUT', '/v1/admin/care-offices/x', { name: 'x' }],
    ['PUT', '/v1/admin/hospitals/sanda-shimin', { region: 'sanda', name: 'x', windows: [] }],
    ['POST', '/v1/admin/hospitals/sanda-shimin/secrets', undefined],
    ['POST', '/v1/admin/data-keys/rotate', undefined],
    ['POST', '/v1/scheduled', {}],
  ])('API %s %s refused to hospital staff (403) is audited as access.denied', async (method, path, body) => {
    expect((await asStaff(method, path, body)).status).toBe(403);
    const entry = (await auditEntries()).find((e) => e.action === 'access.denied' && e.target === path);
    expect(entry).toMatchObject({ actor: 'account:shimin', detail: { method, reason: 'administrators_only' } });
  });

  it("API actions on another hospital's case (404) are audited as case.action.denied, naming the attempt", async () => {
    for (const [path, body, attempted] of [
      [`/v1/admin/hospitalizations/${otherCase}/notices/${otherNotice}/resend`, { reason: 'x' }, 'notice.resend'],
      [`/v1/admin/hospitalizations/${otherCase}/links/revoke`, { reason: 'x' }, 'case.links.revoke'],
      [
        `/v1/admin/hospitalizations/${otherCase}/care-office`,
        { careOfficeId: 'sanda-kyotaku-01', reason: 'x' },
        'case.fact.care_office_identified',
      ],
      [
        `/v1/admin/hospitalizations/${otherCase}/events`,
        {
          event: { type: 'admission_acknowledged', occurredAt: '2026-12-04T10:40:00+09:00', data: {} },
          reason: 'x',
        },
        'case.fact.admission_acknowledged',
      ],
    ] as const) {
      expect((await asStaff('POST', path, body)).status, path).toBe(404);
      const denied = (await auditEntries()).filter((e) => e.action === 'case.action.denied' && e.target === otherCase);
      expect(
        denied.map((e) => e.detail),
        path,
      ).toContainEqual({ attempted });
      expect(denied.every((e) => e.actor === 'account:shimin')).toBe(true);
    }
  });

  it("console POSTs refused by role, by another hospital's case, and without the CSRF token are audited", async () => {
    const c = consoleClient(s);
    await c.login('shimin', 'shimin-password-1');
    expect((await c.post('/console/directory/care-offices/new', { id: 'x', name: 'x' })).status).toBe(403);
    expect((await c.post(`/console/cases/${otherCase}/links/revoke`, { reason: 'x' })).status).toBe(404);
    expect((await c.post(`/console/cases/${otherCase}/care-office`, { careOfficeId: 'x', reason: 'x' })).status).toBe(
      404,
    );
    expect((await c.post('/console/logout', {}, { csrf: false })).status).toBe(403);
    const entries = await auditEntries();
    expect(entries).toContainEqual(
      expect.objectContaining({
        actor: 'account:shimin',
        action: 'access.denied',
        target: '/console/directory/care-offices/new',
        detail: { method: 'POST', reason: 'administrators_only' },
      }),
    );
    expect(
      entries
        .filter((e) => e.action === 'case.action.denied' && e.target === otherCase)
        .map((e) => e.detail?.attempted),
    ).toEqual(expect.arrayContaining(['case.links.revoke', 'case.fact.care_office_identified']));
    expect(entries).toContainEqual(
      expect.objectContaining({
        actor: 'account:shimin',
        action: 'access.denied',
        target: '/console/logout',
        detail: { method: 'POST', reason: 'csrf' },
      }),
    );
  });
});

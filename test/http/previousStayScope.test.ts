import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asToken, consoleClient, createStaffAccount } from '../support/console.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

// A readmission within 30 days is linked to the earlier stay. Staff of the readmitting hospital learn
// that there was a recent stay elsewhere, never the other hospital's case id nor a link to it.

describe('the readmission link does not leak across hospitals', () => {
  let s: TestServer;
  let staffToken = '';
  let firstStay = '';
  let readmission = '';
  const staffGet = (path: string) => asToken(s, staffToken)(path);
  type View = { previousStay: { reason: string; caseId: string | null; atAnotherHospital: boolean } | null };

  beforeAll(async () => {
    s = await startTestServer({ smtp: false, start: '2026-12-01T09:00:00+09:00' });
    await registerCareOffice(s);
    staffToken = await createStaffAccount(s);
    // First stay at 三田西 (another hospital), discharged home; readmitted at 市民病院 nine days later.
    const first = admittedEvent('E-NISHI-1', { occurredAt: '2026-12-01T08:00:00+09:00' });
    firstStay = ((await (await s.sendEvent('sanda-nishi', first)).json()) as { caseId: string }).caseId;
    const fact = (type: string, occurredAt: string, data: unknown) => ({
      type,
      hospitalizationId: 'E-NISHI-1',
      occurredAt,
      data,
    });
    await s.sendEvent(
      'sanda-nishi',
      fact('discharge_planning_started', '2026-12-02T09:00:00+09:00', { expectedDischargeDate: '2026-12-09' }),
    );
    s.clock.set('2026-12-09T12:00:00+09:00');
    const out = await s.sendEvent(
      'sanda-nishi',
      fact('discharged', '2026-12-09T11:00:00+09:00', { destination: 'home', nursingSummarySent: true }),
    );
    expect(out.status).toBe(202);
    s.clock.set('2026-12-18T10:00:00+09:00');
    const again = admittedEvent('E-SHIMIN-2', { occurredAt: '2026-12-18T09:00:00+09:00' });
    readmission = ((await (await s.sendEvent('sanda-shimin', again)).json()) as { caseId: string }).caseId;
  });
  afterAll(async () => {
    await s.close();
  });

  it('the administrator sees the earlier stay, its case id and that it was at another hospital', async () => {
    const view = (await (await s.admin(`/v1/admin/hospitalizations/${readmission}`)).json()) as View;
    expect(view.previousStay).toEqual({ reason: 'readmission', caseId: firstStay, atAnotherHospital: true });
  });

  it("staff of the readmitting hospital (API) see a recent stay elsewhere, not the other hospital's case id", async () => {
    const res = await staffGet(`/v1/admin/hospitalizations/${readmission}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect((JSON.parse(text) as View).previousStay).toEqual({
      reason: 'readmission',
      caseId: null,
      atAnotherHospital: true,
    });
    expect(text).not.toContain(firstStay);
  });

  it('staff of the readmitting hospital (console) read that there was a stay elsewhere, with no link and no id', async () => {
    const c = consoleClient(s);
    await c.login('shimin', 'shimin-password-1');
    const res = await c.get(`/console/cases/${readmission}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('再入院 (前回): 他の病院での入院があります');
    expect(html).not.toContain(firstStay);
  });
});

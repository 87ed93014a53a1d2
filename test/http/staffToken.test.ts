import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, caseEvents } from '../../db/schema.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

// A hospital without a system link posts the webhook's JSON events from a script with its staff
// account's API token: its own hospital only, recorded with source `staff` and the account audited.

describe("a hospital staff account's API token posts its own hospital's events", () => {
  let s: TestServer;
  let staffToken = '';
  const db = () => s.running.deps.database.db;
  const post = (hospitalId: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${s.base}/v1/hospitals/${hospitalId}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const asStaff = (hospitalId: string, body: unknown, key: string) =>
    post(hospitalId, body, { authorization: `Bearer ${staffToken}`, 'idempotency-key': key });

  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
    await registerCareOffice(s);
    const created = await s.admin('/v1/admin/accounts', {
      method: 'POST',
      body: { loginId: 'shimin-mt', name: '市民病院 松田', role: 'hospital_staff', hospitalId: 'sanda-shimin' },
    });
    staffToken = ((await created.json()) as { apiToken: string }).apiToken;
  });
  afterAll(async () => {
    await s.close();
  });

  it('own hospital: 202, the event logged with source staff, the audit row naming the account', async () => {
    const res = await asStaff('sanda-shimin', admittedEvent('E-STAFF-1'), 'ledger-0001');
    expect(res.status).toBe(202);
    const { caseId, state } = (await res.json()) as { caseId: string; state: string };
    expect(state).toBe('admissionNotice');
    const events = await db().select().from(caseEvents).where(eq(caseEvents.caseId, caseId));
    expect(events.map((e) => [e.type, e.source])).toEqual([['admitted', 'staff']]);
    expect(events[0]!.dedupeKey).toBe('wh:sanda-shimin:ledger-0001');
    const rows = await db().select().from(auditLog).where(eq(auditLog.target, caseId));
    expect(rows.map((r) => [r.actor, r.action])).toEqual([['account:shimin-mt', 'case.fact.admitted']]);
    expect(rows[0]!.detail).toMatchObject({ via: 'api' });
  });

  it('a repeated Idempotency-Key answers the first result, records nothing and audits nothing more', async () => {
    const again = await asStaff('sanda-shimin', admittedEvent('E-STAFF-1'), 'ledger-0001');
    expect(again.status).toBe(202);
    const { caseId } = (await again.json()) as { caseId: string };
    expect(await db().select().from(caseEvents).where(eq(caseEvents.caseId, caseId))).toHaveLength(1);
    expect(await db().select().from(auditLog).where(eq(auditLog.target, caseId))).toHaveLength(1);
  });

  it('a later fact of the same stay is recorded with source staff too', async () => {
    const res = await asStaff(
      'sanda-shimin',
      {
        type: 'discharge_planning_started',
        hospitalizationId: 'E-STAFF-1',
        occurredAt: '2026-12-04T10:45:00+09:00',
        data: { expectedDischargeDate: '2026-12-20' },
      },
      'ledger-0002',
    );
    expect(res.status).toBe(202);
    const { caseId } = (await res.json()) as { caseId: string };
    const [row] = await db()
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.type, 'discharge_planning_started')));
    expect(row?.source).toBe('staff');
  });

  it("an insurance application the family made is the hospital's data, not who recorded it: the case shows no person named 'family'", async () => {
    const admitted = admittedEvent('E-STAFF-B', { careOfficeId: null });
    expect(
      (await asStaff('sanda-shimin', { ...admitted, data: { ...admitted.data, usedCareServices: false } }, 'b-1'))
        .status,
    ).toBe(202);
    const facts = [
      {
        type: 'eligibility_screened',
        occurredAt: '2026-12-04T10:35:00+09:00',
        data: { age: 82, criteria: ['standing_walking'], wantsServices: true },
      },
      { type: 'insurance_application_supported', occurredAt: '2026-12-04T10:40:00+09:00', data: { by: 'family' } },
    ];
    let caseId = '';
    for (const [i, fact] of facts.entries()) {
      const res = await asStaff('sanda-shimin', { hospitalizationId: 'E-STAFF-B', ...fact }, `b-${i + 2}`);
      expect(res.status, await res.clone().text()).toBe(202);
      caseId = ((await res.json()) as { caseId: string }).caseId;
    }
    const detail = (await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as {
      timeline: { type?: string; source?: string; manual?: unknown }[];
    };
    expect(detail.timeline.find((t) => t.type === 'insurance_application_supported')).toMatchObject({
      source: 'staff',
      manual: { by: '', byName: '', reason: '' },
    });
  });

  it('another hospital answers 404 with exactly the body of a hospital that does not exist, and records nothing', async () => {
    const other = await asStaff('sanda-nishi', admittedEvent('E-STAFF-2'), 'ledger-0003');
    const missing = await asStaff('no-such-hospital', admittedEvent('E-STAFF-2'), 'ledger-0003');
    expect(other.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(other.headers.get('content-type')).toBe(missing.headers.get('content-type'));
    const otherBody = (await other.text()).replaceAll('sanda-nishi', 'X');
    const missingBody = (await missing.text()).replaceAll('no-such-hospital', 'X');
    expect(otherBody).toBe(missingBody);
    expect(await db().select().from(caseEvents).where(eq(caseEvents.dedupeKey, 'wh:sanda-nishi:ledger-0003'))).toEqual(
      [],
    );
  });

  it('without an Idempotency-Key nothing is recorded: 400 naming the header', async () => {
    const res = await post('sanda-shimin', admittedEvent('E-STAFF-3'), { authorization: `Bearer ${staffToken}` });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { type: string }).type).toBe('urn:renkei:problem:idempotency-key-required');
  });

  it("an administrator's token is refused (403): an administrator records on the case, with a reason", async () => {
    const res = await post('sanda-shimin', admittedEvent('E-STAFF-4'), {
      authorization: 'Bearer test-admin-token-0123456789',
      'idempotency-key': 'admin-1',
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { detail: string }).detail).toContain('/v1/admin/hospitalizations/{caseId}/events');
  });

  it('an unknown or revoked token is 401, whatever the hospital', async () => {
    const res = await post('sanda-shimin', admittedEvent('E-STAFF-5'), {
      authorization: 'Bearer rk_not-a-token',
      'idempotency-key': 'k-5',
    });
    expect(res.status).toBe(401);
    const missing = await post('no-such-hospital', admittedEvent('E-STAFF-5'), {
      authorization: 'Bearer rk_not-a-token',
      'idempotency-key': 'k-5',
    });
    expect(missing.status).toBe(401);
  });

  it('webhook signatures stay the way for systems: a signed delivery is still source hospital', async () => {
    const res = await s.sendEvent('sanda-shimin', admittedEvent('E-SYSTEM-1'));
    expect(res.status).toBe(202);
    const { caseId } = (await res.json()) as { caseId: string };
    const [row] = await db().select().from(caseEvents).where(eq(caseEvents.caseId, caseId));
    expect(row?.source).toBe('hospital');
    // A signed delivery is never audited as a person's act.
    expect(await db().select().from(auditLog).where(eq(auditLog.target, caseId))).toEqual([]);
  });
});

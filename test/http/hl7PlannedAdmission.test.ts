// Issue 15: ADT^A14 入院予定 and ADT^A27 入院予定取消 over /hl7. A planned admission is a case before
// its stay; the A01 of the same visit number begins the stay in that case; A27 ends the plan.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, cases } from '../../db/schema.js';
import { adt, readAck, sendHl7 } from '../support/hl7.js';
import { startTestServer, type TestServer } from '../support/server.js';

const HOSPITAL = 'sanda-aino';

describe('HL7 ADT^A14 / A27: planned admissions', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
  });
  afterAll(async () => {
    await s.close();
  });

  const ackOf = async (body: string) => {
    const res = await sendHl7(s.base, s, HOSPITAL, body);
    expect(res.status).toBe(200);
    return readAck(await res.text());
  };
  const db = () => s.running.deps.database.db;
  const casesOf = (visit: string) => db().select().from(cases).where(eq(cases.hospitalizationId, visit));
  const logOf = async (caseId: string) =>
    (await db().select().from(caseEvents).where(eq(caseEvents.caseId, caseId))).map((e) => [e.type, e.outcome]);

  it('A14 then A01 of the same visit: AA both; one case, planned then in its stay, the plan kept in its history', async () => {
    const plan = await ackOf(
      adt({ trigger: 'A14', controlId: 'P-1', visit: 'V-P1', at: '202612011000', expectedAdmission: '20261203' }),
    );
    expect(plan).toEqual({ code: 'AA', controlId: 'P-1', err: null });
    let [row] = await casesOf('V-P1');
    expect(row?.state).toBe('planned');
    expect(row?.snapshot.context.plannedAdmission).toEqual({
      plannedAt: '2026-12-01T10:00:00+09:00',
      expectedOn: '2026-12-03',
    });
    expect(row?.admittedAt).toBe(Date.parse('2026-12-03T00:00:00+09:00'));
    const admit = await ackOf(adt({ trigger: 'A01', controlId: 'P-2', visit: 'V-P1', at: '202612031015' }));
    expect(admit).toEqual({ code: 'AA', controlId: 'P-2', err: null });
    const rows = await casesOf('V-P1');
    expect(rows).toHaveLength(1);
    [row] = rows;
    expect(row?.state).toBe('eligibilityScreening'); // no care office known yet: route B, as for any A01
    expect(row?.admittedAt).toBe(Date.parse('2026-12-03T10:15:00+09:00'));
    expect(row?.snapshot.context.ward).toBe('4E');
    expect(await logOf(row!.id)).toEqual([
      ['admission_planned', 'accepted'],
      ['admitted', 'accepted'],
    ]);
  });

  it('A14 then A27: AA both; the plan ends as cancelled, nothing counted as a stay', async () => {
    expect(
      (
        await ackOf(
          adt({ trigger: 'A14', controlId: 'C-1', visit: 'V-C1', at: '202612011000', expectedAdmission: '20261210' }),
        )
      ).code,
    ).toBe('AA');
    expect((await ackOf(adt({ trigger: 'A27', controlId: 'C-2', visit: 'V-C1', at: '202612021000' }))).code).toBe('AA');
    const [row] = await casesOf('V-C1');
    expect(row?.state).toBe('closed');
    expect(row?.closedReason).toBe('admission_plan_cancelled');
    expect(row?.leakReason).toBeNull();
    expect(row?.dischargedAt).toBeNull();
    expect(row?.overdue).toEqual([]);
  });

  it('A27 without an A14: AE naming PV1-19, nothing recorded', async () => {
    const ack = await ackOf(adt({ trigger: 'A27', controlId: 'N-1', visit: 'V-none' }));
    expect(ack.code).toBe('AE');
    expect(ack.err).toMatch(/^ERR\|\|PV1\^1\^19\|204\^/);
    expect(await casesOf('V-none')).toEqual([]);
  });

  it('A27 after the admission took place: AE (the stay has begun; ADT^A11 cancels an admission)', async () => {
    await ackOf(
      adt({ trigger: 'A14', controlId: 'L-1', visit: 'V-L1', at: '202612011000', expectedAdmission: '20261202' }),
    );
    await ackOf(adt({ trigger: 'A01', controlId: 'L-2', visit: 'V-L1', at: '202612021000' }));
    const ack = await ackOf(adt({ trigger: 'A27', controlId: 'L-3', visit: 'V-L1', at: '202612021100' }));
    expect(ack.code).toBe('AE');
    expect(ack.err).toMatch(/^ERR\|\|MSH\^1\^9\|207\^/);
    expect((await casesOf('V-L1'))[0]?.state).not.toBe('closed');
  });

  it('A14 without PV2-8 (the planned day): AE naming PV2-8, nothing recorded', async () => {
    const ack = await ackOf(adt({ trigger: 'A14', controlId: 'D-1', visit: 'V-D1' }));
    expect(ack.code).toBe('AE');
    expect(ack.err).toMatch(/^ERR\|\|PV2\^1\^8\|101\^/);
    expect(await casesOf('V-D1')).toEqual([]);
  });

  it('a resent A14 (same MSH-10) is AA and records nothing more', async () => {
    const msg = adt({
      trigger: 'A14',
      controlId: 'R-1',
      visit: 'V-R1',
      at: '202612011000',
      expectedAdmission: '20261205',
    });
    await ackOf(msg);
    expect((await ackOf(msg)).code).toBe('AA');
    const [row] = await casesOf('V-R1');
    expect(await logOf(row!.id)).toEqual([['admission_planned', 'accepted']]);
  });
});

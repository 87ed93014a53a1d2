import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseProviders, cases, outbox } from '../../db/schema.js';
import { REPORTED_PREFIX } from '../../engine/cases/index.js';
import { listStuck } from '../../engine/console/index.js';
import { demoPlan } from '../../scripts/demo/plan.js';
import { type DemoReports, demoReportsAndRecords } from '../../scripts/demo/reports.js';
import { runDemo } from '../../scripts/demo/run.js';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.js';

// The demo month shows what starts on the care manager's side: admissions reported first
// (先に知った方が連絡する) answered each way the hospital can, and 退院・退所情報記録書 filed, one
// disagreeing with the hospital's conference.

const END = '2026-11-30T20:00:00+09:00';

describe('the demo month: admissions reported first, and discharge records', () => {
  let s: TestServer;
  let made: DemoReports;
  let caseIds: Map<number, string>;
  beforeAll(async () => {
    s = await startTestServer({ smtp: false, start: END });
    const end = Date.parse(END);
    const plan = demoPlan({ end, cases: 24 });
    ({ caseIds } = await runDemo(
      { base: s.base, adminToken: ADMIN_TOKEN, setNow: (iso) => s.clock.set(iso) },
      plan,
      end,
    ));
    made = await demoReportsAndRecords(
      s.running.deps,
      {
        base: s.base,
        setNow: (ms) => s.clock.set(new Date(ms).toISOString()),
        sweep: async () => {
          await fetch(`${s.base}/v1/scheduled`, {
            method: 'POST',
            headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
            body: '{}',
          });
        },
      },
      plan,
      caseIds,
      end,
    );
  }, 180_000);
  afterAll(async () => {
    await s?.close();
  });

  it('他の事業所への写し: some stays name a visiting nurse or a day service, who are copied on the discharge start and discharge', async () => {
    const { db } = s.running.deps.database;
    const named = await db.select().from(caseProviders);
    const kinds = named.map((p) => p.kind);
    expect(kinds).toContain('visiting_nursing');
    expect(kinds.some((k) => k === 'day_service' || k === 'day_rehabilitation')).toBe(true);
    const copies = await db.select().from(outbox).where(eq(outbox.recipientKind, 'other_provider'));
    expect(copies.length).toBeGreaterThan(0);
    expect(copies.every((c) => c.notice === 'discharge_start_copy' || c.notice === 'discharge_copy')).toBe(true);
    expect(copies.every((c) => named.some((p) => p.id === c.recipientId && p.caseId === c.caseId))).toBe(true);
  });

  it('先に知った方が連絡する: one report confirmed at /a/{code}, one joined by the hospital, one past its deadline on the stuck list, one 該当する入院はありません', async () => {
    const { db } = s.running.deps.database;
    const reported = await db
      .select()
      .from(cases)
      .where(like(cases.hospitalizationId, `${REPORTED_PREFIX}%`));
    const [joined] = await db.select().from(cases).where(eq(cases.hospitalizationId, 'DEMO-R001'));
    const contexts = reported.map((r) => r.snapshot.context);
    expect(contexts.filter((c) => c.hospitalConfirmation?.by === '入院受付 田中')).toHaveLength(1);
    expect(contexts.filter((c) => c.hospitalDenial)).toHaveLength(1);
    expect(reported.filter((r) => r.state === 'closed')).toHaveLength(1);
    expect(joined?.snapshot.context.hospitalJoinedAt).toBeTruthy();
    const overdue = reported.filter((r) =>
      r.snapshot.context.deadlines.some((d) => d.key === 'reportedAdmissionConfirmation' && d.status === 'overdue'),
    );
    expect(overdue).toHaveLength(1);
    const stuck = await listStuck(s.running.deps, {});
    expect(stuck.filter((i) => i.key === 'reportedAdmissionConfirmation').map((i) => i.caseId)).toEqual([
      overdue[0]!.id,
    ]);
    expect(made).toMatchObject({ reported: 4, stuck: 1 });
  });

  it('an out-of-scope stay (fromHomeToHome: false), and a repeat admission settled as 今回は提供不要（病院と合意）', async () => {
    const { db } = s.running.deps.database;
    const [out] = await db.select().from(cases).where(eq(cases.hospitalizationId, 'DEMO-R002'));
    expect(out?.snapshot.context.inRuleScope).toBe(false);
    const [repeat] = await db.select().from(cases).where(eq(cases.hospitalizationId, 'DEMO-R003'));
    expect(made.repeats).toBe(1);
    expect(repeat?.snapshot.context.previousStay).toBeTruthy();
    expect(repeat?.snapshot.context.deadlines.find((d) => d.key === 'informationSheet')?.status).toBe('waived');
  });

  it('three stays carry a filed 退院・退所情報記録書, one on another day than the hospital’s conference', async () => {
    expect(made.records).toBe(3);
    const { db } = s.running.deps.database;
    const rows = await db.select().from(cases);
    const filed = rows.map((r) => r.snapshot.context).filter((c) => (c.dischargeRecords?.length ?? 0) > 0);
    expect(filed).toHaveLength(3);
    const differing = filed.filter((c) => {
      const held = c.conferences[0]?.heldAt ?? c.conferences[0]?.at;
      return held && !sameJstDay(c, held);
    });
    expect(differing).toHaveLength(1);
    expect(differing[0]!.dischargeRecords![0]!.attendees.map((a) => a.profession)).toContain('physician');
  });
});

/** The record's day against the conference's day, both in Japan time. */
function sameJstDay(c: { dischargeRecords?: { receivedOn: string }[] | undefined }, held: string): boolean {
  const jst = new Date(Date.parse(held) + 9 * 3600_000).toISOString().slice(0, 10);
  return c.dischargeRecords![0]!.receivedOn === jst;
}

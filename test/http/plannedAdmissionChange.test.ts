// rule.plannedAdmission: the planning notice promises 「入院の日程が変わった場合…改めてお知らせします」. A second
// plan of a stay still planned (the webhook's admission_planned again, or ADT^A14 again) is recorded as
// admission_plan_changed: the plan takes the new day and ward, and the told care office hears it again.
// Real server, real SMTP, real libSQL.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, cases } from '../../db/schema.js';
import { adt, readAck, sendHl7 } from '../support/hl7.js';
import { plannedEvent, registerCareOffice, startTestServer, type TestServer, taskLinks } from '../support/server.js';

const HOSPITAL = 'sanda-shimin';

describe('rule.plannedAdmission: a changed plan updates the planned case and re-notifies', () => {
  let s: TestServer;
  const db = () => s.running.deps.database.db;
  const caseOf = async (visit: string) =>
    (await db().select().from(cases).where(eq(cases.hospitalizationId, visit)))[0]!;
  const logOf = async (caseId: string) =>
    (await db().select().from(caseEvents).where(eq(caseEvents.caseId, caseId))).map((e) => [e.type, e.outcome]);

  beforeAll(async () => {
    s = await startTestServer({ start: '2026-12-01T10:30:00+09:00' });
    await registerCareOffice(s);
  });
  afterAll(async () => {
    await s.close();
  });

  it('a second admission_planned with a new day: 202 planned, the plan moved, 入院予定のお知らせ again with the new day and the same sheet link', async () => {
    const first = await s.sendEvent(
      HOSPITAL,
      plannedEvent('CH-1', { occurredAt: '2026-12-01T10:00:00+09:00', expectedAdmissionDate: '2026-12-07' }),
    );
    expect(first.status).toBe(202);
    const [told] = await s.smtp!.waitFor(1);
    const second = await s.sendEvent(HOSPITAL, {
      ...plannedEvent('CH-1', { occurredAt: '2026-12-01T10:20:00+09:00', expectedAdmissionDate: '2026-12-14' }),
      data: {
        ...plannedEvent('CH-1', { expectedAdmissionDate: '2026-12-14' }).data,
        ward: '6階東病棟',
      },
    });
    expect(second.status, await second.clone().text()).toBe(202);
    expect(((await second.json()) as { state: string }).state).toBe('planned');
    const row = await caseOf('CH-1');
    expect(row.snapshot.context.plannedAdmission).toEqual({
      plannedAt: '2026-12-01T10:00:00+09:00',
      expectedOn: '2026-12-14',
    });
    expect(row.admittedAt).toBe(Date.parse('2026-12-14T00:00:00+09:00'));
    expect(await logOf(row.id)).toEqual([
      ['admission_planned', 'accepted'],
      ['admission_plan_changed', 'accepted'],
    ]);
    const mails = await s.smtp!.waitFor(2);
    const again = mails[1]!;
    expect(again.subject).toBe('【入院予定のお知らせ】三田市民病院');
    expect(again.text).toContain('入院予定日: 2026年12月14日(月)');
    expect(again.text).toContain('病棟: 6階東病棟');
    expect(taskLinks(again.text)).toEqual(taskLinks(told!.text));
  });

  it('the same plan sent again changes nothing: refused (409), kept for review, nobody told again', async () => {
    const before = s.smtp!.mails.length;
    const same = await s.sendEvent(HOSPITAL, {
      ...plannedEvent('CH-1', { occurredAt: '2026-12-01T10:25:00+09:00', expectedAdmissionDate: '2026-12-14' }),
    });
    expect(same.status).toBe(409);
    await s.sweep();
    expect(s.smtp!.mails.length).toBe(before);
  });

  it('ADT^A14 again for a planned visit: AA, the plan takes the new PV2-8 day', async () => {
    const ack = async (body: string) => readAck(await (await sendHl7(s.base, s, 'sanda-aino', body)).text());
    const plan = { trigger: 'A14' as const, visit: 'V-CH2', at: '202612011000' };
    expect((await ack(adt({ ...plan, controlId: 'CH-A', expectedAdmission: '20261205' }))).code).toBe('AA');
    expect((await ack(adt({ ...plan, controlId: 'CH-B', expectedAdmission: '20261209' }))).code).toBe('AA');
    const row = await caseOf('V-CH2');
    expect(row.state).toBe('planned');
    expect(row.snapshot.context.plannedAdmission?.expectedOn).toBe('2026-12-09');
  });
});

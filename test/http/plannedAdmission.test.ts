// Issue 15: 入院予定 through the JSON webhook. A planned admission is a case before its stay: the care
// manager is told when the region's rule says so (Sanda's pack does) and may give the information
// before admission; the admission of the same number begins the stay; a cancelled plan counts nowhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admittedEvent,
  plannedEvent,
  registerCareOffice,
  startTestServer,
  type TestServer,
  taskLinks,
} from '../support/server.js';

const HOSPITAL = 'sanda-shimin';
const PLANNED_AT = '2026-12-01T10:00:00+09:00';

interface Detail {
  state: string;
  deadlines: { key: string; status: string }[];
  tasks: { kind: string; status: string }[];
  timeline: { kind: string; type?: string; notice?: string }[];
  leak: unknown;
  closedReason: string | null;
}

describe('入院予定 over the webhook (admission_planned, admitted, admission_plan_cancelled)', () => {
  let s: TestServer;
  const detail = async (caseId: string) =>
    (await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as Detail;
  const send = async (body: Record<string, unknown>) => {
    const res = await s.sendEvent(HOSPITAL, body);
    return { status: res.status, body: (await res.json()) as { caseId: string; state: string; type?: string } };
  };

  beforeAll(async () => {
    s = await startTestServer({ start: PLANNED_AT });
    await registerCareOffice(s);
  });
  afterAll(async () => {
    await s.close();
  });

  it('A planned admission: 202 planned; the care office gets 入院予定のお知らせ (planned day, the planned-admission window, a link for the sheet)', async () => {
    const planned = await send(
      plannedEvent('E-PLAN-1', { occurredAt: PLANNED_AT, expectedAdmissionDate: '2026-12-07' }),
    );
    expect(planned).toMatchObject({ status: 202, body: { state: 'planned' } });
    const [mail] = await s.smtp!.waitFor(1);
    expect(mail!.subject).toBe('【入院予定のお知らせ】三田市民病院');
    expect(mail!.text).toContain('入院予定日: 2026年12月7日(月)');
    expect(mail!.text).toContain('入院日以前の情報提供');
    // 三田市民病院: 入院予定患者 → 入院支援連携室 (the directory's planned_admission window).
    expect(mail!.text).toContain('入院支援連携室');
    expect(mail!.text).not.toContain('退院支援連携室');
    expect(taskLinks(mail!.text)).toHaveLength(1);
    const d = await detail(planned.body.caseId);
    expect(d.deadlines).toEqual([]);
    expect(d.tasks).toEqual([expect.objectContaining({ kind: 'report_information_sheet', status: 'open' })]);
  });

  it('the sheet given from the link before admission, then the admission: the same case begins its stay with the sheet deadline met', async () => {
    const [link] = taskLinks(s.smtp!.mails[0]!.text);
    s.clock.set('2026-12-04T15:00:00+09:00');
    const answered = await fetch(link!, {
      method: 'POST',
      body: new URLSearchParams({ confirm: 'yes', providedAt: '2026-12-04T14:30', means: 'fax' }),
    });
    expect(answered.status).toBe(200);
    s.clock.set('2026-12-07T11:00:00+09:00');
    const admitted = await send(admittedEvent('E-PLAN-1', { occurredAt: '2026-12-07T10:30:00+09:00' }));
    expect(admitted.status).toBe(202);
    const d = await detail(admitted.body.caseId);
    expect(d.deadlines.find((x) => x.key === 'informationSheet')?.status).toBe('met');
    const events = d.timeline.filter((e) => e.kind === 'event').map((e) => e.type);
    expect(events).toEqual(['admission_planned', 'information_sheet_provided', 'admitted']);
    // The care manager hears that the planned admission took place.
    expect(d.timeline.filter((e) => e.kind === 'notice').map((e) => e.notice)).toContain('admission_notice');
    // Delivered before the next test counts its mails.
    expect((await s.smtp!.waitFor(2))[1]!.subject).toBe('【入院のお知らせ】三田市民病院');
  });

  it('a second plan of the same number is refused (409) and kept for review; so is cancelling it once the stay began', async () => {
    expect((await send(plannedEvent('E-PLAN-1', { occurredAt: '2026-12-07T10:40:00+09:00' }))).status).toBe(409);
    const cancel = await send({
      type: 'admission_plan_cancelled',
      hospitalizationId: 'E-PLAN-1',
      occurredAt: '2026-12-07T10:45:00+09:00',
      data: {},
    });
    expect(cancel.status).toBe(409);
  });

  it('入院予定の取消: the plan closes as cancelled, the told care office hears it, and nothing is stuck or leaked', async () => {
    s.clock.set('2026-12-07T12:00:00+09:00');
    const before = s.smtp!.mails.length;
    const planned = await send(plannedEvent('E-PLAN-2', { occurredAt: '2026-12-07T11:30:00+09:00' }));
    expect(planned.body.state).toBe('planned');
    const cancelled = await send({
      type: 'admission_plan_cancelled',
      hospitalizationId: 'E-PLAN-2',
      occurredAt: '2026-12-07T11:50:00+09:00',
      data: {},
    });
    expect(cancelled).toMatchObject({ status: 202, body: { state: 'closed' } });
    const d = await detail(planned.body.caseId);
    expect(d.closedReason).toBe('admission_plan_cancelled');
    expect(d.leak).toBeNull();
    expect(d.tasks.every((t) => t.status !== 'open')).toBe(true);
    const mails = await s.smtp!.waitFor(before + 2);
    expect(mails.slice(before).map((m) => m.subject)).toEqual([
      '【入院予定のお知らせ】三田市民病院',
      '【入院予定取消のお知らせ】三田市民病院',
    ]);
    expect(mails.at(-1)!.text).toContain('入院予定が取り消されました');
  });

  it('a planned case is no stay: weeks past its planned day it is on no stuck list', async () => {
    await send(
      plannedEvent('E-PLAN-3', { occurredAt: '2026-12-07T12:00:00+09:00', expectedAdmissionDate: '2026-12-08' }),
    );
    await s.sweep('2026-12-28T12:00:00+09:00');
    const stuck = (await (await s.admin('/v1/admin/stuck')).json()) as { items: { hospitalizationId: string }[] };
    expect(stuck.items.map((i) => i.hospitalizationId)).not.toContain('E-PLAN-3');
  });

  it('a cancellation without a plan: 409 naming no case, nothing created', async () => {
    const res = await s.sendEvent(HOSPITAL, {
      type: 'admission_plan_cancelled',
      hospitalizationId: 'E-NO-PLAN',
      occurredAt: '2026-12-07T12:00:00+09:00',
      data: {},
    });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { type: string }).type).toContain('unknown-hospitalization');
  });

  it("a plan made weeks ahead: the sheet's link (14 days in Sanda's pack) still opens after the planned day, and not for ever", async () => {
    s.clock.set('2026-12-28T13:00:00+09:00');
    const before = s.smtp!.mails.length;
    await send(
      plannedEvent('E-PLAN-4', { occurredAt: '2026-12-28T12:30:00+09:00', expectedAdmissionDate: '2027-01-25' }),
    );
    const [link] = taskLinks((await s.smtp!.waitFor(before + 1))[before]!.text);
    const opens = async (at: string) => {
      s.clock.set(at);
      return !(await (await fetch(link!)).text()).includes('リンクの有効期限切れ');
    };
    // 30 days after the plan, 13 after the planned day: within 14 days of the day the stay is expected.
    expect(await opens('2027-01-27T09:00:00+09:00')).toBe(true);
    expect(await opens('2027-02-07T23:00:00+09:00')).toBe(true);
    expect(await opens('2027-02-08T09:00:00+09:00')).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admittedEvent, registerCareOffice, startTestServer, taskLinks, type TestServer } from '../support/server.js';

type Detail = { state: string; overdue: string[]; deadlines: { key: string; status: string; dueAt: string; remindAt: string | null; reason: string }[] };

describe('A① information sheet deadline: due within 3 days, reminder the day before, then overdue', () => {
  let s: TestServer;
  let caseId: string;
  const detail = async (id = caseId) => (await (await s.admin(`/v1/admin/hospitalizations/${id}`)).json()) as Detail;

  beforeAll(async () => {
    s = await startTestServer();
    await registerCareOffice(s);
    const res = await s.sendEvent('sanda-hirashima', admittedEvent('E-deadline'));
    caseId = ((await res.json()) as { caseId: string }).caseId;
    await s.smtp!.waitFor(1); // the admission notice
  });
  afterAll(async () => { await s.close(); });

  it('A① the deadline is the end of the third day counting the admission day, with its reason', async () => {
    const d = await detail();
    const deadline = d.deadlines.find((x) => x.key === 'informationSheet')!;
    expect(deadline.dueAt).toBe('2026-12-06T15:00:00.000Z');
    expect(deadline.remindAt).toBe('2026-12-05T00:00:00.000Z');
    expect(deadline.status).toBe('open');
    expect(deadline.reason).toContain('2026-12-06中');
  });

  it('A① nothing fires before the reminder time', async () => {
    const counts = await s.sweep('2026-12-05T08:59:00+09:00');
    expect(counts.timersFired).toBe(0);
    expect(s.smtp!.mails).toHaveLength(1);
  });

  it('A① at 09:00 the day before, the care office is reminded with a link to report the sheet', async () => {
    const counts = await s.sweep('2026-12-05T09:00:00+09:00');
    expect(counts.timersFired).toBe(1);
    expect(counts.noticesSent).toBe(1);
    const mail = s.smtp!.mails[1]!;
    expect(mail.subject).toBe('【提出期限のお知らせ】入院時情報提供シート (2026年12月6日(日)まで)');
    const [link] = taskLinks(mail.text);
    const page = await (await fetch(link!)).text();
    expect(page).toContain('入院時情報提供シートの提供記録');
    expect((await detail()).overdue).toEqual([]);
  });

  it('A① once the third day has ended the case is listed as overdue, and the timer fires only once', async () => {
    const counts = await s.sweep('2026-12-07T00:00:00+09:00');
    expect(counts.timersFired).toBe(1);
    const d = await detail();
    expect(d.overdue).toEqual(['informationSheet']);
    expect(d.deadlines[0]!.status).toBe('overdue');
    const list = (await (await s.admin('/v1/admin/hospitalizations?overdue=true')).json()) as { items: { caseId: string; overdue: string[] }[] };
    expect(list.items.map((i) => i.caseId)).toEqual([caseId]);
    expect(list.items[0]!.overdue).toEqual(['informationSheet']);
    const again = await s.sweep('2026-12-08T00:00:00+09:00');
    expect(again.timersFired).toBe(0);
  });

  it('A① a sheet reported late meets the deadline late and takes the case off the overdue list', async () => {
    const [link] = taskLinks(s.smtp!.mails[1]!.text);
    s.clock.set('2026-12-07T10:00:00+09:00');
    const res = await fetch(link!, { method: 'POST', body: new URLSearchParams({ confirm: 'yes', providedAt: '2026-12-07T09:30', means: 'face_to_face' }) });
    expect(res.status).toBe(200);
    const d = await detail();
    expect(d.overdue).toEqual([]);
    expect(d.deadlines[0]!.status).toBe('met');
    const list = (await (await s.admin('/v1/admin/hospitalizations?overdue=true')).json()) as { items: unknown[] };
    expect(list.items).toEqual([]);
  });

  it('A① a sheet provided before the reminder cancels the reminder and the deadline timers', async () => {
    s.clock.set('2026-12-04T11:00:00+09:00');
    const res = await s.sendEvent('sanda-hirashima', admittedEvent('E-early'));
    const early = ((await res.json()) as { caseId: string }).caseId;
    const mails = await s.smtp!.waitFor(3);
    const [ack] = taskLinks(mails[2]!.text);
    const done = await (await fetch(ack!, { method: 'POST', body: new URLSearchParams({ confirm: 'yes' }) })).text();
    const [sheet] = taskLinks(done.replace(/href="/g, ' '));
    s.clock.set('2026-12-04T15:00:00+09:00');
    await fetch(sheet!, { method: 'POST', body: new URLSearchParams({ confirm: 'yes', providedAt: '2026-12-04T14:00', means: 'face_to_face' }) });
    expect((await detail(early)).state).toBe('inpatientCoordination');
    const counts = await s.sweep('2026-12-10T00:00:00+09:00');
    expect(counts.timersFired).toBe(0);
    expect((await detail(early)).overdue).toEqual([]);
    expect(s.smtp!.mails).toHaveLength(3);
  });

  it('the scheduled endpoint needs the admin token', async () => {
    const res = await fetch(`${s.base}/v1/scheduled`, { method: 'POST' });
    expect(res.status).toBe(401);
  });
});

describe('POST /v1/scheduled without the test clock', () => {
  it('refuses a "now" and runs on the real clock', async () => {
    const s = await startTestServer({ smtp: false, env: { RENKEI_TEST_CLOCK: '0' } });
    try {
      const refused = await s.admin('/v1/scheduled', { method: 'POST', body: { now: '2030-01-01T00:00:00+09:00' } });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { detail: string }).detail).toContain('RENKEI_TEST_CLOCK=1');
      const ok = await s.admin('/v1/scheduled', { method: 'POST' });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { timersFired: number }).timersFired).toBe(0);
    } finally {
      await s.close();
    }
  });
});

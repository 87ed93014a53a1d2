import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer, taskLinks } from '../support/server.js';

type Detail = {
  state: string;
  overdue: string[];
  deadlines: {
    key: string;
    owner: string;
    status: string;
    dueAt: string;
    remindAt: string | null;
    escalateAt: string | null;
    reason: string;
  }[];
};

// Admitted Tuesday 2026-12-08 10:30; the office works weekdays 09:00–18:00.
describe('A① information sheet deadline on the business calendar: reminder the day before, then overdue', () => {
  let s: TestServer;
  let caseId: string;
  const detail = async (id = caseId) => (await (await s.admin(`/v1/admin/hospitalizations/${id}`)).json()) as Detail;
  const sheet = (d: Detail) => d.deadlines.find((x) => x.key === 'informationSheet')!;

  beforeAll(async () => {
    s = await startTestServer({ start: '2026-12-08T11:00:00+09:00' });
    await registerCareOffice(s);
    const res = await s.sendEvent(
      'sanda-hirashima',
      admittedEvent('E-deadline', { occurredAt: '2026-12-08T10:30:00+09:00' }),
    );
    caseId = ((await res.json()) as { caseId: string }).caseId;
    await s.smtp!.waitFor(1); // the admission notice
  });
  afterAll(async () => {
    await s.close();
  });

  it('A① the deadline is the end of the third day counting the admission day, with its reason and owner', async () => {
    const d = sheet(await detail());
    expect(d.owner).toBe('care_office');
    expect(d.dueAt).toBe('2026-12-10T15:00:00.000Z');
    expect(d.remindAt).toBe('2026-12-09T00:00:00.000Z');
    expect(d.escalateAt).toBe('2026-12-14T00:00:00.000Z');
    expect(d.status).toBe('open');
    expect(d.reason).toContain('3日以内');
    expect(d.reason).toContain('12/9〜12/10');
  });

  it('A① nothing fires before the reminder time', async () => {
    const counts = await s.sweep('2026-12-09T08:59:00+09:00');
    expect(counts.timersFired).toBe(0);
    expect(s.smtp!.mails).toHaveLength(1);
  });

  it('A① at 09:00 the day before, the care office is reminded with a link to report the sheet', async () => {
    const counts = await s.sweep('2026-12-09T09:00:00+09:00');
    expect(counts.timersFired).toBe(1);
    expect(counts.noticesSent).toBe(1);
    const mail = s.smtp!.mails[1]!;
    expect(mail.subject).toBe('【提出期限のお知らせ】入院時情報提供シート (2026年12月10日(木)まで)');
    const [link] = taskLinks(mail.text);
    const page = await (await fetch(link!)).text();
    expect(page).toContain('入院時情報提供シートの提供記録');
    expect((await detail()).overdue).toEqual([]);
  });

  it('A① once the third day has ended the case is overdue, the office is told, and the timer fires only once', async () => {
    const counts = await s.sweep('2026-12-11T00:00:00+09:00');
    expect(counts.timersFired).toBe(1); // the sheet's due timer; the hospital's screening reminder is skipped
    const d = await detail();
    expect(d.overdue).toEqual(['informationSheet']);
    expect(sheet(d).status).toBe('overdue');
    expect(s.smtp!.mails[2]!.subject).toBe('【期限超過】入院時情報提供シートの提供');
    expect(s.smtp!.mails[2]!.text).toContain('三田市入退院支援ルール A①「入院時の連絡」');
    const list = (await (await s.admin('/v1/admin/hospitalizations?overdue=true')).json()) as {
      items: { caseId: string; overdue: string[] }[];
    };
    expect(list.items.map((i) => i.caseId)).toEqual([caseId]);
    const again = await s.sweep('2026-12-11T00:30:00+09:00');
    expect(again.timersFired).toBe(0);
  });

  it('A① a sheet reported late is recorded as late and takes the case off the overdue list', async () => {
    const [link] = taskLinks(s.smtp!.mails[1]!.text);
    s.clock.set('2026-12-11T10:00:00+09:00');
    const res = await fetch(link!, {
      method: 'POST',
      body: new URLSearchParams({ confirm: 'yes', providedAt: '2026-12-11T09:30', means: 'face_to_face' }),
    });
    expect(res.status).toBe(200);
    const d = await detail();
    expect(d.overdue).toEqual([]);
    expect(sheet(d).status).toBe('late');
    const list = (await (await s.admin('/v1/admin/hospitalizations?overdue=true')).json()) as { items: unknown[] };
    expect(list.items).toEqual([]);
  });

  it('A① a sheet provided before the reminder cancels the reminder and the deadline timers', async () => {
    s.clock.set('2026-12-08T11:00:00+09:00');
    const res = await s.sendEvent(
      'sanda-hirashima',
      admittedEvent('E-early', { occurredAt: '2026-12-08T10:45:00+09:00' }),
    );
    const early = ((await res.json()) as { caseId: string }).caseId;
    const mails = await s.smtp!.waitFor(4);
    const [ack] = taskLinks(mails[3]!.text);
    const done = await (await fetch(ack!, { method: 'POST', body: new URLSearchParams({ confirm: 'yes' }) })).text();
    const [next] = taskLinks(done.replace(/href="/g, ' '));
    s.clock.set('2026-12-08T15:00:00+09:00');
    await fetch(next!, {
      method: 'POST',
      body: new URLSearchParams({ confirm: 'yes', providedAt: '2026-12-08T14:00', means: 'face_to_face' }),
    });
    expect((await detail(early)).state).toBe('inpatientCoordination');
    expect(sheet(await detail(early)).status).toBe('met');
    await s.sweep('2026-12-12T00:00:00+09:00');
    expect((await detail(early)).overdue).toEqual([]);
    expect(
      s.smtp!.mails.filter((m) => m.subject.includes('入院時情報提供シート') && m.subject.includes('提出期限')),
    ).toHaveLength(1);
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

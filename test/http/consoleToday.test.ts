// Today's work for a hospital (/console/today): each step the hospital owes now, scoped to the hospital,
// each row linking to the form that settles it; a settled row goes away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, consoleClient, createConsoleAccounts, loggedIn } from '../support/console.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

const rowsOf = (html: string) =>
  [...html.matchAll(/<tr[^>]*data-kind="([a-z_]+)"[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => ({
    kind: m[1]!,
    encounter: /<a href="\/console\/cases\/[^"]+">([^<]+)<\/a>/.exec(m[2]!)?.[1] ?? '',
    text: m[2]!,
  }));
const kindsOf = (html: string, encounter: string) =>
  rowsOf(html)
    .filter((r) => r.encounter === encounter)
    .map((r) => r.kind)
    .sort();

describe('console: today’s work for the hospital', () => {
  let s: TestServer;
  let unknownCm = '';
  const event = (hospitalizationId: string, type: string, occurredAt: string, data: unknown = {}) =>
    s.sendEvent('sanda-shimin', { type, hospitalizationId, occurredAt, data });

  beforeAll(async () => {
    // Three weeks before "today" (Fri 4 Dec 2026): stays whose hospital has said nothing since.
    s = await startTestServer({ smtp: false, start: '2026-11-20T10:00:00+09:00' });
    await registerCareOffice(s);
    await createConsoleAccounts(s);
    await s.sendEvent('sanda-shimin', admittedEvent('E-QUIET-14', { occurredAt: '2026-11-20T09:00:00+09:00' }));
    s.clock.set('2026-11-21T10:00:00+09:00');
    await s.sendEvent('sanda-shimin', admittedEvent('E-QUIET-13', { occurredAt: '2026-11-21T09:00:00+09:00' }));
    s.clock.set('2026-12-01T10:00:00+09:00');
    await s.sendEvent('sanda-shimin', admittedEvent('E-SUMMARY', { occurredAt: '2026-12-01T09:00:00+09:00' }));
    await event('E-SUMMARY', 'discharged', '2026-12-01T09:30:00+09:00', {
      destination: 'home',
      nursingSummarySent: false,
    });
    s.clock.set('2026-12-04T11:00:00+09:00');
    unknownCm = (
      (await (
        await s.sendEvent(
          'sanda-shimin',
          admittedEvent('E-UNKNOWN', { careOfficeId: null, occurredAt: '2026-12-04T09:00:00+09:00' }),
        )
      ).json()) as { caseId: string }
    ).caseId;
    await s.sendEvent('sanda-shimin', admittedEvent('E-PLAN', { occurredAt: '2026-12-03T09:00:00+09:00' }));
    await event('E-PLAN', 'treatment_plan_shared', '2026-12-04T10:00:00+09:00', { expectedLengthOfStayDays: 6 });
    await s.sendEvent('sanda-shimin', admittedEvent('E-CONF', { occurredAt: '2026-12-02T09:00:00+09:00' }));
    await event('E-CONF', 'conference_scheduled', '2026-12-04T10:00:00+09:00', {
      at: '2026-12-08T14:00:00+09:00',
      place: '3階 カンファレンス室',
      online: false,
    });
    // Another hospital's stay: never on this hospital's list.
    await s.sendEvent('sanda-nishi', admittedEvent('E-NISHI', { careOfficeId: null }));
  });
  afterAll(async () => {
    await s.close();
  });

  it('hospital staff land on today’s work after login', async () => {
    const c = consoleClient(s);
    const res = await c.login(ACCOUNTS.staff.loginId, ACCOUNTS.staff.password);
    expect(res.headers.get('location')).toBe('/console/today');
  });

  it('each owed step is a row, linked to the form that settles it; another hospital’s stays are not listed', async () => {
    const c = await loggedIn(s, 'staff');
    const html = await (await c.get('/console/today')).text();
    expect(html).toContain('今日の仕事: 三田市民病院');
    expect(kindsOf(html, 'E-UNKNOWN')).toEqual(['no_care_office', 'screening_due']);
    // Admitted 3 Dec + 6 days = 9 Dec; Sanda's 3 lead days: the notice by 6 Dec.
    const plan = rowsOf(html).find((r) => r.encounter === 'E-PLAN' && r.kind === 'discharge_start_due')!;
    expect(plan.text).toContain('退院見込み 12/9 (あと5日)');
    expect(plan.text).toContain('events/new?type=discharge_planning_started');
    expect(kindsOf(html, 'E-CONF')).toContain('conference_this_week');
    expect(kindsOf(html, 'E-SUMMARY')).toEqual(['nursing_summary']);
    expect(rowsOf(html).find((r) => r.encounter === 'E-SUMMARY')!.text).toContain('type=nursing_summary_sent');
    expect(html).not.toContain('E-NISHI');
  });

  it("a stay with no hospital fact for the region's quiet days (14) looks forgotten; 13 days does not", async () => {
    const c = await loggedIn(s, 'staff');
    const html = await (await c.get('/console/today')).text();
    expect(kindsOf(html, 'E-QUIET-14')).toContain('forgotten');
    expect(rowsOf(html).find((r) => r.encounter === 'E-QUIET-14' && r.kind === 'forgotten')!.text).toContain(
      '14日間、病院からの記録なし',
    );
    expect(kindsOf(html, 'E-QUIET-13')).not.toContain('forgotten');
  });

  it('settling a row removes it: the list shrinks', async () => {
    const c = await loggedIn(s, 'staff');
    const before = rowsOf(await (await c.get('/console/today')).text()).length;
    const res = await c.post(`/console/cases/${unknownCm}/events`, {
      type: 'discharge_difficulty_screened',
      occurredAt: '2026-12-04T10:30',
      difficult: 'no',
      nonce: 'form_today_1',
    });
    expect(res.status).toBe(303);
    const after = await (await c.get('/console/today')).text();
    expect(kindsOf(after, 'E-UNKNOWN')).toEqual(['no_care_office']);
    expect(rowsOf(after).length).toBe(before - 1);
  });

  it('administrators pick a hospital; with none picked nothing is listed', async () => {
    const c = await loggedIn(s, 'admin');
    const none = await (await c.get('/console/today')).text();
    expect(rowsOf(none)).toEqual([]);
    expect(none).toContain('<option value="sanda-nishi"');
    const nishi = await (await c.get('/console/today?hospital=sanda-nishi')).text();
    expect(rowsOf(nishi).map((r) => r.encounter)).toContain('E-NISHI');
    expect(nishi).not.toContain('E-PLAN');
  });
});

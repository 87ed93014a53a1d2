import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hospitals } from '../../db/schema.js';
import type { MetricsRow } from '../../engine/console/index.js';
import { polarityColour } from '../../functions/pages/console/metrics.js';
import { consoleClient } from '../support/console.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

// Seed 003 (the survey): 「調整漏れの割合」 counts discharges home whose handoff to the care manager never
// happened, for all hospitals and 「( )は参加病院」, 要支援 and 要介護 alike. A notice that did arrive, but
// fewer than the region's lead days (3) before the discharge, is a late notice, its own measure; the
// rule's 「急遽退院が決まった場合は速やかに連絡を行う」 done (told within 24 hours of the decision) is neither.
//
// December 2026 at Sanda (lead 3 days), five discharges home:
//   E1 居宅 planned 12/2 for 12/10, told 12/2          → on time
//   E2 居宅 planned 12/8 for 12/20, out early on 12/9  → late notice (1 day before)
//   E3 居宅 decided 12/15 for 12/16, told within mins  → sudden, told promptly: neither
//   E4 包括 (要支援) discharged with no notice at all  → leak
//   E5 at a hospital outside the rule, no care manager → leak (all hospitals only)

describe('003 調整漏れの割合 (引継ぎなし) and the late notice, split by 要支援/要介護 and 参加病院', () => {
  let s: TestServer;
  let region: MetricsRow;
  let shimin: MetricsRow;
  let nishi: MetricsRow;

  const fact = (id: string, type: string, occurredAt: string, data: unknown = {}) => ({
    type,
    hospitalizationId: id,
    occurredAt,
    data,
  });
  async function at(iso: string, hospital: string, body: unknown) {
    s.clock.set(iso);
    const res = await s.sendEvent(hospital, body);
    expect(res.status, JSON.stringify(body)).toBe(202);
    await s.sweep(iso);
  }
  const home = { destination: 'home', nursingSummarySent: true };

  beforeAll(async () => {
    s = await startTestServer({ smtp: true, start: '2026-12-01T09:00:00+09:00' });
    await registerCareOffice(s);
    const center = await s.admin('/v1/admin/care-offices/sanda-houkatsu-01', {
      method: 'PUT',
      body: {
        name: '三田地域包括支援センター',
        kind: 'community_support_center',
        email: 'houkatsu@example.jp',
        region: 'sanda',
      },
    });
    expect([200, 201]).toContain(center.status);
    await s.running.deps.database.db
      .update(hospitals)
      .set({ participating: false })
      .where(eq(hospitals.id, 'sanda-nishi'));

    await at(
      '2026-12-01T10:00:00+09:00',
      'sanda-shimin',
      admittedEvent('E1', { occurredAt: '2026-12-01T09:30:00+09:00' }),
    );
    await at(
      '2026-12-01T10:10:00+09:00',
      'sanda-shimin',
      admittedEvent('E2', { occurredAt: '2026-12-01T10:05:00+09:00' }),
    );
    await at(
      '2026-12-01T10:20:00+09:00',
      'sanda-shimin',
      admittedEvent('E3', { occurredAt: '2026-12-01T10:15:00+09:00' }),
    );
    await at(
      '2026-12-01T10:30:00+09:00',
      'sanda-shimin',
      admittedEvent('E4', { occurredAt: '2026-12-01T10:25:00+09:00', careOfficeId: 'sanda-houkatsu-01' }),
    );
    await at(
      '2026-12-01T10:40:00+09:00',
      'sanda-nishi',
      admittedEvent('E5', { occurredAt: '2026-12-01T10:35:00+09:00', careOfficeId: null }),
    );
    const planned = (day: string) => ({ expectedDischargeDate: day });
    await at(
      '2026-12-02T09:00:00+09:00',
      'sanda-shimin',
      fact('E1', 'discharge_planning_started', '2026-12-02T09:00:00+09:00', planned('2026-12-10')),
    );
    await at(
      '2026-12-08T09:00:00+09:00',
      'sanda-shimin',
      fact('E2', 'discharge_planning_started', '2026-12-08T09:00:00+09:00', planned('2026-12-20')),
    );
    await at('2026-12-09T11:00:00+09:00', 'sanda-shimin', fact('E2', 'discharged', '2026-12-09T11:00:00+09:00', home));
    await at('2026-12-10T11:00:00+09:00', 'sanda-shimin', fact('E1', 'discharged', '2026-12-10T11:00:00+09:00', home));
    await at('2026-12-11T11:00:00+09:00', 'sanda-shimin', fact('E4', 'discharged', '2026-12-11T11:00:00+09:00', home));
    await at('2026-12-12T11:00:00+09:00', 'sanda-nishi', fact('E5', 'discharged', '2026-12-12T11:00:00+09:00', home));
    await at(
      '2026-12-15T10:00:00+09:00',
      'sanda-shimin',
      fact('E3', 'discharge_planning_started', '2026-12-15T10:00:00+09:00', planned('2026-12-16')),
    );
    await at('2026-12-16T10:00:00+09:00', 'sanda-shimin', fact('E3', 'discharged', '2026-12-16T10:00:00+09:00', home));

    const res = await s.admin('/v1/admin/metrics?month=2026-12&region=sanda');
    expect(res.status).toBe(200);
    const rows = ((await res.json()) as { rows: MetricsRow[] }).rows;
    region = rows.find((r) => r.scope === 'region')!;
    shimin = rows.find((r) => r.id === 'sanda-shimin')!;
    nishi = rows.find((r) => r.id === 'sanda-nishi')!;
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  it('the region: 2 leaks of 5 discharges home (40%), 1 late notice (20%); the promptly told sudden discharge is neither', () => {
    expect(region).toMatchObject({ dischargesHome: 5, leaks: 2, leakRate: 0.4, lateNotices: 1, lateNoticeRate: 0.2 });
    expect(region.leakReasons).toEqual({
      no_care_manager: 1,
      no_discharge_start_notice: 1,
      discharge_start_notice_late: 1,
    });
  });

  it('「( )は参加病院」: over the hospitals taking part, 1 leak of 4 (25%) and 1 late (25%)', () => {
    expect(region.participatingHospitals).toEqual({
      dischargesHome: 4,
      leaks: 1,
      leakRate: 0.25,
      lateNotices: 1,
      lateNoticeRate: 0.25,
    });
    expect(shimin.participating).toBe(true);
    expect(nishi.participating).toBe(false);
    expect(nishi.participatingHospitals).toBeNull();
  });

  it('要支援・要介護ともに: 要介護 (居宅) 3 with 1 late, 要支援 (包括) 1 leak, 1 not known (no care manager)', () => {
    expect(region.byCareLevel.care).toEqual({
      dischargesHome: 3,
      leaks: 0,
      leakRate: 0,
      lateNotices: 1,
      lateNoticeRate: 1 / 3,
    });
    expect(region.byCareLevel.support).toMatchObject({ dischargesHome: 1, leaks: 1, leakRate: 1, lateNotices: 0 });
    expect(region.byCareLevel.unknown).toMatchObject({ dischargesHome: 1, leaks: 1, lateNotices: 0 });
  });

  it('the 6-month trend counts leaks and late notices apart', async () => {
    const res = await s.admin('/v1/admin/metrics?month=2026-12&region=sanda');
    const trend = ((await res.json()) as { trend: { month: string; leaks: number; lateNotices: number }[] }).trend;
    expect(trend.at(-1)).toMatchObject({ month: '2026-12', dischargesHome: 5, leaks: 2, lateNotices: 1 });
  });

  it('the console page and its CSV show the survey-comparable rate and the late-notice rate apart', async () => {
    await s.admin('/v1/admin/accounts', {
      method: 'POST',
      body: { loginId: 'center', name: '支援センター 佐藤', role: 'admin', password: 'center-password-1' },
    });
    const c = consoleClient(s);
    await c.login('center', 'center-password-1');
    const html = await (await c.get('/console/metrics?month=2026-12&region=sanda')).text();
    expect(html).toContain('調整漏れの割合');
    expect(html).toContain('連絡の遅れの割合');
    expect(html).toContain('参加病院のみ');
    const regionRow = html.slice(
      html.indexOf('data-scope="region"'),
      html.indexOf('</tr>', html.indexOf('data-scope="region"')),
    );
    expect(regionRow).toContain('<td class="num leak-rate">40.0%</td>');
    expect(regionRow).toContain('<td class="num late-rate">20.0%</td>');
    const csv = await (await c.get('/console/metrics.csv?month=2026-12&region=sanda')).text();
    const regionLine = csv.split('\r\n').find((l) => l.startsWith('2026-12,地域,'))!;
    // 参加病院 (blank for a region), then all: 5, 2, 40.0, 1, 20.0; 要支援 1,1,100.0,0,0.0; 要介護 3,0,0.0,1,33.3;
    // not known 1,1,100.0,0,0.0; hospitals taking part 4,1,25.0,1,25.0.
    expect(regionLine).toContain(',,5,2,40.0,1,20.0,1,1,100.0,0,0.0,3,0,0.0,1,33.3,1,1,100.0,0,0.0,4,1,25.0,1,25.0,');
    const nishiLine = csv.split('\r\n').find((l) => l.includes(',sanda-nishi,'))!;
    expect(nishiLine).toContain(',いいえ,1,1,100.0,0,0.0,');
  });

  it('the metrics page opens on the last complete month in Japan (this month is still filling)', async () => {
    const title = async () => /<title>([^<]*)<\/title>/.exec(await (await c.get('/console/metrics')).text())![1];
    s.clock.set('2026-12-31T23:50:00+09:00');
    const c = consoleClient(s);
    await c.login('center', 'center-password-1');
    expect(await title()).toContain('指標 (2026-11)');
    // 00:10 on New Year's Day in Japan is still 12/31 in UTC: December has ended.
    s.clock.set('2027-01-01T00:10:00+09:00');
    expect(await title()).toContain('指標 (2026-12)');
  });

  it('each bar is coloured by which way its measure is good, and each figure has its definition beside it', async () => {
    // Green at the good end, red at the bad: 0% leaks and 100% of sheets on time are both green.
    expect(polarityColour('lower_is_better', 0)).toBe('#2f6f4f');
    expect(polarityColour('lower_is_better', 1)).toBe('#c0392b');
    expect(polarityColour('higher_is_better', 1)).toBe('#2f6f4f');
    expect(polarityColour('higher_is_better', 0)).toBe('#c0392b');
    expect(polarityColour('higher_is_better', 0.9)).toBe(polarityColour('lower_is_better', 0.1));
    const c = consoleClient(s);
    await c.login('center', 'center-password-1');
    const html = await (await c.get('/console/metrics?month=2026-12&region=sanda')).text();
    const figures = [...html.matchAll(/<figure data-measure="([a-zA-Z]+)">([\s\S]*?)<\/figure>/g)];
    expect(figures.map((f) => f[1])).toEqual([
      'leakRate',
      'leakRate',
      'lateNoticeRate',
      'lateNoticeRate',
      'informationSheetOnTimeShare',
    ]);
    const polarity = {
      leakRate: 'lower_is_better',
      lateNoticeRate: 'lower_is_better',
      informationSheetOnTimeShare: 'higher_is_better',
    } as const;
    let bars = 0;
    for (const [, measure, body] of figures) {
      const p = polarity[measure as keyof typeof polarity];
      expect(body).toContain(p === 'lower_is_better' ? '低いほど良い' : '高いほど良い');
      expect(body).toMatch(/<p class="definition" data-measure="[a-zA-Z]+">[^<]{40,}<\/p>/);
      // Each bar's colour against the share printed beside it.
      for (const [, fill, shown] of body!.matchAll(
        /<rect [^>]*fill="(#[0-9a-f]{6})"[^>]*><\/rect><text [^>]*>([\d.]+)%/g,
      )) {
        expect(fill).toBe(polarityColour(p, Number(shown) / 100));
        bars++;
      }
    }
    expect(bars).toBeGreaterThan(4);
    // The region's leak rate (40.0%) is drawn redder than green; the definitions tell leaks from late notices.
    expect(html).toContain('ケアマネジャーへの引継ぎがなかった人の割合');
    expect(html).toContain('調整漏れには数えません');
    expect(html).toMatch(
      /<th><span title="その月に自宅へ退院した患者のうち、ケアマネジャーへの引継ぎがなかった[^"]*" data-polarity="lower_is_better">/,
    );
  });
});

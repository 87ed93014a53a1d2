// The facts the seeds' remaining hospital add-ons read, as a hospital sends them: the ward type and the
// support before a planned admission on 入院 (入退院支援加算 on a 療養病棟, 入院時支援加算 (ア)〜(ク),
// seed 001), and the regional care plan on 退院 (地域連携診療計画加算, seed 002). Real server, real libSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

interface Evidence {
  code: string;
  value: string;
  supported: boolean;
  basis: string[];
  missing: string[];
}

describe('入院 and 退院 carry what 入院時支援加算, 療養病棟の入退院支援加算 and 地域連携診療計画加算 read', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
    await registerCareOffice(s);
  });
  afterAll(() => s?.close());

  const fact = (id: string, type: string, occurredAt: string, data: Record<string, unknown> = {}) => {
    s.clock.set(occurredAt);
    return s.sendEvent('sanda-shimin', { type, hospitalizationId: id, occurredAt, data });
  };
  const billing = async (caseId: string) =>
    ((await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as { billing: Evidence[] }).billing;
  const of = (list: Evidence[], code: string) => list.find((a) => a.code === code)!;

  it('001 「療養病棟基本料等の場合 1300点」, 「入院前に、ア、イ、クを実施」 and 002 「+地域連携診療計画加算３００点（退院時１回）」', async () => {
    const admitted = admittedEvent('E-addons');
    const res = await s.sendEvent('sanda-shimin', {
      ...admitted,
      data: {
        ...admitted.data,
        wardType: 'long_term_care',
        preAdmissionSupport: {
          at: '2026-12-01T14:00:00+09:00',
          items: ['patient_background', 'prior_services', 'ward_orientation'],
        },
      },
    });
    expect(res.status).toBe(202);
    const { caseId } = (await res.json()) as { caseId: string };
    await fact('E-addons', 'discharge_difficulty_screened', '2026-12-05T10:00:00+09:00', { difficult: true });
    // Day 12 of the stay: in time only because it is a 療養病棟 (14 days, not 7).
    await fact('E-addons', 'patient_family_interviewed', '2026-12-15T10:00:00+09:00');
    let evidence = await billing(caseId);
    expect(of(evidence, 'admission_discharge_support_1')).toMatchObject({ value: '1,300点', supported: true });
    expect(of(evidence, 'admission_support_2')).toMatchObject({ value: '200点', supported: true });
    expect(of(evidence, 'admission_support_1').missing).toContain('未実施: (エ) 栄養状態の評価');
    expect(of(evidence, 'regional_care_plan').missing).toEqual(['退院の記録がない (退院時1回)']);

    await fact('E-addons', 'discharge_planning_started', '2026-12-16T10:00:00+09:00', {
      expectedDischargeDate: '2026-12-25',
    });
    const out = await fact('E-addons', 'discharged', '2026-12-25T10:00:00+09:00', {
      destination: 'home',
      nursingSummarySent: true,
      regionalCarePlan: true,
    });
    expect(out.status).toBe(202);
    evidence = await billing(caseId);
    expect(of(evidence, 'regional_care_plan')).toMatchObject({
      value: '300点',
      supported: true,
      basis: ['地域連携診療計画: 12/25の退院時に共有'],
    });
  });

  it('a checklist item the rule does not list, or one given twice, is refused naming the field', async () => {
    for (const items of [
      ['patient_background', 'bathing'],
      ['medication', 'medication'],
    ]) {
      const admitted = admittedEvent(`E-bad-${items[1]}`);
      const res = await s.sendEvent('sanda-shimin', {
        ...admitted,
        data: { ...admitted.data, preAdmissionSupport: { at: '2026-12-01T14:00:00+09:00', items } },
      });
      expect(res.status, JSON.stringify(items)).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await res.json()) as { errors: { field: string }[] };
      expect(problem.errors.map((e) => e.field).join(' ')).toContain('data.preAdmissionSupport.items');
    }
  });
});

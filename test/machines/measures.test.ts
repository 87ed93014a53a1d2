// The monthly measures' reading of one stay (machines/measures.ts): seed 003's 調整漏れ (a discharge
// home whose handoff never happened) apart from a late notice, 要支援 / 要介護 as the survey splits its
// rates, and the columns kept per stay (overdue deadlines, the information sheet's status, when
// planning started, the add-ons and the month each is claimed in).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADD_ON_NAMES, type AddOnCode, billingEvidence } from '../../machines/billing.js';
import {
  addOnClaimsText,
  careLevelGroup,
  caseMeasures,
  isLateNotice,
  isSurveyLeak,
  LATE_NOTICE,
  readAddOnClaims,
  SURVEY_LEAKS,
} from '../../machines/measures.js';
import { admit } from '../../machines/run.js';
import type { Deadline, HospitalizationContext } from '../../machines/types.js';
import { routeAAdmission, ruleOf } from './stays.js';

// Admitted in each test, not as the file loads, so that StrykerJS sees which tests run the admission.
const start = (): HospitalizationContext =>
  admit(
    routeAAdmission(ruleOf('sanda'), '2026-06-09T10:30:00+09:00', {
      officeHours: { open: '09:00', close: '18:00', closedDays: ['sat', 'sun', 'holiday'] },
    }),
  ).snapshot.context;
const stay = (facts: Partial<HospitalizationContext>): HospitalizationContext => ({ ...start(), ...facts });

describe('seed 003 調整漏れ: no care manager, no discharge-start notice, or one that never arrived; late is its own measure', () => {
  it('the survey’s leaks are exactly these three reasons', () => {
    expect(SURVEY_LEAKS).toEqual([
      'no_care_manager',
      'no_discharge_start_notice',
      'discharge_start_notice_undelivered',
    ]);
    for (const reason of SURVEY_LEAKS) expect(isSurveyLeak(reason), reason).toBe(true);
  });

  it('a notice that reached the care manager late is a late notice, not a leak', () => {
    expect(LATE_NOTICE).toEqual(['discharge_start_notice_late']);
    expect(isSurveyLeak('discharge_start_notice_late')).toBe(false);
    expect(isLateNotice('discharge_start_notice_late')).toBe(true);
    for (const reason of SURVEY_LEAKS) expect(isLateNotice(reason), reason).toBe(false);
  });

  it('no leak recorded is neither', () => {
    for (const none of [null, undefined]) {
      expect(isSurveyLeak(none)).toBe(false);
      expect(isLateNotice(none)).toBe(false);
    }
  });
});

describe('要支援・要介護ともに (seed 003): which group a stay counts in', () => {
  const assignment = (expectedCareLevel: 'support' | 'care' | 'unsure') => ({
    at: '2026-06-12T10:00:00+09:00',
    expectedCareLevel,
    recommended: 'community_support_center' as const,
    matchesRecommendation: true,
  });

  it('route B: the care level the hospital expected decides, whoever makes the plan', () => {
    expect(careLevelGroup(stay({ assignment: assignment('support'), officeKind: 'home_care_office' }))).toBe('support');
    expect(careLevelGroup(stay({ assignment: assignment('care'), officeKind: 'community_support_center' }))).toBe(
      'care',
    );
  });

  it('a 地域包括支援センター makes 介護予防支援 plans (要支援); a 居宅介護支援事業所 makes 居宅サービス計画 (要介護)', () => {
    expect(careLevelGroup(stay({ assignment: null, officeKind: 'community_support_center' }))).toBe('support');
    expect(careLevelGroup(stay({ assignment: null, officeKind: 'home_care_office' }))).toBe('care');
  });

  it('an expected level of 迷う falls back to who makes the plan; with no office known, no group', () => {
    expect(careLevelGroup(stay({ assignment: assignment('unsure'), officeKind: 'home_care_office' }))).toBe('care');
    expect(careLevelGroup(stay({ assignment: assignment('unsure'), officeKind: null }))).toBeNull();
    expect(careLevelGroup(stay({ assignment: null, officeKind: null }))).toBeNull();
  });
});

describe('the columns kept per stay for the monthly measures', () => {
  const deadline = (key: Deadline['key'], status: Deadline['status']): Deadline => ({
    key,
    owner: 'hospital',
    dueAt: '2026-06-12T15:00:00.000Z',
    remindAt: null,
    escalateAt: null,
    status,
    metAt: null,
    reason: `${key} の理由`,
  });

  it('just admitted: the information sheet open, nothing overdue, planning not started, the add-ons unsupported', () => {
    const START = start();
    const measures = caseMeasures(START);
    expect(measures.overdueDeadlines).toBeNull();
    expect(measures.informationSheetStatus).toBe('open');
    expect(measures.dischargePlanningStartedAt).toBeNull();
    expect(measures.careLevel).toBe('care');
    expect(measures.addOns).toEqual(billingEvidence(START).map(({ code, name }) => ({ code, name, supported: false })));
    expect(measures.addOns.map((a) => a.code)).toContain('info_linkage_1');
  });

  it('only the overdue deadlines are kept, with their key, owner, due time and reason', () => {
    const measures = caseMeasures(
      stay({
        deadlines: [
          deadline('careManagerIdentification', 'met'),
          deadline('dischargeDifficultyScreening', 'overdue'),
          deadline('informationSheet', 'late'),
        ],
      }),
    );
    expect(measures.overdueDeadlines).toEqual([
      {
        key: 'dischargeDifficultyScreening',
        owner: 'hospital',
        dueAt: '2026-06-12T15:00:00.000Z',
        reason: 'dischargeDifficultyScreening の理由',
      },
    ]);
    expect(measures.informationSheetStatus).toBe('late');
  });

  it('a stay with no information-sheet deadline (route B) keeps no status for it', () => {
    expect(
      caseMeasures(stay({ deadlines: [deadline('careManagerAssignment', 'open')] })).informationSheetStatus,
    ).toBeNull();
  });

  it('planning started: kept as the instant in milliseconds', () => {
    const measures = caseMeasures(
      stay({
        dischargePlanning: { startedAt: '2026-06-15T10:00:00+09:00', expectedDischargeDate: null, leadDays: null },
      }),
    );
    expect(measures.dischargePlanningStartedAt).toBe(Date.parse('2026-06-15T01:00:00.000Z'));
  });

  it('❷ 退院・退所加算 keeps the month services started; the other add-ons keep none', () => {
    const measures = caseMeasures(
      stay({
        discharge: {
          at: '2026-06-26T10:00:00+09:00',
          destination: 'home',
          nursingSummarySentAt: null,
          sudden: false,
        },
        servicesStartedOn: '2026-07-01',
        infoExchanges: [{ at: '2026-06-20T10:00:00+09:00', method: 'phone' }],
      }),
    );
    const byCode = Object.fromEntries(measures.addOns.map((a) => [a.code, a]));
    expect(byCode.discharge_1i).toEqual({
      code: 'discharge_1i',
      name: '退院・退所加算(I)イ',
      supported: true,
      month: '2026-07',
    });
    expect(byCode.discharge_3).toEqual({
      code: 'discharge_3',
      name: '退院・退所加算(III)',
      supported: false,
      month: '2026-07',
    });
    expect(byCode.info_linkage_1).toEqual({ code: 'info_linkage_1', name: '入院時情報連携加算(I)', supported: false });
  });
  it("❷ the add-ons in short for the measures' index: supported with +, the later month with @, read back with their names", () => {
    const measures = caseMeasures(
      stay({
        discharge: { at: '2026-06-26T10:00:00+09:00', destination: 'home', nursingSummarySentAt: null, sudden: false },
        servicesStartedOn: '2026-07-01',
        infoExchanges: [{ at: '2026-06-20T10:00:00+09:00', method: 'phone' }],
      }),
    );
    expect(measures.addOnClaims.split(',')).toContain('discharge_1i+@2026-07');
    expect(measures.addOnClaims.split(',')).toContain('discharge_3@2026-07');
    expect(measures.addOnClaims.split(',')).toContain('info_linkage_1');
    expect(readAddOnClaims(measures.addOnClaims)).toEqual(measures.addOns);
    expect(readAddOnClaims('')).toEqual([]);
  });
});

// Seeded: MEASURES_FUZZ_SEED=<n> replays a run; fast-check prints the seed of a failing one.
const CLAIMS_SEED = Number(process.env.MEASURES_FUZZ_SEED ?? 20261202);

describe(`the add-ons in short read back as they were kept (seed ${CLAIMS_SEED}, MEASURES_FUZZ_SEED to replay)`, () => {
  it('any list of add-ons, supported or not, with or without a month, reads back equal, names from the one list', () => {
    const code = fc.constantFrom(...(Object.keys(ADD_ON_NAMES) as AddOnCode[]));
    const month = fc.integer({ min: 2024 * 12, max: 2030 * 12 + 11 }).map((m) => {
      const mm = String((m % 12) + 1).padStart(2, '0');
      return `${Math.floor(m / 12)}-${mm}`;
    });
    const addOn = fc
      .record({ code, supported: fc.boolean(), month: fc.option(month, { nil: undefined }) })
      .map(({ code, supported, month }) => ({
        code,
        name: ADD_ON_NAMES[code],
        supported,
        ...(month ? { month } : {}),
      }));
    fc.assert(
      fc.property(fc.array(addOn, { maxLength: 16 }), (addOns) => {
        expect(readAddOnClaims(addOnClaimsText(addOns))).toEqual(addOns);
      }),
      { seed: CLAIMS_SEED, numRuns: 300 },
    );
  });
});

// Billing evidence (加算), straight from the seeds' tables: 介護報酬 ❶入院時情報連携加算 and
// ❷退院・退所加算 with its 【算定時の留意事項】, 診療報酬 ❶入退院支援加算, ❸介護支援等連携指導料,
// ❹退院時共同指導料2 and ❺多機関共同指導加算 (seed 002 §4; Sanda's tables in seed 001).
// Every context is produced by the real machine from a realistic sequence of facts.
import { describe, expect, it } from 'vitest';
import { type AddOn, billingEvidence } from '../../machines/billing.js';
import type { BusinessHours } from '../../machines/businessCalendar.js';
import { accepts, admit, apply, type StoredSnapshot } from '../../machines/run.js';
import type {
  AdmissionInput,
  ConferenceKind,
  HospitalizationContext,
  HospitalizationEvent,
  InfoExchangeMethod,
  Profession,
  Side,
} from '../../machines/types.js';
import { loadRegionPacks } from '../../regions/load.js';
import { ruleParams } from '../../regions/rules.js';

const packs = await loadRegionPacks();
const RULE = ruleParams(packs.find((p) => p.id === 'sanda')!).machine;

/** A typical 居宅介護支援事業所: weekdays 9–18, closed on Saturdays, Sundays and national holidays. */
const OFFICE_HOURS: BusinessHours = { open: '09:00', close: '18:00', closedDays: ['sat', 'sun', 'holiday'] };

function admission(occurredAt: string, overrides: Partial<AdmissionInput> = {}): AdmissionInput {
  return {
    caseId: 'case-billing',
    hospitalId: 'sanda-shimin',
    occurredAt,
    ward: '5階東',
    careOfficeId: 'office-1',
    officeKind: 'home_care_office',
    officeHours: OFFICE_HOURS,
    usedCareServices: true,
    firstInformedBy: 'hospital',
    rule: RULE,
    previousStay: null,
    ...overrides,
  };
}

/** Applies facts the rule must allow now, as the engine does; a refusal fails the test. */
function run(from: StoredSnapshot, ...events: HospitalizationEvent[]): StoredSnapshot {
  return events.reduce((s, e) => {
    expect(accepts(s, e), `${e.type} at ${e.occurredAt} should be accepted in ${JSON.stringify(s.value)}`).toBe(true);
    return apply(s, e).snapshot;
  }, from);
}

const admitted = (at: string, overrides: Partial<AdmissionInput> = {}) => admit(admission(at, overrides)).snapshot;

// Facts, as the hospital and the care office report them.
const sheet = (at: string): HospitalizationEvent => ({
  type: 'information_sheet_provided',
  at,
  means: 'face_to_face',
  occurredAt: at,
});
const planning = (at: string, expectedDischargeDate: string): HospitalizationEvent => ({
  type: 'discharge_planning_started',
  expectedDischargeDate,
  occurredAt: at,
});
const info = (at: string, method: InfoExchangeMethod = 'face_to_face'): HospitalizationEvent => ({
  type: 'discharge_information_shared',
  method,
  occurredAt: at,
});
const held = (
  at: string,
  kind: ConferenceKind,
  participants: { profession: Profession; side: Side }[],
): HospitalizationEvent => ({ type: 'conference_held', kind, participants, occurredAt: at });
const discharged = (
  at: string,
  destination: 'home' | 'facility' | 'other_hospital' = 'home',
): HospitalizationEvent => ({ type: 'discharged', destination, nursingSummarySent: false, occurredAt: at });
const screened = (at: string, difficult = true): HospitalizationEvent => ({
  type: 'discharge_difficulty_screened',
  difficult,
  occurredAt: at,
});
const interviewed = (at: string): HospitalizationEvent => ({ type: 'patient_family_interviewed', occurredAt: at });

const hospital = (...ps: Profession[]) => ps.map((profession) => ({ profession, side: 'hospital' as const }));
const home = (...ps: Profession[]) => ps.map((profession) => ({ profession, side: 'home' as const }));
/** The ward's doctor and nurse lead every conference unless a row says otherwise. */
const WARD = hospital('physician', 'nurse', 'msw');

function addOn(ctx: HospitalizationContext, code: string): AddOn {
  const found = billingEvidence(ctx).find((a) => a.code === code);
  if (!found) throw new Error(`no add-on ${code} in the evidence`);
  return found;
}

/** The rule for the reader: whatever is not supported says which condition is missing. */
function expectUnsupportedExplained(ctx: HospitalizationContext): AddOn[] {
  const evidence = billingEvidence(ctx);
  for (const a of evidence.filter((x) => !x.supported))
    expect(a.missing, `${a.name} is unsupported without a reason`).not.toEqual([]);
  return evidence;
}

const supportedCodes = (ctx: HospitalizationContext, prefix: string) =>
  expectUnsupportedExplained(ctx)
    .filter((a) => a.code.startsWith(prefix) && a.supported)
    .map((a) => a.code);

describe('介護報酬 ❶入院時情報連携加算: (I) on the admission day, (II) the next day or the day after', () => {
  // Friday 18:30 (after the office's 18:00 close) before the 成人の日 weekend: Sat 1/9, Sun 1/10, Mon 1/11 holiday.
  const FRIDAY_EVENING = '2027-01-08T18:30:00+09:00';

  it.each([
    ['Thursday 1/7 (the day before: 入院日以前の情報提供を含む)', '2027-01-07T15:00:00+09:00', 'info_linkage_1'],
    ['Friday 1/8 before the admission that day', '2027-01-08T10:00:00+09:00', 'info_linkage_1'],
    ['Friday 1/8 after the admission (the admission day)', '2027-01-08T20:00:00+09:00', 'info_linkage_1'],
    ['Saturday 1/9 (admitted after hours: 入院日の翌日を含む)', '2027-01-09T10:00:00+09:00', 'info_linkage_1'],
    ['Sunday 1/10 (翌々日)', '2027-01-10T10:00:00+09:00', 'info_linkage_2'],
    [
      'Monday 1/11 成人の日 (3日目 Sunday is not a business day: その翌日を含む)',
      '2027-01-11T10:00:00+09:00',
      'info_linkage_2',
    ],
    ['Tuesday 1/12 (after both windows)', '2027-01-12T10:00:00+09:00', null],
  ])('admitted Friday 18:30 before a Monday holiday, information on %s', (_, at, expected) => {
    const ctx = run(admitted(FRIDAY_EVENING), sheet(at)).context;
    const codes = supportedCodes(ctx, 'info_linkage');
    expect(codes).toEqual(expected ? [expected] : []);
  });

  it('(I) and (II) are never both supported for any day Fri..Tue (1と2の同時算定は不可)', () => {
    for (let d = 8; d <= 12; d++) {
      for (const time of ['00:30', '09:00', '17:59', '18:00', '23:59']) {
        const at = `2027-01-${String(d).padStart(2, '0')}T${time}:00+09:00`;
        if (Date.parse(at) < Date.parse(FRIDAY_EVENING)) continue;
        const ctx = run(admitted(FRIDAY_EVENING), sheet(at)).context;
        expect(supportedCodes(ctx, 'info_linkage').length, at).toBeLessThanOrEqual(1);
      }
    }
  });

  it('the reason names the after-hours admission and the extended days', () => {
    const ctx = run(admitted(FRIDAY_EVENING), sheet('2027-01-12T10:00:00+09:00')).context;
    expect(addOn(ctx, 'info_linkage_1').missing.join()).toContain('営業時間終了後の入院のため翌日(1/9)を含む');
    expect(addOn(ctx, 'info_linkage_2').missing.join()).toContain('翌日(1/11)を含む');
  });

  it('no information given: neither, and each says the record is missing', () => {
    const ctx = admitted(FRIDAY_EVENING).context;
    expect(supportedCodes(ctx, 'info_linkage')).toEqual([]);
    expect(addOn(ctx, 'info_linkage_1').missing.join()).toContain('入院時情報提供の記録がない');
    expect(addOn(ctx, 'info_linkage_2').missing.join()).toContain('入院時情報提供の記録がない');
  });

  it.each([
    ['the admission day Tue 1/12', '2027-01-12T16:00:00+09:00', 'info_linkage_1'],
    ['the next day Wed 1/13', '2027-01-13T09:00:00+09:00', 'info_linkage_2'],
    ['the day after Thu 1/14', '2027-01-14T23:00:00+09:00', 'info_linkage_2'],
    ['day 4 Fri 1/15', '2027-01-15T09:00:00+09:00', null],
  ])('admitted within office hours (Tue 1/12 10:00), information on %s', (_, at, expected) => {
    const ctx = run(admitted('2027-01-12T10:00:00+09:00'), sheet(at)).context;
    expect(supportedCodes(ctx, 'info_linkage')).toEqual(expected ? [expected] : []);
  });

  it.each([
    ['Wed 1/13 (admission day)', '2027-01-13T20:00:00+09:00', 'info_linkage_1'],
    ['Thu 1/14 (after hours: the next day is (I))', '2027-01-14T10:00:00+09:00', 'info_linkage_1'],
    ['Fri 1/15 (day 3, a business day)', '2027-01-15T10:00:00+09:00', 'info_linkage_2'],
    ['Sat 1/16 (day 3 was a business day: no extension)', '2027-01-16T10:00:00+09:00', null],
  ])('admitted after hours on Wed 1/13 19:00, information on %s', (_, at, expected) => {
    const ctx = run(admitted('2027-01-13T19:00:00+09:00'), sheet(at)).context;
    expect(supportedCodes(ctx, 'info_linkage')).toEqual(expected ? [expected] : []);
  });

  it.each([
    ['Sat 1/16 (day 3, closed)', '2027-01-16T10:00:00+09:00', 'info_linkage_2'],
    ['Sun 1/17 (その翌日: included)', '2027-01-17T10:00:00+09:00', 'info_linkage_2'],
    ['Mon 1/18', '2027-01-18T10:00:00+09:00', null],
  ])('admitted after hours on Thu 1/14 18:30 (day 3 is a Saturday), information on %s', (_, at, expected) => {
    const ctx = run(admitted('2027-01-14T18:30:00+09:00'), sheet(at)).context;
    expect(supportedCodes(ctx, 'info_linkage')).toEqual(expected ? [expected] : []);
  });

  it.each([
    ['Sat 1/16 (admission day, a closed day)', '2027-01-16T15:00:00+09:00', 'info_linkage_1'],
    ['Sun 1/17 (営業日以外の日に入院: 翌日を含む)', '2027-01-17T15:00:00+09:00', 'info_linkage_1'],
    ['Mon 1/18 (翌々日)', '2027-01-18T15:00:00+09:00', 'info_linkage_2'],
    ['Tue 1/19', '2027-01-19T15:00:00+09:00', null],
  ])('admitted on a closed day (Sat 1/16 10:00), information on %s', (_, at, expected) => {
    const ctx = run(admitted('2027-01-16T10:00:00+09:00'), sheet(at)).context;
    expect(supportedCodes(ctx, 'info_linkage')).toEqual(expected ? [expected] : []);
  });

  it.each([
    ['Sun 1/10 (営業日以外の日に入院: 翌日を含む)', '2027-01-10T10:00:00+09:00', 'info_linkage_1'],
    ['Mon 1/11 成人の日 (翌々日)', '2027-01-11T10:00:00+09:00', 'info_linkage_2'],
    [
      'Tue 1/12 ((II)の延長は「営業時間終了後に入院した場合」だけ: a closed-day admission is not extended)',
      '2027-01-12T10:00:00+09:00',
      null,
    ],
  ])('admitted on a closed day (Sat 1/9 10:00) whose day 3 is a holiday, information on %s', (_, at, expected) => {
    const ctx = run(admitted('2027-01-09T10:00:00+09:00'), sheet(at)).context;
    expect(supportedCodes(ctx, 'info_linkage')).toEqual(expected ? [expected] : []);
  });

  it("the office's own calendar decides: open every day until 20:00, an 18:30 admission is within hours", () => {
    const late: BusinessHours = { open: '08:00', close: '20:00', closedDays: [] };
    const sat = run(
      admitted('2027-01-08T18:30:00+09:00', { officeHours: late }),
      sheet('2027-01-09T10:00:00+09:00'),
    ).context;
    expect(supportedCodes(sat, 'info_linkage')).toEqual(['info_linkage_2']);
    const mon = run(
      admitted('2027-01-08T18:30:00+09:00', { officeHours: late }),
      sheet('2027-01-11T10:00:00+09:00'),
    ).context;
    expect(supportedCodes(mon, 'info_linkage')).toEqual([]);
  });

  it('a care office identified after admission brings its calendar: its hours decide the windows', () => {
    const late: BusinessHours = { open: '08:00', close: '20:00', closedDays: [] };
    const start = admitted('2027-01-08T18:30:00+09:00', { careOfficeId: null, officeKind: null, officeHours: null });
    const ctx = run(
      start,
      {
        type: 'care_office_identified',
        careOfficeId: 'office-7',
        officeKind: 'home_care_office',
        officeHours: late,
        occurredAt: '2027-01-08T19:00:00+09:00',
      },
      sheet('2027-01-09T10:00:00+09:00'),
    ).context;
    expect(supportedCodes(ctx, 'info_linkage')).toEqual(['info_linkage_2']);
  });

  it('route B (no care manager before admission) has no 入院時情報連携加算 to claim', () => {
    const ctx = admitted('2027-01-12T10:00:00+09:00', {
      careOfficeId: null,
      officeKind: null,
      officeHours: null,
      usedCareServices: false,
    }).context;
    expect(ctx.route).toBe('B');
    expect(billingEvidence(ctx).filter((a) => a.code.startsWith('info_linkage'))).toEqual([]);
  });
});

// A stay with a care manager: admitted Tue 12/1, information sheet the same day, discharge planning
// from 12/10 for 12/20, discharge home on Sun 12/20 10:00.
const ADMITTED = '2026-12-01T10:00:00+09:00';
const DISCHARGE = '2026-12-20T10:00:00+09:00';

function plannedStay(): StoredSnapshot {
  return run(
    admitted(ADMITTED),
    sheet('2026-12-01T15:00:00+09:00'),
    planning('2026-12-10T10:00:00+09:00', '2026-12-20'),
  );
}

/** A conference in the sense of 退院・退所加算 / 注3: the care manager and two more home-side categories. */
const conference3 = (at: string) =>
  held(at, 'pre_discharge', [...WARD, ...home('care_manager', 'visiting_nurse', 'pharmacist')]);
/** Only two home-side categories: information received, but not by カンファレンス. */
const conference2 = (at: string) => held(at, 'pre_discharge', [...WARD, ...home('care_manager', 'visiting_nurse')]);

/** The care manager's care-plan copy, with the day home services started (❷: the add-on's month). */
const copySent = (at: string, servicesStartedOn: string | null): HospitalizationEvent => ({
  type: 'care_plan_copy_sent',
  servicesStartedOn,
  occurredAt: at,
});
/** Services start the day after the discharge: the add-on is December's. */
const SERVICES_START = copySent('2026-12-22T10:00:00+09:00', '2026-12-21');

function dischargedHome(...receipts: HospitalizationEvent[]): HospitalizationContext {
  return run(plannedStay(), ...receipts, discharged(DISCHARGE), SERVICES_START).context;
}

const TIER_VALUES: Record<string, string> = {
  discharge_1i: '450単位',
  discharge_1ro: '600単位',
  discharge_2i: '600単位',
  discharge_2ro: '750単位',
  discharge_3: '900単位',
};

describe('介護報酬 ❷退院・退所加算: the tier by number of receipts and カンファレンス', () => {
  it.each([
    [
      '(I)イ 450単位: information received once, not by conference',
      [info('2026-12-12T10:00:00+09:00')],
      'discharge_1i',
    ],
    [
      '(I)ロ 600単位: information received once, by conference',
      [conference3('2026-12-15T14:00:00+09:00')],
      'discharge_1ro',
    ],
    [
      '(II)イ 600単位: twice, neither by conference',
      [info('2026-12-12T10:00:00+09:00'), info('2026-12-14T10:00:00+09:00', 'phone')],
      'discharge_2i',
    ],
    [
      '(II)イ: three times without conference is still (II)イ (2回以上)',
      [
        info('2026-12-11T10:00:00+09:00'),
        info('2026-12-12T10:00:00+09:00', 'phone'),
        info('2026-12-14T10:00:00+09:00', 'document'),
      ],
      'discharge_2i',
    ],
    [
      '(II)ロ 750単位: twice, one by conference',
      [info('2026-12-12T10:00:00+09:00'), conference3('2026-12-15T14:00:00+09:00')],
      'discharge_2ro',
    ],
    [
      '(II)ロ: twice, both by conference',
      [conference3('2026-12-12T14:00:00+09:00'), conference3('2026-12-15T14:00:00+09:00')],
      'discharge_2ro',
    ],
    [
      '(III) 900単位: three times, one by conference',
      [info('2026-12-11T10:00:00+09:00'), info('2026-12-12T10:00:00+09:00'), conference3('2026-12-15T14:00:00+09:00')],
      'discharge_3',
    ],
    [
      '(III): four times, the conference first',
      [
        conference3('2026-12-11T14:00:00+09:00'),
        info('2026-12-12T10:00:00+09:00'),
        info('2026-12-14T10:00:00+09:00'),
        info('2026-12-18T10:00:00+09:00'),
      ],
      'discharge_3',
    ],
  ])('%s', (_, receipts, expected) => {
    const ctx = dischargedHome(...receipts);
    const evidence = expectUnsupportedExplained(ctx);
    const tiers = evidence.filter((a) => a.code.startsWith('discharge_'));
    expect(tiers.map((a) => a.code).sort()).toEqual(Object.keys(TIER_VALUES).sort());
    // One 退院・退所加算 per stay: only the best tier the records support.
    expect(tiers.filter((a) => a.supported).map((a) => a.code)).toEqual([expected]);
    const best = tiers.find((a) => a.code === expected)!;
    expect(best.value).toBe(TIER_VALUES[expected]);
    expect(best.missing).toEqual([]);
  });

  it("the tier table values are the seed's: 450 / 600 / 600 / 750 / 900 単位", () => {
    const ctx = dischargedHome(info('2026-12-12T10:00:00+09:00'));
    for (const [code, value] of Object.entries(TIER_VALUES)) expect(addOn(ctx, code).value).toBe(value);
  });

  it('a lower tier that is also met is not supported: it says the higher one is claimed', () => {
    const ctx = dischargedHome(
      info('2026-12-11T10:00:00+09:00'),
      info('2026-12-12T10:00:00+09:00'),
      conference3('2026-12-15T14:00:00+09:00'),
    );
    for (const code of ['discharge_1i', 'discharge_1ro', 'discharge_2i', 'discharge_2ro']) {
      expect(addOn(ctx, code).supported).toBe(false);
      expect(addOn(ctx, code).missing.join()).toContain('退院・退所加算(III)');
    }
    // The tier claimed says nothing of 「同一入院で1回のみ」: its missing list is empty.
    expect(addOn(ctx, 'discharge_3')).toMatchObject({ supported: true, missing: [] });
  });

  it('no information received: no tier, and each says what is missing', () => {
    const ctx = dischargedHome();
    expect(supportedCodes(ctx, 'discharge_')).toEqual([]);
    expect(addOn(ctx, 'discharge_1i').missing.join()).toContain('情報受領が1回必要');
  });

  it('not yet discharged: no tier (居宅への退院が前提)', () => {
    const ctx = run(plannedStay(), info('2026-12-12T10:00:00+09:00')).context;
    expect(supportedCodes(ctx, 'discharge_')).toEqual([]);
    expect(addOn(ctx, 'discharge_1i').missing).toContain('退院の記録がない');
  });

  it.each(['facility', 'other_hospital'] as const)('discharged to %s, not home: no tier', (destination) => {
    const ctx = run(
      plannedStay(),
      info('2026-12-12T10:00:00+09:00'),
      conference3('2026-12-15T14:00:00+09:00'),
      discharged(DISCHARGE, destination),
    ).context;
    expect(supportedCodes(ctx, 'discharge_')).toEqual([]);
    expect(addOn(ctx, 'discharge_1ro').missing).toContain('居宅への退院ではない');
  });
});

describe('❷【算定時の留意事項】同一日に複数回受けた場合でも1回', () => {
  it('two information provisions on one day count once: (I)イ, not (II)イ', () => {
    const ctx = dischargedHome(info('2026-12-12T09:00:00+09:00'), info('2026-12-12T16:00:00+09:00', 'phone'));
    expect(supportedCodes(ctx, 'discharge_')).toEqual(['discharge_1i']);
  });

  it('the day is the Japanese calendar day: 08:00 and 20:00 JST on 12/12 are one day though two UTC dates', () => {
    const ctx = dischargedHome(info('2026-12-12T08:00:00+09:00'), info('2026-12-12T20:00:00+09:00'));
    expect(supportedCodes(ctx, 'discharge_')).toEqual(['discharge_1i']);
  });

  it('23:30 and 00:30 JST the next day are two days: (II)イ', () => {
    const ctx = dischargedHome(info('2026-12-12T23:30:00+09:00'), info('2026-12-13T00:30:00+09:00'));
    expect(supportedCodes(ctx, 'discharge_')).toEqual(['discharge_2i']);
  });

  it('information and a conference on the same day count once, as a conference: (I)ロ', () => {
    const ctx = dischargedHome(info('2026-12-15T10:00:00+09:00'), conference3('2026-12-15T14:00:00+09:00'));
    expect(supportedCodes(ctx, 'discharge_')).toEqual(['discharge_1ro']);
  });

  it('three provisions on two days: (II), not (III)', () => {
    const ctx = dischargedHome(
      info('2026-12-12T10:00:00+09:00'),
      info('2026-12-15T10:00:00+09:00'),
      conference3('2026-12-15T14:00:00+09:00'),
    );
    expect(supportedCodes(ctx, 'discharge_')).toEqual(['discharge_2ro']);
  });
});

describe('❷ カンファレンスとは退院時共同指導料2 注3の要件を満たすもの (在宅側3者以上)', () => {
  it('care manager + visiting nurse (2 home-side professions) is not a カンファレンス: (I)イ', () => {
    const ctx = dischargedHome(conference2('2026-12-15T14:00:00+09:00'));
    expect(supportedCodes(ctx, 'discharge_')).toEqual(['discharge_1i']);
    expect(addOn(ctx, 'discharge_1ro').missing.join()).toContain('カンファレンス');
  });

  it('care manager + visiting nurse + pharmacist (3 home-side professions) is a カンファレンス: (I)ロ', () => {
    const ctx = dischargedHome(conference3('2026-12-15T14:00:00+09:00'));
    expect(supportedCodes(ctx, 'discharge_')).toEqual(['discharge_1ro']);
  });

  it("the home clinic's doctor and nurse are one category (在宅療養担当医療機関の保険医若しくは看護師等)", () => {
    const ctx = dischargedHome(
      held('2026-12-15T14:00:00+09:00', 'pre_discharge', [...WARD, ...home('care_manager', 'physician', 'nurse')]),
    );
    expect(supportedCodes(ctx, 'discharge_')).toEqual(['discharge_1i']);
  });

  it('dentist, therapist and care manager from the home side are three categories: (I)ロ', () => {
    const ctx = dischargedHome(
      held('2026-12-15T14:00:00+09:00', 'pre_discharge', [...WARD, ...home('care_manager', 'dentist', 'therapist')]),
    );
    expect(supportedCodes(ctx, 'discharge_')).toEqual(['discharge_1ro']);
  });

  it('hospital-side professions do not count toward the three', () => {
    const ctx = dischargedHome(
      held('2026-12-15T14:00:00+09:00', 'pre_discharge', [
        ...WARD,
        ...hospital('pharmacist', 'therapist'),
        ...home('care_manager', 'visiting_nurse'),
      ]),
    );
    expect(supportedCodes(ctx, 'discharge_')).toEqual(['discharge_1i']);
  });

  it('a conference the care manager did not attend is no information received by the care manager', () => {
    const ctx = dischargedHome(
      held('2026-12-15T14:00:00+09:00', 'pre_discharge', [
        ...WARD,
        ...home('visiting_nurse', 'pharmacist', 'therapist'),
      ]),
    );
    expect(supportedCodes(ctx, 'discharge_')).toEqual([]);
  });

  it("注3 requires the hospital's doctor or nurse (入院中の主治医又は看護師等が共同): with only the MSW it is not a カンファレンス", () => {
    const ctx = dischargedHome(
      held('2026-12-15T14:00:00+09:00', 'pre_discharge', [
        ...hospital('msw'),
        ...home('care_manager', 'visiting_nurse', 'pharmacist'),
      ]),
    );
    expect(supportedCodes(ctx, 'discharge_')).toEqual(['discharge_1i']);
  });
});

describe('❷ 退院後7日以内に情報を得た場合には算定する', () => {
  // Discharged home on Sun 12/20; the seventh day after is Sun 12/27.
  function dischargedThen(...after: HospitalizationEvent[]): HospitalizationContext {
    return run(plannedStay(), discharged(DISCHARGE), SERVICES_START, ...after).context;
  }

  it('information received on day 7 after discharge (12/27) counts', () => {
    const ctx = dischargedThen(info('2026-12-27T23:00:00+09:00'));
    expect(supportedCodes(ctx, 'discharge_')).toEqual(['discharge_1i']);
  });

  it('information received on day 8 after discharge (12/28) does not count', () => {
    const ctx = dischargedThen(info('2026-12-28T00:30:00+09:00'));
    expect(supportedCodes(ctx, 'discharge_')).toEqual([]);
    expect(addOn(ctx, 'discharge_1i').missing.join()).toContain('退院後7日');
  });

  it('one before discharge and one on day 7: two receipts, (II)イ', () => {
    const ctx = run(
      plannedStay(),
      info('2026-12-15T10:00:00+09:00'),
      discharged(DISCHARGE),
      SERVICES_START,
      info('2026-12-27T10:00:00+09:00'),
    ).context;
    expect(supportedCodes(ctx, 'discharge_')).toEqual(['discharge_2i']);
  });

  it('one before discharge and one on day 8: still (I)イ', () => {
    const ctx = run(
      plannedStay(),
      info('2026-12-15T10:00:00+09:00'),
      discharged(DISCHARGE),
      SERVICES_START,
      info('2026-12-28T10:00:00+09:00'),
    ).context;
    expect(supportedCodes(ctx, 'discharge_')).toEqual(['discharge_1i']);
  });
});

describe('診療報酬 ❶入退院支援加算: 3日以内に抽出 (加算1) / 7日以内 (加算2), 7日以内に面接', () => {
  // Admitted Tue 12/1: day 3 is 12/3, day 7 is 12/7, day 8 is 12/8.
  function stay(...events: HospitalizationEvent[]): HospitalizationContext {
    return run(admitted(ADMITTED), ...events).context;
  }

  it.each([
    [
      '加算1: screened on the admission day, interviewed day 2',
      [screened('2026-12-01T16:00:00+09:00'), interviewed('2026-12-02T10:00:00+09:00')],
      'admission_discharge_support_1',
    ],
    [
      '加算1: screened on day 3 (23:59 JST), interviewed day 7',
      [screened('2026-12-03T23:59:00+09:00'), interviewed('2026-12-07T15:00:00+09:00')],
      'admission_discharge_support_1',
    ],
    [
      '加算2: screened on day 4 (00:30 JST, still 12/3 in UTC)',
      [screened('2026-12-04T00:30:00+09:00'), interviewed('2026-12-05T10:00:00+09:00')],
      'admission_discharge_support_2',
    ],
    [
      '加算2: screened on day 7, interviewed the same day',
      [screened('2026-12-07T09:00:00+09:00'), interviewed('2026-12-07T11:00:00+09:00')],
      'admission_discharge_support_2',
    ],
    [
      'neither: screened on day 8',
      [screened('2026-12-08T09:00:00+09:00'), interviewed('2026-12-08T11:00:00+09:00')],
      null,
    ],
    [
      'neither: screened day 2 but interviewed on day 8',
      [screened('2026-12-02T09:00:00+09:00'), interviewed('2026-12-08T10:00:00+09:00')],
      null,
    ],
    ['neither: screened day 2, no interview', [screened('2026-12-02T09:00:00+09:00')], null],
    [
      'neither: screened day 2 and judged not discharge-difficult',
      [screened('2026-12-02T09:00:00+09:00', false), interviewed('2026-12-03T10:00:00+09:00')],
      null,
    ],
    ['neither: no screening at all', [interviewed('2026-12-03T10:00:00+09:00')], null],
  ])('%s', (_, events, expected) => {
    const ctx = stay(...events);
    expect(supportedCodes(ctx, 'admission_discharge_support')).toEqual(expected ? [expected] : []);
  });

  it("the values are the seed's: 加算1 700点, 加算2 190点", () => {
    const ctx = stay();
    expect(addOn(ctx, 'admission_discharge_support_1').value).toBe('700点');
    expect(addOn(ctx, 'admission_discharge_support_2').value).toBe('190点');
  });

  it('the missing condition names the day: 抽出が入院8日目', () => {
    const ctx = stay(screened('2026-12-08T09:00:00+09:00'), interviewed('2026-12-08T11:00:00+09:00'));
    expect(addOn(ctx, 'admission_discharge_support_2').missing.join()).toContain('入院8日目');
  });

  it('a late interview is named as such', () => {
    const ctx = stay(screened('2026-12-02T09:00:00+09:00'), interviewed('2026-12-08T10:00:00+09:00'));
    expect(addOn(ctx, 'admission_discharge_support_1').missing.join()).toContain('面接が入院8日目');
  });
});

describe('診療報酬 ❸介護支援等連携指導料: with the care manager, 入院中2回まで, not the same day as 退院時共同指導料', () => {
  const linkage = (at: string, participants = [...WARD, ...home('care_manager')]) =>
    held(at, 'care_support_linkage', participants);
  /** 退院時共同指導料2 with the home clinic's doctor and the care manager: two home-side categories, no 多機関. */
  const joint2 = (at: string) => held(at, 'joint_guidance', [...WARD, ...home('physician', 'care_manager')]);
  const joint3 = (at: string) =>
    held(at, 'joint_guidance', [...WARD, ...home('physician', 'visiting_nurse', 'care_manager')]);

  it('once with the care manager: supported, 400点×1回', () => {
    const ctx = run(plannedStay(), linkage('2026-12-12T10:00:00+09:00')).context;
    const a = addOn(ctx, 'care_support_linkage');
    expect(a.supported).toBe(true);
    expect(a.value).toBe('400点×1回');
    expect(a.missing).toEqual([]);
  });

  it('twice on different days: 400点×2回', () => {
    const ctx = run(plannedStay(), linkage('2026-12-12T10:00:00+09:00'), linkage('2026-12-16T10:00:00+09:00')).context;
    expect(addOn(ctx, 'care_support_linkage')).toMatchObject({ supported: true, value: '400点×2回' });
  });

  it('three times: at most 2 are credited (入院中2回に限る)', () => {
    const ctx = run(
      plannedStay(),
      linkage('2026-12-11T10:00:00+09:00'),
      linkage('2026-12-14T10:00:00+09:00'),
      linkage('2026-12-17T10:00:00+09:00'),
    ).context;
    const a = addOn(ctx, 'care_support_linkage');
    expect(a.supported).toBe(true);
    expect(a.value).toBe('400点×2回');
    expect(a.basis.filter((b) => b.startsWith('介護支援専門員と共同指導'))).toHaveLength(2);
  });

  it('without the care manager it is not 介護支援等連携指導料', () => {
    const ctx = run(plannedStay(), linkage('2026-12-12T10:00:00+09:00', [...WARD, ...home('visiting_nurse')])).context;
    const a = addOn(ctx, 'care_support_linkage');
    expect(a.supported).toBe(false);
    expect(a.missing).not.toEqual([]);
  });

  it('on the same day as a 退院時共同指導 it is not credited (同日算定不可)', () => {
    const ctx = run(plannedStay(), joint2('2026-12-15T10:00:00+09:00'), linkage('2026-12-15T15:00:00+09:00')).context;
    expect(addOn(ctx, 'joint_guidance_2').supported).toBe(true);
    const a = addOn(ctx, 'care_support_linkage');
    expect(a.supported).toBe(false);
    expect(a.missing.join()).toContain('同日');
  });

  it('on a different day from a 退院時共同指導 both are supported', () => {
    const ctx = run(plannedStay(), joint2('2026-12-15T10:00:00+09:00'), linkage('2026-12-16T10:00:00+09:00')).context;
    expect(addOn(ctx, 'joint_guidance_2').supported).toBe(true);
    expect(addOn(ctx, 'care_support_linkage')).toMatchObject({ supported: true, value: '400点×1回' });
  });

  it('one on the joint-guidance day and one on another day: only the other is credited', () => {
    const ctx = run(
      plannedStay(),
      linkage('2026-12-12T10:00:00+09:00'),
      joint2('2026-12-15T10:00:00+09:00'),
      linkage('2026-12-15T15:00:00+09:00'),
    ).context;
    const a = addOn(ctx, 'care_support_linkage');
    expect(a.supported).toBe(true);
    expect(a.value).toBe('400点×1回');
  });

  it('not together with 多機関共同指導加算 (同時算定はできない)', () => {
    const ctx = run(plannedStay(), linkage('2026-12-12T10:00:00+09:00'), joint3('2026-12-15T10:00:00+09:00')).context;
    expect(addOn(ctx, 'multi_agency_guidance').supported).toBe(true);
    const a = addOn(ctx, 'care_support_linkage');
    expect(a.supported).toBe(false);
    expect(a.missing.join()).toContain('多機関共同指導加算');
  });
});

describe('supported add-ons carry no missing condition', () => {
  // `missing` lists what stops an add-on; a supported one must have nothing left in it.
  const linkage = (at: string) => held(at, 'care_support_linkage', [...WARD, ...home('care_manager')]);
  const joint2 = (at: string) => held(at, 'joint_guidance', [...WARD, ...home('physician', 'care_manager')]);

  it('介護支援等連携指導料 held three times: supported ×2 with an empty missing list', () => {
    const ctx = run(
      plannedStay(),
      linkage('2026-12-11T10:00:00+09:00'),
      linkage('2026-12-14T10:00:00+09:00'),
      linkage('2026-12-17T10:00:00+09:00'),
    ).context;
    const a = addOn(ctx, 'care_support_linkage');
    expect(a.supported).toBe(true);
    expect(a.missing).toEqual([]);
  });

  it('介護支援等連携指導料 once on a joint-guidance day and once on another: supported with an empty missing list', () => {
    const ctx = run(
      plannedStay(),
      linkage('2026-12-12T10:00:00+09:00'),
      joint2('2026-12-15T10:00:00+09:00'),
      linkage('2026-12-15T15:00:00+09:00'),
    ).context;
    const a = addOn(ctx, 'care_support_linkage');
    expect(a.supported).toBe(true);
    expect(a.missing).toEqual([]);
  });
});

describe('診療報酬 ❹退院時共同指導料2 and ❺多機関共同指導加算 (在宅側の指定職種3者以上)', () => {
  it('joint guidance with 3 home-side professions: 退院時共同指導料2 and 多機関共同指導加算 2,000点', () => {
    const ctx = run(
      plannedStay(),
      held('2026-12-15T10:00:00+09:00', 'joint_guidance', [
        ...WARD,
        ...home('care_manager', 'visiting_nurse', 'pharmacist'),
      ]),
    ).context;
    expectUnsupportedExplained(ctx);
    expect(addOn(ctx, 'joint_guidance_2')).toMatchObject({ supported: true, value: '400点' });
    expect(addOn(ctx, 'multi_agency_guidance')).toMatchObject({ supported: true, value: '2,000点', missing: [] });
  });

  it('joint guidance with 2 home-side professions: 退院時共同指導料2 only', () => {
    const ctx = run(
      plannedStay(),
      held('2026-12-15T10:00:00+09:00', 'joint_guidance', [...WARD, ...home('physician', 'visiting_nurse')]),
    ).context;
    expectUnsupportedExplained(ctx);
    expect(addOn(ctx, 'joint_guidance_2').supported).toBe(true);
    expect(addOn(ctx, 'multi_agency_guidance').supported).toBe(false);
    expect(addOn(ctx, 'multi_agency_guidance').missing.join()).toContain('3者以上');
  });

  it('home doctor + home nurse + care manager are 2 categories, not 3: no 多機関共同指導加算', () => {
    const ctx = run(
      plannedStay(),
      held('2026-12-15T10:00:00+09:00', 'joint_guidance', [...WARD, ...home('physician', 'nurse', 'care_manager')]),
    ).context;
    expect(addOn(ctx, 'multi_agency_guidance').supported).toBe(false);
  });

  it("❺ is led by the hospital's doctor or nurse (入院中の保険医療機関の保険医又は看護師等が): with only the MSW, no 多機関共同指導加算", () => {
    const ctx = run(
      plannedStay(),
      held('2026-12-15T10:00:00+09:00', 'joint_guidance', [
        ...hospital('msw'),
        ...home('physician', 'visiting_nurse', 'pharmacist'),
      ]),
    ).context;
    expect(addOn(ctx, 'multi_agency_guidance').supported).toBe(false);
  });

  it('❹ the home side of 退院時共同指導料2 is the home-care doctor/nurse, pharmacist, therapists…: the care manager alone is not it', () => {
    const ctx = run(
      plannedStay(),
      held('2026-12-15T10:00:00+09:00', 'joint_guidance', [...WARD, ...home('care_manager')]),
    ).context;
    expect(addOn(ctx, 'joint_guidance_2').supported).toBe(false);
  });

  it("❹ lists 社会福祉士 on the home side: the home clinic's social worker makes it 退院時共同指導料2", () => {
    const ctx = run(
      plannedStay(),
      held('2026-12-15T10:00:00+09:00', 'joint_guidance', [...WARD, ...home('msw')]),
    ).context;
    expect(addOn(ctx, 'joint_guidance_2').supported).toBe(true);
  });

  it('no joint guidance: neither, each with its missing condition', () => {
    const ctx = plannedStay().context;
    expectUnsupportedExplained(ctx);
    expect(addOn(ctx, 'joint_guidance_2').supported).toBe(false);
    expect(addOn(ctx, 'multi_agency_guidance').supported).toBe(false);
  });
});

describe('002 ❷ 退院・退所加算 …（介護予防支援含まず）: the office kind decides eligibility, and says why', () => {
  const supportCenter = { officeKind: 'community_support_center' as const };
  function stayAt(overrides: Partial<AdmissionInput>): HospitalizationContext {
    return run(
      admitted(ADMITTED, overrides),
      sheet('2026-12-01T15:00:00+09:00'),
      planning('2026-12-10T10:00:00+09:00', '2026-12-20'),
      conference3('2026-12-15T14:00:00+09:00'),
      discharged(DISCHARGE),
      SERVICES_START,
    ).context;
  }

  it('a 居宅介護支援事業所 with a conference and services started: (I)ロ 600単位', () => {
    expect(supportedCodes(stayAt({}), 'discharge_')).toEqual(['discharge_1ro']);
  });

  it('a 地域包括支援センター (介護予防支援) with the same records: no tier, each naming 介護予防支援含まず', () => {
    const ctx = stayAt(supportCenter);
    expect(supportedCodes(ctx, 'discharge_')).toEqual([]);
    for (const code of Object.keys(TIER_VALUES))
      expect(addOn(ctx, code).missing[0]).toBe(
        '介護予防支援(地域包括支援センター)は対象外: 退院・退所加算は居宅介護支援の加算 (介護予防支援含まず)',
      );
  });

  it('❶入院時情報連携加算 is 居宅介護支援 too: a 地域包括支援センター given the sheet on the admission day has neither (I) nor (II)', () => {
    const ctx = stayAt(supportCenter);
    expect(supportedCodes(ctx, 'info_linkage')).toEqual([]);
    expect(addOn(ctx, 'info_linkage_1').missing).toEqual([
      '介護予防支援(地域包括支援センター)は対象外: 入院時情報連携加算は居宅介護支援の加算 (介護予防支援含まず)',
    ]);
    expect(supportedCodes(stayAt({}), 'info_linkage')).toEqual(['info_linkage_1']);
  });

  it('the hospital side (診療報酬) does not depend on the office kind: 介護支援等連携指導料 with a support center', () => {
    const ctx = run(
      admitted(ADMITTED, supportCenter),
      held('2026-12-12T14:00:00+09:00', 'care_support_linkage', [...WARD, ...home('care_manager')]),
    ).context;
    expect(addOn(ctx, 'care_support_linkage').supported).toBe(true);
  });
});

describe('002 ❶ 利用者1人につき1月に1回を限度: two stays of one patient in a month support it once', () => {
  // Admitted Tue 1/12 10:00 within hours; the sheet the same day supports (I) on its own.
  const at = '2027-01-12T10:00:00+09:00';
  const withEarlier = (earlier: string[]) =>
    run(admitted(at, { earlierInfoLinkage: earlier }), sheet('2027-01-12T16:00:00+09:00')).context;

  it('no earlier stay: (I)', () => {
    expect(supportedCodes(withEarlier([]), 'info_linkage')).toEqual(['info_linkage_1']);
  });

  it('an earlier stay claimed it on 1/5: neither, naming the earlier provision', () => {
    const ctx = withEarlier(['2027-01-05T10:00:00+09:00']);
    expect(supportedCodes(ctx, 'info_linkage')).toEqual([]);
    expect(addOn(ctx, 'info_linkage_1').missing).toEqual([
      '利用者1人につき1月に1回: 同じ月の別の入院 (1/5提供) で算定',
    ]);
    expect(addOn(ctx, 'info_linkage_2').missing).toContain(
      '利用者1人につき1月に1回: 同じ月の別の入院 (1/5提供) で算定',
    );
  });

  it('the month is Japan’s: 12/31 23:30 JST is December (supported), 1/1 00:30 JST is January (not)', () => {
    expect(supportedCodes(withEarlier(['2026-12-31T23:30:00+09:00']), 'info_linkage')).toEqual(['info_linkage_1']);
    expect(supportedCodes(withEarlier(['2027-01-01T00:30:00+09:00']), 'info_linkage')).toEqual([]);
  });
});

describe('002 ❷ 同一の利用者について居宅サービス利用開始月に調整を行う場合に限る: judged by the month services start', () => {
  const receipts = [info('2026-12-12T10:00:00+09:00')];

  it('discharged home with information but no start of services recorded: no tier, and it says what to record', () => {
    const ctx = run(plannedStay(), ...receipts, discharged(DISCHARGE)).context;
    expect(supportedCodes(ctx, 'discharge_')).toEqual([]);
    expect(addOn(ctx, 'discharge_1i').missing).toEqual([
      '居宅サービスの利用開始日の記録がない (利用開始月に算定: ケアプランの写しの送付記録で入力)',
    ]);
  });

  it('services start 1/4 after a 12/20 discharge: (I)イ, claimed in January', () => {
    const ctx = run(
      plannedStay(),
      ...receipts,
      discharged(DISCHARGE),
      copySent('2027-01-05T10:00:00+09:00', '2027-01-04'),
    ).context;
    const tier = addOn(ctx, 'discharge_1i');
    expect(tier.supported).toBe(true);
    expect(tier.month).toBe('2027-01');
    expect(tier.basis).toContain('居宅サービス利用開始 1/4: 2027年1月に算定');
  });

  it('services start on the discharge day counts; the day before does not', () => {
    const on = (day: string) =>
      run(plannedStay(), ...receipts, discharged(DISCHARGE), copySent('2026-12-22T10:00:00+09:00', day)).context;
    expect(addOn(on('2026-12-20'), 'discharge_1i').supported).toBe(true);
    expect(addOn(on('2026-12-20'), 'discharge_1i').month).toBe('2026-12');
    expect(addOn(on('2026-12-19'), 'discharge_1i').supported).toBe(false);
    expect(addOn(on('2026-12-19'), 'discharge_1i').missing).toContain(
      '居宅サービスの利用開始日 (12/19) が退院日より前',
    );
  });
});

import { addDays, daysBetween, jstDate } from './calendar.js';
import { infoLinkageWindows } from './deadlines.js';
import { currentDischargeRecord } from './dischargeRecord.js';
import { md as monthDay } from './time.js';
import {
  type Conference,
  type HospitalizationContext,
  PRE_ADMISSION_ITEMS,
  type PreAdmissionItem,
  type Profession,
  type Side,
} from './types.js';

// Billing evidence (加算): which add-ons the records support and, for the rest, which condition is
// missing. The figures are the seeds' tables (001, 002); a claim is still the provider's decision.

/**
 * The add-ons the evidence covers, code → the name the tables give it: the one list of billing codes
 * (the API's enum and its Japanese names are derived from it).
 */
export const ADD_ON_NAMES = {
  info_linkage_1: '入院時情報連携加算(I)',
  info_linkage_2: '入院時情報連携加算(II)',
  discharge_3: '退院・退所加算(III)',
  discharge_2ro: '退院・退所加算(II)ロ',
  discharge_2i: '退院・退所加算(II)イ',
  discharge_1ro: '退院・退所加算(I)ロ',
  discharge_1i: '退院・退所加算(I)イ',
  care_support_linkage: '介護支援等連携指導料',
  joint_guidance_2: '退院時共同指導料2',
  multi_agency_guidance: '多機関共同指導加算',
  admission_discharge_support_1: '入退院支援加算1',
  admission_discharge_support_2: '入退院支援加算2',
  admission_support_1: '入院時支援加算1',
  admission_support_2: '入院時支援加算2',
  regional_care_plan: '地域連携診療計画加算',
} as const;
export type AddOnCode = keyof typeof ADD_ON_NAMES;

/** An office's add-ons, judged over its stays rather than one stay (seed 001). */
export const OFFICE_ADD_ON_NAMES = {
  medical_care_linkage: '特定事業所医療介護連携加算',
} as const;

export interface AddOn {
  code: AddOnCode;
  name: string;
  side: 'care_manager' | 'hospital';
  value: string;
  supported: boolean;
  /** The month (YYYY-MM) it is claimed in when not the discharge month: 退院・退所加算 goes with the services' start. */
  month?: string;
  /** The facts that support it (or would, once the missing condition is met). */
  basis: string[];
  missing: string[];
}

/** Month/day in Japan of an instant. */
const md = (iso: string) => monthDay(jstDate(iso));

/**
 * The home-side categories of 退院時共同指導料2 注3 / 多機関共同指導加算: in-home doctor or nurse,
 * dentist, pharmacist, visiting nurse, therapist, care manager. Three or more make a "conference"
 * in the sense of 退院・退所加算 (Sanda: カンファレンスとは、退院時共同指導料2、注3の要件を満たすもの).
 */
function homeCategory(p: { profession: Profession; side: Side }): string | null {
  if (p.side !== 'home') return null;
  switch (p.profession) {
    case 'physician':
    case 'nurse':
      return 'home_clinic';
    case 'dentist':
      return 'dentist';
    case 'pharmacist':
      return 'pharmacist';
    case 'visiting_nurse':
      return 'visiting_nurse';
    case 'therapist':
      return 'therapist';
    case 'care_manager':
      return 'care_manager';
    default:
      return null;
  }
}

export function homeCategories(c: Pick<Conference, 'participants'>): Set<string> {
  return new Set(c.participants.map(homeCategory).filter((x): x is string => x !== null));
}

/** 注3 / ❺: led by the hospital's doctor or nurse (入院中の主治医又は看護師等が共同して). */
function ledByHospitalDoctorOrNurse(c: Pick<Conference, 'participants'>): boolean {
  return c.participants.some(
    (p) => p.side === 'hospital' && (p.profession === 'physician' || p.profession === 'nurse'),
  );
}

/** 注3 (and 多機関共同指導加算): three or more home-side categories with the hospital's doctor or nurse. */
export function isQualifyingConference(c: Pick<Conference, 'participants'>): boolean {
  return ledByHospitalDoctorOrNurse(c) && homeCategories(c).size >= 3;
}

// ❹ 退院時共同指導料2: the professions listed on each side (保険医又は看護師等、薬剤師、管理栄養士、
// 理学療法士、作業療法士、言語聴覚士、社会福祉士); the care manager is not among them.
const JOINT_GUIDANCE: Profession[] = ['physician', 'nurse', 'visiting_nurse', 'pharmacist', 'therapist', 'msw'];
function isJointGuidance(c: Conference): boolean {
  // Both sides (hospital and home) have one of the listed professions.
  const sides = new Set(c.participants.filter((p) => JOINT_GUIDANCE.includes(p.profession)).map((p) => p.side));
  return c.kind === 'joint_guidance' && sides.size === 2;
}

const held = (ctx: HospitalizationContext) =>
  ctx.conferences.filter((c): c is Conference & { heldAt: string } => c.heldAt !== null);
const cmAttended = (c: Conference) => c.participants.some((p) => p.profession === 'care_manager');

/**
 * 介護予防支援 (a 地域包括支援センター's plan for a 要支援 user) has neither care-manager add-on: seed 002
 * lists them under 居宅介護支援 (❶ counts the 居宅介護支援事業所's hours) and says of 退院・退所加算
 * 「介護予防支援含まず」. The reason, in the words the evidence shows.
 */
function preventionPlanExcluded(ctx: Pick<HospitalizationContext, 'officeKind'>, addOn: string): string | null {
  return ctx.officeKind === 'community_support_center'
    ? `介護予防支援(地域包括支援センター)は対象外: ${addOn}は居宅介護支援の加算 (介護予防支援含まず)`
    : null;
}

/** 利用者1人につき1月に1回 (002 ❶): an earlier stay of the same patient in the same month has it. */
function earlierThisMonth(ctx: HospitalizationContext, at: string): string | null {
  const month = jstDate(at).slice(0, 7);
  const earlier = (ctx.earlierInfoLinkage ?? []).find((x) => jstDate(x).slice(0, 7) === month);
  return earlier ? `利用者1人につき1月に1回: 同じ月の別の入院 (${md(earlier)}提供) で算定` : null;
}

function infoLinkage(ctx: HospitalizationContext): AddOn[] {
  const { i, ii } = infoLinkageWindows(ctx.admittedAt, ctx.officeHours, ctx.rule.informationSheet.withinDays);
  const sheet = ctx.informationSheet;
  const given = sheet ? Date.parse(sheet.at) : null;
  const inI = given !== null && given < Date.parse(i.until);
  const inII = given !== null && !inI && given < Date.parse(ii.until);
  const excluded = preventionPlanExcluded(ctx, '入院時情報連携加算');
  const monthTaken = sheet ? earlierThisMonth(ctx, sheet.at) : null;
  const barred = [excluded, monthTaken].filter((x): x is string => x !== null);
  const basis = sheet ? [`入院時情報提供: ${md(sheet.at)} (${sheet.means})`] : [];
  const okI = inI && barred.length === 0;
  const okII = inII && barred.length === 0;
  return [
    {
      code: 'info_linkage_1',
      name: ADD_ON_NAMES.info_linkage_1,
      side: 'care_manager',
      value: '250単位/月',
      supported: okI,
      basis,
      missing: okI
        ? []
        : [
            ...barred,
            ...(inI ? [] : [sheet ? `提供日が(I)の期間外: ${i.reason}` : `入院時情報提供の記録がない (${i.reason})`]),
          ],
    },
    {
      code: 'info_linkage_2',
      name: ADD_ON_NAMES.info_linkage_2,
      side: 'care_manager',
      value: '200単位/月',
      supported: okII,
      basis,
      missing: okII
        ? []
        : [
            ...barred,
            ...(inII
              ? []
              : inI
                ? okI
                  ? ['(I)と同時算定不可: (I)を算定']
                  : []
                : [sheet ? `提供日が(II)の期間外: ${ii.reason}` : `入院時情報提供の記録がない (${ii.reason})`]),
          ],
    },
  ];
}

/** Whether this stay's information supports 入院時情報連携加算 (I) or (II): what a later stay that month is judged against. */
export function infoLinkageClaimedAt(ctx: HospitalizationContext): string | null {
  const sheet = ctx.informationSheet;
  return sheet && ctx.route === 'A' && infoLinkage(ctx).some((a) => a.supported) ? sheet.at : null;
}

interface Receipt {
  day: string;
  conference: boolean;
}

/**
 * The care manager's own evidence (seed 002 ❷: 退院・退所情報記録書): the record in force is a receipt on
 * its day, a conference when the attendees it lists meet 注3, as the hospital's record would.
 */
function recordReceipt(ctx: HospitalizationContext): Receipt[] {
  const record = currentDischargeRecord(ctx);
  if (!record) return [];
  // 注3 is judged on who attended, as for the hospital's record of a conference.
  return [
    {
      day: record.receivedOn,
      conference: record.conference && isQualifyingConference({ participants: record.attendees }),
    },
  ];
}

/** Information the care manager received: same day counts once; up to 7 days after discharge. */
function dischargeReceipts(ctx: HospitalizationContext): { receipts: Receipt[]; late: string[] } {
  const limit = ctx.discharge ? addDays(jstDate(ctx.discharge.at), 7) : null;
  const all: Receipt[] = [
    ...held(ctx)
      .filter(cmAttended)
      .map((c) => ({ day: jstDate(c.heldAt), conference: isQualifyingConference(c) })),
    ...ctx.infoExchanges.map((x) => ({ day: jstDate(x.at), conference: false })),
    ...recordReceipt(ctx),
  ];
  const byDay = new Map<string, boolean>();
  const late: string[] = [];
  for (const r of all) {
    if (limit && r.day > limit) {
      late.push(r.day);
      continue;
    }
    byDay.set(r.day, (byDay.get(r.day) ?? false) || r.conference);
  }
  return {
    receipts: [...byDay].map(([day, conference]) => ({ day, conference })).sort((a, b) => a.day.localeCompare(b.day)),
    late,
  };
}

const DISCHARGE_TIERS = [
  { code: 'discharge_3', value: '900単位', min: 3, conference: true },
  { code: 'discharge_2ro', value: '750単位', min: 2, conference: true },
  { code: 'discharge_2i', value: '600単位', min: 2, conference: false },
  { code: 'discharge_1ro', value: '600単位', min: 1, conference: true },
  { code: 'discharge_1i', value: '450単位', min: 1, conference: false },
] as const;

/**
 * ❷ 「居宅サービス利用開始月に調整を行う場合に限る」: the add-on belongs to the month home services
 * start, which the care manager reports with the care-plan copy; services cannot start before the
 * patient is home.
 */
function servicesStart(ctx: HospitalizationContext): { on: string | null; month: string | null; missing: string[] } {
  const on = ctx.servicesStartedOn ?? null;
  if (!on)
    return {
      on: null,
      month: null,
      missing: ['居宅サービスの利用開始日の記録がない (利用開始月に算定: ケアプランの写しの送付記録で入力)'],
    };
  if (ctx.discharge && on < jstDate(ctx.discharge.at))
    return { on, month: null, missing: [`居宅サービスの利用開始日 (${md(on)}) が退院日より前`] };
  return { on, month: on.slice(0, 7), missing: [] };
}

function dischargeAddOn(ctx: HospitalizationContext): AddOn[] {
  const { receipts, late } = dischargeReceipts(ctx);
  const n = receipts.length;
  const conferences = receipts.filter((r) => r.conference).length;
  const home = ctx.discharge?.destination === 'home';
  const excluded = preventionPlanExcluded(ctx, '退院・退所加算');
  const start = servicesStart(ctx);
  const record = currentDischargeRecord(ctx);
  const basis = [
    ...receipts.map((r) => `情報受領 ${r.day.slice(5).replace('-', '/')}${r.conference ? ' (カンファレンス)' : ''}`),
    ...(record ? [`退院・退所情報記録書 ${monthDay(record.receivedOn)} (ケアマネジャーの記録)`] : []),
    ...(start.on && start.month
      ? [`居宅サービス利用開始 ${md(start.on)}: ${start.month.slice(0, 4)}年${Number(start.month.slice(5))}月に算定`]
      : []),
  ];
  const eligible = home && !excluded && start.month !== null;
  // One 退院・退所加算 per stay: the highest tier the records support.
  const best = eligible ? DISCHARGE_TIERS.find((t) => n >= t.min && (!t.conference || conferences >= 1)) : undefined;
  return DISCHARGE_TIERS.map((t) => {
    const missing: string[] = [];
    if (excluded) missing.push(excluded);
    if (!ctx.discharge) missing.push('退院の記録がない');
    else if (!home) missing.push('居宅への退院ではない');
    else missing.push(...start.missing);
    if (n < t.min) missing.push(`病院からの情報受領が${t.min}回必要 (記録: ${n}回、同日は1回)`);
    if (t.conference && conferences === 0)
      missing.push('うち1回以上はカンファレンス(退院時共同指導料2注3の要件: 在宅側3者以上)が必要');
    if (late.length) missing.push(`退院後7日を過ぎた情報受領は数えない: ${late.join(', ')}`);
    const supported = best === t;
    if (!supported && best && missing.filter((m) => !m.startsWith('退院後7日')).length === 0)
      missing.push(`同一入院で1回のみ: ${ADD_ON_NAMES[best.code]}を算定`);
    return {
      code: t.code,
      name: ADD_ON_NAMES[t.code],
      side: 'care_manager' as const,
      value: t.value,
      supported,
      ...(start.month ? { month: start.month } : {}),
      basis,
      missing: supported ? [] : missing,
    };
  });
}

function hospitalAddOns(ctx: HospitalizationContext): AddOn[] {
  const joint = held(ctx).filter(isJointGuidance);
  const multi = joint.filter(isQualifyingConference);
  const jointDays = new Set(joint.map((c) => jstDate(c.heldAt)));
  const linkage = held(ctx).filter((c) => c.kind === 'care_support_linkage' && cmAttended(c));
  const linkageSameDay = linkage.filter((c) => jointDays.has(jstDate(c.heldAt)));
  const linkageOk = linkage.filter((c) => !jointDays.has(jstDate(c.heldAt))).slice(0, 2);
  const linkageBeyond = linkage.filter((c) => !jointDays.has(jstDate(c.heldAt))).slice(2);
  const screening = ctx.dischargeDifficulty;
  const day = screening ? daysBetween(jstDate(ctx.admittedAt), jstDate(screening.screenedAt)) + 1 : null;
  const interviewDay = ctx.patientFamilyInterviewAt
    ? daysBetween(jstDate(ctx.admittedAt), jstDate(ctx.patientFamilyInterviewAt)) + 1
    : null;
  // 療養病棟入院基本料等: the interview within 14 days and its own points (seed 002 ❶, 001).
  const longTerm = ctx.wardType === 'long_term_care';
  const interviewDays = longTerm ? 14 : 7;
  const interviewOk = interviewDay !== null && interviewDay <= interviewDays;
  const wardBasis = longTerm
    ? '療養病棟入院基本料等'
    : ctx.wardType === 'general'
      ? '一般病棟入院基本料等'
      : '一般病棟入院基本料等 (病棟種別の記録なし)';
  const screeningMissing = (limit: number) => [
    ...(day === null
      ? ['退院困難な患者の抽出(スクリーニング)の記録がない']
      : day > limit
        ? [`抽出が入院${day}日目 (${limit}日以内が必要)`]
        : []),
    ...(screening && !screening.difficult ? ['退院困難な要因なしと判定'] : []),
    ...(interviewOk
      ? []
      : [
          interviewDay === null
            ? '患者・家族との面接の記録がない'
            : `面接が入院${interviewDay}日目 (${interviewDays}日以内が必要)`,
        ]),
  ];
  const s1 = screeningMissing(3);
  const s2 = screeningMissing(7);
  return [
    {
      code: 'care_support_linkage',
      name: ADD_ON_NAMES.care_support_linkage,
      side: 'hospital',
      value: `400点×${linkageOk.length}回`,
      supported: linkageOk.length > 0 && multi.length === 0,
      // What cannot be counted is told in the basis: a supported add-on has no missing condition.
      basis: [
        ...linkageOk.map((c) => `介護支援専門員と共同指導 ${md(c.heldAt)}`),
        ...linkageSameDay.map((c) => `${md(c.heldAt)}は退院時共同指導料と同日のため数えない`),
        ...linkageBeyond.map((c) => `${md(c.heldAt)}は入院中2回を超えるため数えない`),
      ],
      // Empty exactly when supported: each line is one way it is not.
      missing: [
        ...(linkage.length === 0 ? ['介護支援専門員と共同した説明・指導の記録がない'] : []),
        ...(linkage.length > 0 && linkageOk.length === 0 ? ['すべて退院時共同指導料と同日のため算定不可'] : []),
        ...(multi.length > 0 ? ['多機関共同指導加算と同時算定不可'] : []),
      ],
    },
    {
      code: 'joint_guidance_2',
      name: ADD_ON_NAMES.joint_guidance_2,
      side: 'hospital',
      value: '400点',
      supported: joint.length > 0,
      basis: joint.map((c) => `退院時共同指導 ${md(c.heldAt)} (在宅側${homeCategories(c).size}職種)`),
      missing:
        joint.length > 0
          ? []
          : [
              '入院中の医療機関の職種と在宅療養を担う職種(医師・看護師等・薬剤師・療法士・社会福祉士)が共同した退院時共同指導の記録がない',
            ],
    },
    {
      code: 'multi_agency_guidance',
      name: ADD_ON_NAMES.multi_agency_guidance,
      side: 'hospital',
      value: '2,000点',
      supported: multi.length > 0,
      basis: joint.map((c) => `退院時共同指導 ${md(c.heldAt)}: 在宅側 ${[...homeCategories(c)].join(', ')}`),
      missing:
        multi.length > 0
          ? []
          : [
              `入院中の医師又は看護師等と在宅側の指定職種3者以上との共同指導が必要 (最大${Math.max(0, ...joint.map((c) => homeCategories(c).size))}者)`,
            ],
    },
    {
      code: 'admission_discharge_support_1',
      name: ADD_ON_NAMES.admission_discharge_support_1,
      side: 'hospital',
      value: longTerm ? '1,300点' : '700点',
      supported: s1.length === 0,
      basis: [wardBasis, ...(day !== null ? [`退院困難な患者の抽出: 入院${day}日目`] : [])],
      missing: s1,
    },
    {
      code: 'admission_discharge_support_2',
      name: ADD_ON_NAMES.admission_discharge_support_2,
      side: 'hospital',
      value: longTerm ? '635点' : '190点',
      supported: s1.length > 0 && s2.length === 0,
      basis: [wardBasis, ...(day !== null ? [`退院困難な患者の抽出: 入院${day}日目`] : [])],
      missing: s1.length === 0 ? ['入退院支援加算1を算定'] : s2,
    },
  ];
}

/** 入院時支援加算's checklist as seed 001 words it: (ア)〜(ク). */
export const PRE_ADMISSION_ITEM_NAMES: Record<PreAdmissionItem, string> = {
  patient_background: '(ア) 身体的・社会的・精神的背景を含めた患者情報の把握',
  prior_services: '(イ) 入院前に利用していた介護サービス又は福祉サービスの把握',
  pressure_ulcer_risk: '(ウ) 褥瘡に関する危険因子の評価',
  nutrition: '(エ) 栄養状態の評価',
  medication: '(オ) 服薬中の薬剤の確認',
  discharge_difficulty: '(カ) 退院困難な要件の有無の評価',
  treatment_explanation: '(キ) 入院中に行われる治療・検査の説明',
  ward_orientation: '(ク) 入院生活の説明',
};

/** 入院時支援加算2: 「入院前に、ア、イ、クを実施して療養支援計画を立てた場合」 (seed 001). */
const ADMISSION_SUPPORT_2_ITEMS: readonly PreAdmissionItem[] = [
  'patient_background',
  'prior_services',
  'ward_orientation',
];

/**
 * 入院時支援加算1 240点 / 2 200点 (seed 001 「入退院支援加算と併せて」; 002 「入院前からの支援(入院予定患者)」):
 * the 療養支援計画 made before the admission with all of (ア)〜(ク) for 1, (ア)(イ)(ク) for 2, and only
 * with 入退院支援加算 (1 or 2) on the same stay.
 */
function admissionSupportAddOns(ctx: HospitalizationContext, withDischargeSupport: boolean): AddOn[] {
  const support = ctx.preAdmissionSupport ?? null;
  const before = support !== null && Date.parse(support.at) < Date.parse(ctx.admittedAt);
  const lacking = (needed: readonly PreAdmissionItem[]) =>
    needed.filter((item) => !support?.items.includes(item)).map((item) => PRE_ADMISSION_ITEM_NAMES[item]);
  const common = [
    ...(support === null
      ? ['入院前の支援(療養支援計画)の記録がない (予定入院で入院前に実施)']
      : before
        ? []
        : [`療養支援計画が入院後 (${md(support.at)}): 入院前の実施が必要`]),
    ...(withDischargeSupport ? [] : ['入退院支援加算(1又は2)と併せて算定: 入退院支援加算の要件を満たしていない']),
  ];
  const missing1 = [...common, ...(support ? lacking(PRE_ADMISSION_ITEMS).map((item) => `未実施: ${item}`) : [])];
  const missing2 = [...common, ...(support ? lacking(ADMISSION_SUPPORT_2_ITEMS).map((item) => `未実施: ${item}`) : [])];
  const ok1 = missing1.length === 0;
  const ok2 = !ok1 && missing2.length === 0;
  const basis = support
    ? [
        `入院前の支援 ${md(support.at)}: ${support.items.map((item) => PRE_ADMISSION_ITEM_NAMES[item].slice(0, 3)).join('')}`,
      ]
    : [];
  return [
    {
      code: 'admission_support_1',
      name: ADD_ON_NAMES.admission_support_1,
      side: 'hospital',
      value: '240点',
      supported: ok1,
      basis,
      missing: missing1,
    },
    {
      code: 'admission_support_2',
      name: ADD_ON_NAMES.admission_support_2,
      side: 'hospital',
      value: '200点',
      supported: ok2,
      basis,
      missing: ok1 ? ['入院時支援加算1を算定'] : missing2,
    },
  ];
}

/**
 * 地域連携診療計画加算 300点 (seed 002 「７００点 +地域連携診療計画加算３００点（退院時１回）」, 001
 * 「※地域連携診療計画加算 300点」 under 入退院支援加算): with 入退院支援加算, once at discharge, when the
 * regional care plan (地域連携クリニカルパス, 002 ⑤) went with the patient.
 */
function regionalCarePlanAddOn(ctx: HospitalizationContext, withDischargeSupport: boolean): AddOn {
  const shared = ctx.discharge?.regionalCarePlan === true;
  const missing = [
    ...(ctx.discharge
      ? shared
        ? []
        : ['退院時に地域連携診療計画を連携先と共有した記録がない']
      : ['退院の記録がない (退院時1回)']),
    ...(withDischargeSupport ? [] : ['入退院支援加算(1又は2)と併せて算定: 入退院支援加算の要件を満たしていない']),
  ];
  return {
    code: 'regional_care_plan',
    name: ADD_ON_NAMES.regional_care_plan,
    side: 'hospital',
    value: '300点',
    supported: missing.length === 0,
    basis: shared && ctx.discharge ? [`地域連携診療計画: ${md(ctx.discharge.at)}の退院時に共有`] : [],
    missing,
  };
}

export function billingEvidence(ctx: HospitalizationContext): AddOn[] {
  const cm = ctx.route === 'A' ? infoLinkage(ctx) : [];
  const hospital = hospitalAddOns(ctx);
  const withDischargeSupport = hospital.some((a) => a.code.startsWith('admission_discharge_support_') && a.supported);
  return [
    ...cm,
    ...dischargeAddOn(ctx),
    ...hospital,
    ...admissionSupportAddOns(ctx, withDischargeSupport),
    regionalCarePlanAddOn(ctx, withDischargeSupport),
  ];
}

/** An office's add-on: as a stay's, with the count it is judged by. */
export type OfficeAddOn = Omit<AddOn, 'code'> & { code: keyof typeof OFFICE_ADD_ON_NAMES; linkages: number };

/** 特定事業所医療介護連携加算's yearly count (seed 001 「退院・退所加算に係る医療機関等との連携を年間35回以上」). */
export const MEDICAL_CARE_LINKAGES_PER_YEAR = 35;

/** The linkages a supported 退院・退所加算 tier stands for: the times information was received ((III): 3). */
const LINKAGES_OF_TIER: Partial<Record<AddOnCode, number>> = {
  discharge_3: 3,
  discharge_2ro: 2,
  discharge_2i: 2,
  discharge_1ro: 1,
  discharge_1i: 1,
};

/** The twelve months (YYYY-MM) that end with `month`: renkei's reading of 「年間」. */
export function yearEndingWith(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const start = new Date(Date.UTC(y, m - 12, 1));
  return { from: `${start.getUTCFullYear()}-${String(start.getUTCMonth() + 1).padStart(2, '0')}`, to: month };
}

/**
 * 特定事業所医療介護連携加算 125単位/月 (seed 001): an office's add-on, not a stay's. renkei counts the
 * 退院・退所加算 linkages its stays support in the twelve months ending with `month` (each in the month
 * it is claimed: services' start) against 35; 特定事業所加算(I)〜(III) and ターミナルケアマネジメント加算
 * 年15回 are the office's own claims, which renkei does not see: the basis asks to check them.
 */
export function medicalCareLinkageAddOn(
  claims: readonly { code: string; supported: boolean; month?: string | undefined }[],
  month: string,
): OfficeAddOn {
  const { from, to } = yearEndingWith(month);
  const linkages = claims
    .filter((c) => c.supported && c.month !== undefined && c.month >= from && c.month <= to)
    .reduce((n, c) => n + (LINKAGES_OF_TIER[c.code as AddOnCode] ?? 0), 0);
  const ym = (m: string) => `${m.slice(0, 4)}年${Number(m.slice(5))}月`;
  const supported = linkages >= MEDICAL_CARE_LINKAGES_PER_YEAR;
  return {
    code: 'medical_care_linkage',
    name: OFFICE_ADD_ON_NAMES.medical_care_linkage,
    side: 'care_manager',
    value: '125単位/月',
    supported,
    linkages,
    basis: [
      `退院・退所加算に係る連携: ${linkages}回 (${ym(from)}〜${ym(to)}、算定月で数える)`,
      '要確認 (renkeiの記録外): 特定事業所加算(I)〜(III)の算定、ターミナルケアマネジメント加算 年15回以上',
    ],
    missing: supported
      ? []
      : [`退院・退所加算に係る連携が年間${MEDICAL_CARE_LINKAGES_PER_YEAR}回以上必要 (記録: ${linkages}回)`],
  };
}

// The care office's own records outside a stay (seed 002 (1)❹❺): a home conference at a hospital's
// or clinic's request, a clinic visit the care manager attended. Judged per user and Japanese month.

/** Each kind of record: the add-on it evidences, its units, how many a month count, what the seed asks. */
export const OFFICE_RECORD_ADD_ONS = {
  home_conference: {
    name: '緊急時等居宅カンファレンス加算',
    value: '200単位/回 (月2回まで)',
    perMonth: 2,
    /** 002 ❹: 「病院又は診療所の求めにより、当該病院又は診療所の医師又は看護師等と共に利用者の居宅を訪問し、カンファレンスを行い」; 【総論】 the record. */
    checks: {
      requested: '病院又は診療所の求めによる',
      with_medical_staff: '当該病院又は診療所の医師又は看護師等と共に利用者の居宅を訪問してカンファレンスを実施',
      recorded_in_plan: 'カンファレンスの実施日・参加者の氏名・要点を居宅サービス計画等に記載',
    },
  },
  clinic_visit: {
    name: '通院時情報連携加算',
    value: '50単位/月 (月1回まで)',
    perMonth: 1,
    /** 002 ❺: 「診察を受けるときに介護支援専門員が同席し…情報の提供を行うと共に…情報の提供を受けた上で、居宅サービス計画に記録」; 「利用者の同意を得た上で」. */
    checks: {
      attended: '医師又は歯科医師の診察に同席',
      information_given: '医師又は歯科医師等に利用者の心身の状況や生活環境等の情報を提供',
      information_received: '医師又は歯科医師等から利用者に関する必要な情報の提供を受けた',
      consent: '同席について利用者の同意を得た',
      recorded_in_plan: '居宅サービス計画に記録',
    },
  },
} as const;
export type OfficeRecordKind = keyof typeof OFFICE_RECORD_ADD_ONS;
export const OFFICE_RECORD_KINDS = Object.keys(OFFICE_RECORD_ADD_ONS) as OfficeRecordKind[];

/** One record as the office gave it: `client` is whatever names the user (renkei: the patient key). */
export interface OfficeRecord {
  id: string;
  client: string;
  kind: OfficeRecordKind;
  /** When it took place (an instant). */
  at: string;
  /** The hospital or clinic (that asked for the conference / where the visit was). */
  place: string;
  /** The medical staff who took part (the conference's participants / the doctor seen). */
  attendees: string;
  /** Which of the kind's `checks` were done. */
  checks: readonly string[];
}

export interface JudgedOfficeRecord extends OfficeRecord {
  name: string;
  value: string;
  /** The Japanese month (YYYY-MM) it counts in. */
  month: string;
  supported: boolean;
  basis: string[];
  missing: string[];
}

/**
 * 緊急時等居宅カンファレンス加算 (200単位, 「２回まで」 a month) and 通院時情報連携加算 (50単位, 「1回まで」 a
 * month), per user: each record with its conditions, then the month's cap in the order they took place —
 * a record missing a condition does not use up the month. Neither is 介護予防支援's (both are 居宅介護支援
 * add-ons of 002 (1)).
 */
export function judgeOfficeRecords(
  records: readonly OfficeRecord[],
  officeKind: HospitalizationContext['officeKind'],
): JudgedOfficeRecord[] {
  const taken = new Map<string, string[]>();
  const ordered = [...records].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id.localeCompare(b.id));
  return ordered.map((r) => {
    const spec = OFFICE_RECORD_ADD_ONS[r.kind];
    const month = jstDate(r.at).slice(0, 7);
    const excluded = preventionPlanExcluded({ officeKind }, spec.name);
    const missing = [
      ...(excluded ? [excluded] : []),
      ...Object.entries(spec.checks)
        .filter(([key]) => !r.checks.includes(key))
        .map(([, label]) => `未確認: ${label}`),
      ...(r.kind === 'home_conference' && r.attendees.trim() === ''
        ? ['カンファレンスに参加した医療関係職種等の氏名の記録がない']
        : []),
    ];
    const key = `${r.client}|${r.kind}|${month}`;
    const before = taken.get(key) ?? [];
    if (missing.length === 0 && before.length >= spec.perMonth)
      missing.push(`利用者1人につき1月に${spec.perMonth}回まで: 同じ月の${before.join('、')}で算定`);
    const supported = missing.length === 0;
    if (supported) taken.set(key, [...before, md(r.at)]);
    return {
      ...r,
      name: spec.name,
      value: spec.value,
      month,
      supported,
      basis: [`${md(r.at)} ${r.place}${r.attendees.trim() ? ` (${r.attendees.trim()})` : ''}`],
      missing,
    };
  });
}

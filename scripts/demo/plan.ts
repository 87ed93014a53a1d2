// The demo's plan: a month of Sanda traffic as a list of cases, each with a kind that says what
// will happen to it. The plan is what tests compare the console against: which cases are stuck
// on purpose, and which discharges home are leaks.

import { DAY_MS as DAY, HOUR_MS as HOUR, JST_OFFSET_MS, jstWallClock } from '../../machines/time.js';
import { prng } from '../prng.js';

export const DEMO_HOSPITALS = [
  'sanda-shimin',
  'sanda-aino',
  'sanda-onsen',
  'sanda-kogen',
  'sanda-nishi',
  'sanda-reha',
  'sanda-hyogo-chuo',
  'sanda-hirashima',
];

export type DemoKind =
  | 'normal'
  | 'routeB'
  | 'facility'
  | 'transfer'
  | 'died'
  | 'stuck_sheet'
  | 'stuck_identify'
  | 'stuck_nomail'
  | 'stuck_careplan'
  | 'stuck_screening'
  | 'leak_sudden'
  | 'leak_late'
  | 'leak_nocm';

export const STUCK_KINDS: DemoKind[] = [
  'stuck_sheet',
  'stuck_identify',
  'stuck_nomail',
  'stuck_careplan',
  'stuck_screening',
];
export const LEAK_KINDS: DemoKind[] = ['leak_sudden', 'leak_late', 'leak_nocm'];
/** The survey's leaks (seed 003: the handoff never happened); `leak_late` told the care manager, late. */
const SURVEY_LEAK_KINDS: DemoKind[] = ['leak_sudden', 'leak_nocm'];
const LATE_NOTICE_KINDS: DemoKind[] = ['leak_late'];
const HOME_KINDS: DemoKind[] = ['normal', 'routeB', 'stuck_careplan', ...LEAK_KINDS];

const COUNTS: [DemoKind, number][] = [
  ['stuck_sheet', 4],
  ['stuck_identify', 3],
  ['stuck_nomail', 2],
  ['stuck_careplan', 3],
  ['stuck_screening', 2],
  ['leak_sudden', 6],
  ['leak_late', 4],
  ['leak_nocm', 2],
  ['routeB', 20],
  ['facility', 6],
  ['transfer', 4],
  ['died', 2],
];

export interface DemoCase {
  index: number;
  kind: DemoKind;
  hospitalId: string;
  encounter: string;
  officeId: string | null;
  patient: { name: string; birthDate: string };
  admittedAt: number;
  /** Planned discharge (or other end of the stay); may lie after the demo's end. */
  endsAt: number;
  difficult: boolean;
}

/** A small seeded generator: the same seed gives the same month. */
export function rng(seed: number) {
  const next = prng(seed);
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
  };
}

const FAMILY = [
  '山本',
  '中村',
  '小林',
  '加藤',
  '吉田',
  '山田',
  '佐々木',
  '松本',
  '井上',
  '木村',
  '林',
  '清水',
  '森',
  '池田',
  '橋本',
  '石川',
  '前田',
  '藤田',
  '岡田',
  '後藤',
];
const GIVEN = [
  'ハナ',
  'キヨ',
  'トメ',
  'イチロウ',
  'ミツ',
  'シゲル',
  'フミ',
  'タケシ',
  'ヨシエ',
  'マサオ',
  'カズコ',
  'ススム',
];

export const DEMO_OFFICES = Array.from({ length: 12 }, (_, i) => `demo-kyotaku-${String(i + 1).padStart(2, '0')}`);
export const DEMO_NO_MAIL_OFFICE = 'demo-kyotaku-nomail';
/** One office takes its routine notices as one digest a day, at this Japan-time hour. */
export const DEMO_DIGEST_OFFICE = DEMO_OFFICES[11]!;
export const DEMO_DIGEST_HOUR = 17;

/** Admission at a daytime hour on day `day` after the start (Japan time 8:00–16:59). */
function daytime(start: number, day: number, r: ReturnType<typeof rng>): number {
  const midnightJst = Math.floor((start + JST_OFFSET_MS) / DAY) * DAY - JST_OFFSET_MS;
  return midnightJst + day * DAY + r.int(8, 16) * HOUR + r.int(0, 59) * 60_000;
}

export function demoPlan(opts: { end: number; cases?: number; seed?: number }): DemoCase[] {
  const total = opts.cases ?? 200;
  const r = rng(opts.seed ?? 5);
  const start = opts.end - 30 * DAY;
  const kinds: DemoKind[] = COUNTS.flatMap(([k, n]) => Array<DemoKind>(n).fill(k));
  while (kinds.length < total) kinds.push('normal');
  return kinds.slice(0, total).map((kind, index) => {
    // Stuck cases are admitted early enough for their deadline to have passed; planned-discharge
    // stuck cases early enough for the care-plan copy's 14 days to have run out.
    const day = kind === 'stuck_careplan' ? r.int(0, 3) : kind.startsWith('stuck_') ? r.int(1, 20) : r.int(0, 28);
    const admittedAt = daytime(start, day, r);
    const los = kind === 'stuck_careplan' ? 8 : r.int(8, 24);
    const routeB = kind === 'routeB' || kind === 'leak_nocm';
    return {
      index,
      kind,
      hospitalId: DEMO_HOSPITALS[index % DEMO_HOSPITALS.length]!,
      encounter: `DEMO-${String(index + 1).padStart(4, '0')}`,
      officeId:
        routeB || kind === 'stuck_identify'
          ? null
          : kind === 'stuck_nomail'
            ? DEMO_NO_MAIL_OFFICE
            : r.pick(DEMO_OFFICES),
      patient: {
        name: `${r.pick(FAMILY)} ${r.pick(GIVEN)}`,
        birthDate: `19${r.int(30, 50)}-0${r.int(1, 9)}-1${r.int(0, 9)}`,
      },
      admittedAt,
      endsAt: daytime(start, day + los, r),
      difficult: r.next() < 0.3,
    };
  });
}

/** Discharges home that happen before the demo's end, by Japan-time month: the leak rate's denominator and numerator. */
export function expectedLeaks(
  plan: DemoCase[],
  end: number,
): Map<string, { home: number; leaks: number; late: number }> {
  const out = new Map<string, { home: number; leaks: number; late: number }>();
  for (const c of plan) {
    if (!HOME_KINDS.includes(c.kind) || c.endsAt > end) continue;
    const month = jstWallClock(c.endsAt).slice(0, 7);
    const m = out.get(month) ?? { home: 0, leaks: 0, late: 0 };
    m.home++;
    if (SURVEY_LEAK_KINDS.includes(c.kind)) m.leaks++;
    if (LATE_NOTICE_KINDS.includes(c.kind)) m.late++;
    out.set(month, m);
  }
  return out;
}

export function stuckCases(plan: DemoCase[]): DemoCase[] {
  return plan.filter((c) => STUCK_KINDS.includes(c.kind));
}

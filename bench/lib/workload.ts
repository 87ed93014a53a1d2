import { DAY_MS } from '../../machines/time.js';

/**
 * The hospital side of one route-A stay, as webhook bodies: the one story every bench drives
 * (the ingest load, the Restate peer and the region simulator), so their numbers compare.
 */
export interface StoryStep {
  type: string;
  data: Record<string, unknown>;
  /** Typical hours after the previous step (the simulator scales and jitters them; loads ignore them). */
  afterHours: number;
}

const FAMILY = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤'];
const GIVEN = ['花子', '一郎', 'ハル', '正雄', '幸子', '清', 'トメ', '実'];

/** Synthetic, clearly fictitious patients: the bench never sees a real person. */
export function syntheticPatient(n: number): { name: string; birthDate: string } {
  const year = 1930 + (n % 25);
  const month = String(1 + (n % 12)).padStart(2, '0');
  const day = String(1 + (n % 28)).padStart(2, '0');
  return {
    name: `${FAMILY[n % FAMILY.length]} ${GIVEN[Math.floor(n / FAMILY.length) % GIVEN.length]}`,
    birthDate: `${year}-${month}-${day}`,
  };
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Admission to discharge home with a conference: seven hospital events, each a different kind
 * of write (a new case with its tasks, timers and notice; updates that set and clear deadlines).
 */
export function routeAStory(n: number, careOfficeId: string, admittedAtMs: number): StoryStep[] {
  return [
    { type: 'admitted', afterHours: 0, data: { patient: syntheticPatient(n), ward: '4階東病棟', careOfficeId } },
    { type: 'discharge_difficulty_screened', afterHours: 20, data: { difficult: true } },
    { type: 'treatment_plan_shared', afterHours: 30, data: { expectedLengthOfStayDays: 14 } },
    {
      type: 'discharge_planning_started',
      afterHours: 96,
      data: { expectedDischargeDate: isoDate(admittedAtMs + 13 * DAY_MS) },
    },
    {
      type: 'conference_scheduled',
      afterHours: 24,
      data: { at: new Date(admittedAtMs + 10 * DAY_MS).toISOString(), online: true },
    },
    {
      type: 'conference_held',
      afterHours: 72,
      data: { participants: [{ profession: 'msw' }, { profession: 'care_manager' }, { profession: 'nurse' }] },
    },
    { type: 'discharged', afterHours: 72, data: { destination: 'home', nursingSummarySent: true } },
  ];
}

export const STORY_LENGTH = 7;

/** A webhook body for one step of a stay. */
export function eventBody(hospitalizationId: string, step: StoryStep, occurredAt: string): string {
  return JSON.stringify({ type: step.type, hospitalizationId, occurredAt, data: step.data });
}

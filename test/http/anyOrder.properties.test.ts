// Both sides act in any order, over HTTP: signed hospital webhooks interleaved with care managers
// posting the task pages' forms, on the real server and a real libSQL file. Every answer a care
// manager posts to an open task is recorded (200) and leaves the task done, whatever the hospital
// reported in between. Seeded: ANY_ORDER_HTTP_SEED=<n> replays a run; fast-check prints the seed.
// The cheap machine-level property (test/machines/anyOrder.properties.test.ts) runs many more.
import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tasks } from '../../db/schema.js';
import { taskLink } from '../../engine/links/index.js';
import { addDays, jstDate } from '../../machines/calendar.js';
import {
  admittedEvent,
  plannedEvent,
  registerCareOffice,
  startTestServer,
  type TestServer,
} from '../support/server.js';

const SEED = Number(process.env.ANY_ORDER_HTTP_SEED ?? 20261313);
// Each run is a dozen requests to a real server: few runs, well under a minute on two cores.
const RUNS = 20;
const HOSPITAL = 'sanda-shimin';
const OFFICES = ['sanda-kyotaku-01', 'sanda-kyotaku-02'];
const START = '2026-12-04T10:30:00+09:00';

type Fact = { type: string; data: Record<string, unknown> };

/** Facts a hospital sends, plausible and in no particular order. */
const hospitalFact: fc.Arbitrary<(at: string) => Fact> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(...OFFICES).map((careOfficeId) => () => ({
      type: 'care_office_identified',
      data: { careOfficeId },
    })),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(...OFFICES).map((careOfficeId) => () => ({
      type: 'care_manager_assigned',
      data: { careOfficeId, expectedCareLevel: 'care' },
    })),
  },
  {
    weight: 1,
    arbitrary: fc.constant(() => ({
      type: 'eligibility_screened',
      data: { age: 82, criteria: ['eating'], wantsServices: true },
    })),
  },
  { weight: 1, arbitrary: fc.constant(() => ({ type: 'insurance_application_supported', data: { by: 'family' } })) },
  {
    weight: 3,
    arbitrary: fc.integer({ min: 1, max: 14 }).map((ahead) => (at: string) => ({
      type: 'discharge_planning_started',
      data: { expectedDischargeDate: addDays(jstDate(at), ahead) },
    })),
  },
  {
    weight: 2,
    arbitrary: fc.integer({ min: 1, max: 5 }).map((ahead) => (at: string) => ({
      type: 'conference_scheduled',
      data: { at: new Date(Date.parse(at) + ahead * 86_400_000).toISOString(), online: false },
    })),
  },
  {
    weight: 2,
    arbitrary: fc.constant(() => ({
      type: 'conference_held',
      data: { participants: [{ profession: 'nurse' }, { profession: 'care_manager' }] },
    })),
  },
  {
    weight: 1,
    arbitrary: fc.boolean().map((nursingSummarySent) => () => ({
      type: 'discharged',
      data: { destination: 'home', nursingSummarySent },
    })),
  },
  { weight: 1, arbitrary: fc.constant(() => ({ type: 'nursing_summary_sent', data: {} })) },
  // 入院予定: the planned admission takes place (refused, 409, on a stay already begun) or is called off.
  {
    weight: 3,
    arbitrary: fc.constantFrom<string | null>(...OFFICES, null).map((careOfficeId) => () => ({
      type: 'admitted',
      data: admittedEvent('', { careOfficeId }).data,
    })),
  },
  { weight: 1, arbitrary: fc.constant(() => ({ type: 'admission_plan_cancelled', data: {} })) },
);

type Move = { by: 'hospital'; fact: (at: string) => Fact } | { by: 'careManager'; pick: number };

const interleaving = fc.record({
  careOfficeId: fc.constantFrom<string | null>(OFFICES[0]!, null),
  usedCareServices: fc.boolean(),
  /** The case starts as a planned admission (入院予定), a few days ahead. */
  planned: fc.boolean(),
  moves: fc.array(
    fc.oneof(
      { weight: 3, arbitrary: hospitalFact.map((fact): Move => ({ by: 'hospital', fact })) },
      { weight: 2, arbitrary: fc.nat().map((pick): Move => ({ by: 'careManager', pick })) },
    ),
    { minLength: 4, maxLength: 14 },
  ),
  gapsMinutes: fc.array(fc.integer({ min: 5, max: 2 * 24 * 60 }), { minLength: 14, maxLength: 14 }),
});

/** A datetime-local value in Japan time, as the task page's form sends it. */
const localJst = (iso: string) => new Date(Date.parse(iso) + 9 * 3_600_000).toISOString().slice(0, 16);

/** The form a care manager submits for each kind of task. */
function formFor(kind: string, now: string): Record<string, string> {
  switch (kind) {
    case 'report_information_sheet':
      return { confirm: 'yes', providedAt: localJst(now), means: 'fax' };
    case 'confirm_care_plan_copy':
      return { confirm: 'yes', sentOn: jstDate(now) };
    case 'report_hospital_contact':
      return { confirm: 'yes', contactedAt: localJst(now) };
    case 'file_discharge_record':
      return { receivedOn: jstDate(now), time: '', place: 'hospital', keyPoints: '退院後は訪問看護を週1回' };
    default:
      return { confirm: 'yes' };
  }
}

describe(`both sides act in any order over HTTP: webhooks and task-page posts interleaved (seed ${SEED}, ANY_ORDER_HTTP_SEED to replay)`, () => {
  let s: TestServer;
  let encounter = 0;
  const db = () => s.running.deps.database.db;
  const openTasks = (caseId: string) =>
    db()
      .select()
      .from(tasks)
      .where(and(eq(tasks.caseId, caseId), eq(tasks.status, 'open')))
      .orderBy(tasks.kind);

  /** Posts the care manager's answer to a task from its link; the answer must be recorded and the task done. */
  async function answer(task: typeof tasks.$inferSelect, now: string) {
    // The discharge record is filed on its own form (退院・退所情報記録書), the other tasks on the task page.
    const link = await taskLink(s.running.deps, task);
    const res = await fetch(task.kind === 'file_discharge_record' ? `${link}/record` : link, {
      method: 'POST',
      body: new URLSearchParams(formFor(task.kind, now)),
    });
    const [after] = await db().select().from(tasks).where(eq(tasks.id, task.id));
    return { status: res.status, taskStatus: after?.status };
  }

  beforeAll(async () => {
    s = await startTestServer({ start: START });
    for (const [i, id] of OFFICES.entries()) await registerCareOffice(s, id, `cm${i}@kyotaku.example.jp`);
  });
  afterAll(async () => {
    await s.close();
  });

  it('A④ a conference reported before discharge planning (③ never sent on its own): accepted, discharge planning started recorded before it in the timeline, the discharge-start notice sent with the conference notice', async () => {
    const hospitalizationId = 'E-CONFERENCE-FIRST';
    s.clock.set(START);
    const admitted = await s.sendEvent(HOSPITAL, admittedEvent(hospitalizationId, { occurredAt: START }));
    const { caseId } = (await admitted.json()) as { caseId: string };
    const at = '2026-12-08T10:00:00+09:00';
    s.clock.set(at);
    const res = await s.sendEvent(HOSPITAL, {
      type: 'conference_scheduled',
      hospitalizationId,
      occurredAt: at,
      data: { at: '2026-12-10T14:00:00+09:00', online: false },
    });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { state: string }).state).toBe('preDischargeConference');
    const detail = (await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as {
      timeline: { kind: string; type?: string; source?: string; stateAfter?: string; notice?: string }[];
    };
    const events = detail.timeline.filter((e) => e.kind === 'event').map((e) => [e.type, e.source, e.stateAfter]);
    expect(events).toEqual([
      ['admitted', 'hospital', 'admissionNotice'],
      ['discharge_planning_started', 'system', 'dischargeStart'],
      ['conference_scheduled', 'hospital', 'preDischargeConference'],
    ]);
    const notices = detail.timeline.filter((e) => e.kind === 'notice').map((e) => e.notice);
    // The two notices of one event share their instant: their order is not the point.
    expect(notices.sort()).toEqual(['admission_notice', 'conference_notice', 'discharge_start_notice']);
  });

  it('A① whoever learns first: every task a care manager opens from a notice is recorded whatever the hospital reported meanwhile', async () => {
    await fc.assert(
      fc.asyncProperty(interleaving, async ({ careOfficeId, usedCareServices, planned, moves, gapsMinutes }) => {
        const hospitalizationId = `E-ANY-${++encounter}`;
        let t = START;
        s.clock.set(t);
        const first = { careOfficeId, occurredAt: t, expectedAdmissionDate: addDays(jstDate(t), 3) };
        const admitted = planned ? plannedEvent(hospitalizationId, first) : admittedEvent(hospitalizationId, first);
        const res = await s.sendEvent(HOSPITAL, { ...admitted, data: { ...admitted.data, usedCareServices } });
        expect(res.status).toBe(202);
        const { caseId } = (await res.json()) as { caseId: string };
        for (const [i, move] of moves.entries()) {
          t = new Date(Date.parse(t) + gapsMinutes[i]! * 60_000).toISOString();
          s.clock.set(t);
          if (move.by === 'hospital') {
            const fact = move.fact(t);
            const sent = await s.sendEvent(HOSPITAL, { ...fact, hospitalizationId, occurredAt: t });
            // The rule may refuse a hospital's fact (409, kept for review); never an error.
            expect([202, 409], `${fact.type}: ${sent.status}`).toContain(sent.status);
            continue;
          }
          const open = await openTasks(caseId);
          if (open.length === 0) continue;
          const task = open[move.pick % open.length]!;
          expect(await answer(task, t), `${task.kind} answered at move ${i}`).toEqual({
            status: 200,
            taskStatus: 'done',
          });
        }
        // Whatever is still open at the end can be answered too.
        for (const task of await openTasks(caseId))
          expect(await answer(task, t), `${task.kind} answered at the end`).toEqual({
            status: 200,
            taskStatus: 'done',
          });
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // Planned admissions add a request to half the runs: room for two shared cores, not a speed goal.
  }, 120_000);
});

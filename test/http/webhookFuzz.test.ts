import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, cases, outbox, tasks, timers } from '../../db/schema.js';
import { signWebhook } from '../../engine/crypto/index.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

// Seeded: WEBHOOK_FUZZ_SEED=<n> replays a run; fast-check prints the seed of a failing one.
const SEED = Number(process.env.WEBHOOK_FUZZ_SEED ?? 20261220);

const TYPES = [
  'admitted',
  'care_office_identified',
  'discharge_planning_started',
  'conference_scheduled',
  'conference_held',
  'discharged',
  'transferred',
  'died',
  'eligibility_screened',
  'care_manager_assigned',
  'event_retracted',
  'nursing_summary_sent',
];

const encounter = fc.constantFrom('E-1', 'E-2', 'E-3');
const at = fc
  .integer({ min: 0, max: 600 })
  .map((m) => new Date(Date.parse('2026-12-04T09:00:00+09:00') + m * 60_000).toISOString());
// Well-formed events in random order: a mix of accepted and refused-in-state (409).
const validEvent = fc
  .oneof(
    fc.record({
      type: fc.constant('admitted'),
      hospitalizationId: encounter,
      occurredAt: at,
      data: fc.constant({
        patient: { name: '山田 花子', birthDate: '1941-05-02' },
        ward: '4階東',
        careOfficeId: 'sanda-kyotaku-01',
      }),
    }),
    fc.record({
      type: fc.constant('discharge_planning_started'),
      hospitalizationId: encounter,
      occurredAt: at,
      data: fc.constant({ expectedDischargeDate: '2026-12-20' }),
    }),
    fc.record({
      type: fc.constant('conference_held'),
      hospitalizationId: encounter,
      occurredAt: at,
      data: fc.constant({ participants: [{ profession: 'nurse' }, { profession: 'care_manager' }] }),
    }),
    fc.record({
      type: fc.constant('discharged'),
      hospitalizationId: encounter,
      occurredAt: at,
      data: fc.constantFrom(
        { destination: 'home', nursingSummarySent: true },
        { destination: 'facility', nursingSummarySent: false },
      ),
    }),
    fc.record({
      type: fc.constant('event_retracted'),
      hospitalizationId: encounter,
      occurredAt: at,
      data: fc.record({ webhookId: fc.constantFrom('fz-1', 'fz-2', 'fz-3'), reason: fc.constant('誤送信') }),
    }),
  )
  .map((o) => ({ raw: JSON.stringify(o) }));

// Issue 20, item 10: an admission well-formed but for one implausible value, and the field a 400 must name.
// The other fields are valid, so nothing but that value can be the reason for the refusal.
const oddText = fc.constantFrom(
  '   ',
  '\u3000\u3000',
  '\t',
  '山田\u0000花子',
  '山田\u202E花子',
  '山田\uD800花子',
  '山田\uDFFF花子',
  '\u202E',
  '山田\r\n花子',
);
const implausible = fc.oneof(
  fc
    .constantFrom('0001', '1900', '1999', '2999')
    .map((year) => ({ field: 'occurredAt', edit: { occurredAt: `${year}-12-04T10:30:00+09:00` } })),
  fc
    .constantFrom('0000-01-01', '0001-01-01', '1899-12-31', '2999-01-01', '2026-12-05')
    .map((birthDate) => ({ field: 'data.patient.birthDate', edit: { birthDate } })),
  oddText.map((name) => ({ field: 'data.patient.name', edit: { name } })),
  oddText.map((hospitalizationId) => ({ field: 'hospitalizationId', edit: { hospitalizationId } })),
  oddText.map((careOfficeId) => ({ field: 'data.careOfficeId', edit: { careOfficeId } })),
  fc.constantFrom('   ', '\u3000').map((ward) => ({ field: 'data.ward', edit: { ward } })),
);
const implausibleAdmission = fc
  .tuple(fc.integer({ min: 1, max: 1_000_000 }), implausible)
  .map(([n, { field, edit }]) => {
    const event = admittedEvent(`E-odd-${n}`) as ReturnType<typeof admittedEvent> & { occurredAt: string };
    const e = edit as Partial<
      Record<'occurredAt' | 'birthDate' | 'name' | 'hospitalizationId' | 'careOfficeId' | 'ward', string>
    >;
    if (e.occurredAt) event.occurredAt = e.occurredAt;
    if (e.hospitalizationId !== undefined) event.hospitalizationId = e.hospitalizationId;
    if (e.birthDate) event.data.patient.birthDate = e.birthDate;
    if (e.name !== undefined) event.data.patient.name = e.name;
    if (e.careOfficeId !== undefined) event.data.careOfficeId = e.careOfficeId;
    if (e.ward !== undefined) event.data.ward = e.ward;
    return { raw: JSON.stringify(event), refusedField: field };
  });

// Inputs a broken or hostile integrator might send, all correctly signed so they reach validation.
type Input = { raw: string | Uint8Array<ArrayBuffer>; refusedField?: string };
const body: fc.Arbitrary<Input> = fc.oneof(
  { arbitrary: implausibleAdmission, weight: 2 },
  { arbitrary: validEvent, weight: 4 },
  fc.json().map((j) => ({ raw: j })),
  fc
    .record({
      type: fc.oneof(fc.constantFrom(...TYPES), fc.string()),
      hospitalizationId: fc.oneof(fc.constantFrom('E-1', 'E-2', 'E-3'), fc.string(), fc.integer()),
      occurredAt: fc.oneof(
        fc.constant('2026-12-04T10:30:00+09:00'),
        fc.constant('2026-12-04T10:40:00+09:00'),
        fc.string(),
        fc.constant(null),
      ),
      data: fc.oneof(
        fc.record({
          patient: fc.record({ name: fc.string(), birthDate: fc.oneof(fc.constant('1941-05-02'), fc.string()) }),
          ward: fc.string(),
          careOfficeId: fc.constantFrom('sanda-kyotaku-01', null, 'nope'),
        }),
        fc.record({ expectedDischargeDate: fc.oneof(fc.constant('2026-12-20'), fc.string()) }),
        fc.record({
          destination: fc.constantFrom('home', 'facility', 'mars'),
          nursingSummarySent: fc.oneof(fc.boolean(), fc.string()),
        }),
        fc.record({
          participants: fc.array(fc.record({ profession: fc.constantFrom('nurse', 'care_manager', 'wizard') }), {
            maxLength: 4,
          }),
        }),
        fc.record({ webhookId: fc.constantFrom('fz-1', 'fz-2', 'fz-3'), reason: fc.string() }),
        fc.anything(),
      ),
    })
    .map((o) => ({ raw: JSON.stringify(o) })),
  fc
    .string({ minLength: 60_000, maxLength: 70_000 })
    .map((s) => ({ raw: JSON.stringify({ type: 'admitted', pad: s }) })),
  fc.integer({ min: 500, max: 3000 }).map((n) => ({ raw: '['.repeat(n) + ']'.repeat(n) })),
  fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => ({ raw: bytes })),
);

describe(`webhook fuzz: random, wrong, huge, deep, badly encoded, out-of-order and duplicated input (seed ${SEED}, WEBHOOK_FUZZ_SEED to replay)`, () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ smtp: false, env: { WEBHOOK_RATE_PER_MINUTE: '0' } });
    await registerCareOffice(s);
  });
  afterAll(async () => {
    await s.close();
  });

  it('always a clear 4xx problem+json or a 202, never a 500, never a partial write, nothing accepted lost', async () => {
    const secret = await s.secretFor('sanda-shimin');
    const { db } = s.running.deps.database;
    const storedRows = async () => (await db.select().from(cases)).length + (await db.select().from(caseEvents)).length;
    const accepted = new Set<string>();
    const counts: Record<number, number> = {};
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(body, fc.integer({ min: 1, max: 40 }), async ({ raw, refusedField }, idn) => {
        tried++;
        // A small id space: many duplicates and replays. An implausible input gets its own id, so that
        // its answer is its own and not the first answer to a repeated id.
        const id = refusedField ? `fz-odd-${tried}` : `fz-${idn}`;
        // The sweep a 202 kicks off runs after its answer and may log a case's own events (a notice that
        // could not be sent): wait for it, so that the count before and after an implausible input is its own.
        if (refusedField) await s.running.idle();
        const stored = refusedField ? await storedRows() : 0;
        const ts = Math.floor(Date.now() / 1000);
        const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
        const res = await fetch(`${s.base}/v1/hospitals/sanda-shimin/events`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'webhook-id': id,
            'webhook-timestamp': String(ts),
            'webhook-signature': await signWebhook(secret, id, ts, bytes),
          },
          body: bytes,
        });
        counts[res.status] = (counts[res.status] ?? 0) + 1;
        expect([202, 400, 409, 413, 422]).toContain(res.status);
        if (refusedField) expect(res.status, refusedField).toBe(400);
        if (res.status === 202) accepted.add(id);
        else {
          expect(res.headers.get('content-type')).toContain('application/problem+json');
          const problem = (await res.json()) as {
            status: number;
            detail: string;
            type: string;
            errors?: { field: string }[];
          };
          expect(problem.status).toBe(res.status);
          expect(problem.detail.length).toBeGreaterThan(0);
          if (refusedField) {
            // An implausible value is refused naming its field, and nothing of it is stored.
            expect([...new Set(problem.errors?.map((e) => e.field))]).toEqual([refusedField]);
            await s.running.idle();
            expect(await storedRows()).toBe(stored);
          }
        }
      }),
      { numRuns: 500, seed: SEED },
    );

    const allCases = await db.select().from(cases);
    const events = await db.select().from(caseEvents);
    // Every case's version is exactly the number of its logged events: no half-written commit.
    for (const c of allCases) expect(events.filter((e) => e.caseId === c.id)).toHaveLength(c.version);
    const ids = new Set(allCases.map((c) => c.id));
    for (const table of [outbox, timers, tasks]) {
      for (const row of await db.select({ caseId: table.caseId }).from(table))
        expect(row.caseId !== null && ids.has(row.caseId)).toBe(true);
    }
    // Every webhook id ever answered 202 is in the log as an accepted event: accepted-but-lost = 0.
    const logged = new Set(
      events
        .filter((e) => e.outcome === 'accepted' && e.dedupeKey?.startsWith('wh:'))
        .map((e) => e.dedupeKey!.split(':')[2]),
    );
    const lost = [...accepted].filter((id) => !logged.has(id));
    expect(lost).toEqual([]);
    expect(accepted.size).toBeGreaterThan(0);
    // Every kind of answer the generators aim at happens: refusals of the state, of the body and of the size.
    for (const status of [409, 400, 413]) expect(counts[status] ?? 0, String(status)).toBeGreaterThan(0);
    console.log(
      `webhook fuzz: inputs tried ${tried}, answers ${JSON.stringify(counts)}, accepted ${accepted.size}, accepted-but-lost ${lost.length}, 5xx ${Object.keys(counts).filter((k) => Number(k) >= 500).length}`,
    );
  });
});

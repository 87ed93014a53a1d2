import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, cases, outbox, tasks, timers } from '../../db/schema.js';
import { signWebhook } from '../../engine/crypto/index.js';
import { registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

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

// Inputs a broken or hostile integrator might send, all correctly signed so they reach validation.
const body = fc.oneof(
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

describe('webhook fuzz: random, wrong, huge, deep, badly encoded, out-of-order and duplicated input', () => {
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
    const accepted = new Set<string>();
    const counts: Record<number, number> = {};
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(body, fc.integer({ min: 1, max: 40 }), async ({ raw }, idn) => {
        tried++;
        const id = `fz-${idn}`; // a small id space: many duplicates and replays
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
        if (res.status === 202) accepted.add(id);
        else {
          expect(res.headers.get('content-type')).toContain('application/problem+json');
          const problem = (await res.json()) as { status: number; detail: string; type: string };
          expect(problem.status).toBe(res.status);
          expect(problem.detail.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );

    const { db } = s.running.deps.database;
    const allCases = await db.select().from(cases);
    const events = await db.select().from(caseEvents);
    // Every case's version is exactly the number of its logged events: no half-written commit.
    for (const c of allCases) expect(events.filter((e) => e.caseId === c.id)).toHaveLength(c.version);
    const ids = new Set(allCases.map((c) => c.id));
    for (const table of [outbox, timers, tasks]) {
      for (const row of await db.select({ caseId: table.caseId }).from(table)) expect(ids.has(row.caseId)).toBe(true);
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
    expect(counts[409] ?? 0).toBeGreaterThan(0);
    console.log(
      `webhook fuzz: inputs tried ${tried}, answers ${JSON.stringify(counts)}, accepted ${accepted.size}, accepted-but-lost ${lost.length}, 5xx ${Object.keys(counts).filter((k) => Number(k) >= 500).length}`,
    );
  });
});

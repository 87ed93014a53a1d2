import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, lte } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import type { LibsqlDatabase } from '../../db/database.js';
import { caseEvents, cases, deliveryAttempts, inboundRejections, outbox, timers } from '../../db/schema.js';
import { prng } from '../../scripts/prng.js';
import { ADMIN_TOKEN, serviceClient } from '../support/client.js';
import { firedTimersAndTheirEvents } from '../support/invariants.js';
import { type ServerProcess, startServerProcess } from '../support/processes.js';
import { admittedEvent, registerCareOffice } from '../support/server.js';
import { signedEventInit } from '../support/signed.js';
import { startSmtp, type TestSmtp } from '../support/smtp.js';

const SENDS_IN_FLIGHT = 2;
/** How long a (re)start may take: on a shared, loaded machine tsx compiling the app can take more than 30 s. */
const RESTART_MS = 90_000;
const CONCURRENCY = 6;
const HOSPITALS = ['sanda-shimin', 'sanda-hyogo-chuo'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Delivery {
  id: string;
  hospital: string;
  body: unknown;
  status: number | null;
  attempts: number;
  firstAt: number;
}

/**
 * Each commit mode is killed on its own file: one transaction per event on the main thread
 * (RENKEI_GROUP_COMMIT=0 RENKEI_WRITE_THREAD=0), and the default, group commit on the write thread
 * (the events that arrive together share one transaction committed on its own thread; a kill lands
 * in a group, or while the thread syncs). One seed per kill; CRASH_SEEDS / CRASH_GROUP_SEEDS=1,2,3 replays a failing run. Group
 * commit gets fewer kills and cases, to keep the file's time reasonable on two cores.
 */
const MODES: {
  name: string;
  env: Record<string, string>;
  replay: string;
  seeds: number[];
  cases: number;
  /** Sends a kill can catch between the provider's acceptance and their record. */
  unrecordedPerKill: number;
}[] = [
  {
    // Every write on its own, the dispatch's records too: a kill catches at most the sends in flight.
    name: 'one commit per event, on the main thread',
    env: { RENKEI_GROUP_COMMIT: '0', RENKEI_WRITE_THREAD: '0', RENKEI_DISPATCH_GROUP_COMMIT: '0' },
    unrecordedPerKill: SENDS_IN_FLIGHT,
    replay: 'CRASH_SEEDS',
    seeds: (process.env.CRASH_SEEDS ?? '20260801,7,1234567,99991,424242').split(',').map(Number),
    cases: 40,
  },
  {
    // The dispatch's records wait for one another (RENKEI_DISPATCH_GROUP_COMMIT, on by default): a kill
    // catches at most a claimed chunk's sends (engine/notices/outbox.ts: max(10, 2 × the concurrency)).
    name: 'the default: group commit on the write thread',
    env: {},
    unrecordedPerKill: Math.max(10, 2 * SENDS_IN_FLIGHT),
    replay: 'CRASH_GROUP_SEEDS',
    seeds: (process.env.CRASH_GROUP_SEEDS ?? '20261201,31,777').split(',').map(Number),
    cases: 24,
  },
];

describe.each(MODES)(
  'crash safety, $name',
  ({ name: mode, env: modeEnv, replay, seeds: SEEDS, cases: CASES, unrecordedPerKill }) => {
    describe(`a server killed with SIGKILL ${SEEDS.length} times (seeds ${SEEDS.join(',')}) while taking webhooks and sweeping`, () => {
      let dir: string;
      let smtp: TestSmtp;
      let server: ServerProcess;
      let database: LibsqlDatabase;
      let env: Record<string, string>;
      const deliveries: Delivery[] = [];
      const secrets = new Map<string, string>();
      const counts = { kills: 0, requests: 0, ok: 0, retries: 0, acceptedButLost: -1 };
      const startedAt = Date.now();

      beforeAll(async () => {
        dir = await mkdtemp(join(tmpdir(), 'renkei-crash-'));
        smtp = await startSmtp();
        env = {
          DATABASE_URL: `file:${join(dir, 'crash.db')}`,
          RENKEI_ADMIN_TOKEN: ADMIN_TOKEN,
          RENKEI_TEST_CLOCK: '1',
          SCHEDULE_INTERVAL_SECONDS: '1',
          WEBHOOK_RATE_PER_MINUTE: '0',
          SMTP_URL: smtp.url,
          PUBLIC_BASE_URL: 'http://renkei.test',
          RENKEI_SECRET: 'a-shared-task-link-key-of-32-chars-or-more',
          // Sends run side by side, at most this many at once: what a kill can catch in flight.
          NOTIFIER_CONCURRENCY: String(SENDS_IN_FLIGHT),
          ...modeEnv,
        };
        server = await startServerProcess(env, RESTART_MS);
        const client = serviceClient((path, init) => fetch(`${server.base}${path}`, init));
        await registerCareOffice(client);
        for (const h of HOSPITALS) secrets.set(h, await client.secretFor(h));
        database = await openDatabase(env.DATABASE_URL!);
      }, 2 * RESTART_MS);

      afterAll(async () => {
        await server?.stop();
        database?.close();
        await smtp?.close();
        await rm(dir, { recursive: true, force: true });
      });

      it('takes every delivery in the end: a delivery without a 2xx is retried with its webhook-id until it gets one', async () => {
        console.log(`crash (${mode}): seeds ${SEEDS.join(',')} (${replay} to replay)`);
        // Admitted four days ago: the information-sheet deadlines are due at once, so the sweeps fire
        // timers and send notices while the deliveries arrive and the kills land.
        const base = Date.now() - 4 * 24 * 3600_000;
        const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();
        const plans = Array.from({ length: CASES }, (_, i) => {
          const encounter = `E-crash-${i}`;
          const hospital = HOSPITALS[i % HOSPITALS.length]!;
          const bodies = [
            admittedEvent(encounter, { occurredAt: at(0) }),
            {
              type: 'discharge_planning_started',
              hospitalizationId: encounter,
              occurredAt: at(60),
              data: { expectedDischargeDate: '2026-12-31' },
            },
            {
              type: 'conference_scheduled',
              hospitalizationId: encounter,
              occurredAt: at(120),
              data: { at: '2026-12-20T14:00:00+09:00', online: true },
            },
            {
              type: 'conference_scheduled',
              hospitalizationId: encounter,
              occurredAt: at(121),
              data: { at: '2026-12-21T14:00:00+09:00', online: false },
            },
          ];
          return bodies.map(
            (body, k): Delivery => ({
              id: `msg-crash-${i}-${k}`,
              hospital,
              body,
              status: null,
              attempts: 0,
              firstAt: 0,
            }),
          );
        });
        deliveries.push(...plans.flat());

        let sinceRestart = 0;
        let generating = true;
        // Standard Webhooks senders retry what got no 2xx, with the same webhook-id, signed afresh.
        const deliver = async (d: Delivery) => {
          for (;;) {
            d.attempts++;
            counts.requests++;
            sinceRestart++;
            if (d.attempts > 1) counts.retries++;
            // A bound in time, not in tries: a refused connection fails at once, and a restart on a loaded
            // shared machine can take longer than 300 quick tries.
            if (d.attempts === 1) d.firstAt = Date.now();
            if (Date.now() - d.firstAt > 90_000) throw new Error(`${d.id} never got a 2xx in 90 s (last ${d.status})`);
            try {
              const init = await signedEventInit(secrets.get(d.hospital)!, d.body, { id: d.id });
              const res = await fetch(`${server.base}/v1/hospitals/${d.hospital}/events`, init);
              await res.arrayBuffer();
              d.status = res.status;
              if (res.ok) {
                counts.ok++;
                return;
              }
            } catch {
              d.status = null; // connection refused or reset: the process is down
            }
            await sleep(50);
          }
        };
        let next = 0;
        const generator = Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            while (next < plans.length) for (const d of plans[next++]!) await deliver(d);
          }),
        ).finally(() => {
          generating = false;
        });

        for (const seed of SEEDS) {
          const random = prng(seed);
          const afterRequests = 1 + Math.floor(random() * 40);
          const afterMs = Math.floor(random() * 400);
          while (sinceRestart < afterRequests && generating) await sleep(5);
          await sleep(afterMs);
          await server.kill();
          counts.kills++;
          server = await startServerProcess(env, RESTART_MS);
          sinceRestart = 0;
        }
        await generator;
        expect(deliveries.filter((d) => d.status === null || d.status < 200 || d.status >= 300)).toEqual([]);
        expect(counts.kills).toBe(SEEDS.length);
        // Each kill costs a restart of the process: on a loaded shared machine that is many seconds.
      }, 480_000);

      it('after the final sweeps: every queued notice is sent, no timer is left due', async () => {
        // First the live process's own sweeps drain what they can: what stays pending, unchanged, is
        // leased by a killed process. (Sweeping "later" while the live process still sends would make its
        // live leases look lapsed and send those twice: a clock jump, not a crash.)
        let last = -1;
        for (let stable = 0; stable < 3; ) {
          await sleep(1000);
          const pending = await database.db.select().from(outbox).where(eq(outbox.status, 'pending'));
          const unleased = pending.filter((r) => !r.claimedUntil || r.claimedUntil < Date.now());
          stable = unleased.length === 0 && pending.length === last ? stable + 1 : 0;
          last = pending.length;
        }
        // Leases taken by a killed process lapse (5 min for notices, 1 min for timers): the last sweeps
        // run past them, as the next minutes of a restarted service would.
        const later = new Date(Date.now() + 10 * 60_000).toISOString();
        const client = serviceClient((path, init) => fetch(`${server.base}${path}`, init));
        for (let i = 0; i < 20; i++) {
          const res = await client.admin('/v1/scheduled', { method: 'POST', body: { now: later } });
          expect(res.status).toBe(200);
          const pendingNotices = await database.db.select().from(outbox).where(eq(outbox.status, 'pending'));
          const dueTimers = await database.db
            .select()
            .from(timers)
            .where(and(eq(timers.status, 'pending'), lte(timers.dueAt, Date.parse(later))));
          if (pendingNotices.length === 0 && dueTimers.length === 0) break;
          await sleep(200);
        }
        expect(
          await database.db
            .select()
            .from(timers)
            .where(and(eq(timers.status, 'pending'), lte(timers.dueAt, Date.parse(later)))),
        ).toEqual([]);
        expect((await database.db.select().from(outbox)).filter((r) => r.status !== 'sent')).toEqual([]);
      }, 90_000);

      it("every event that got a 2xx is in the event log, and each case's seqs are contiguous up to its version", async () => {
        const [events, rows, rejections] = await database.db.batch([
          database.db
            .select({ caseId: caseEvents.caseId, seq: caseEvents.seq, dedupeKey: caseEvents.dedupeKey })
            .from(caseEvents),
          database.db.select().from(cases),
          database.db.select().from(inboundRejections),
        ]);
        const keys = new Set(events.map((e) => e.dedupeKey));
        const lost = deliveries.filter((d) => d.status === 202 && !keys.has(`wh:${d.hospital}:${d.id}`));
        counts.acceptedButLost = lost.length;
        expect(lost).toEqual([]);
        expect(rows).toHaveLength(CASES);
        // No retry arrived before its case existed, nor was refused: each was a replay or a first commit.
        expect(rejections).toEqual([]);
        const broken = rows.flatMap((row) => {
          const seqs = events
            .filter((e) => e.caseId === row.id)
            .map((e) => e.seq)
            .sort((a, b) => a - b);
          return seqs.every((seq, i) => seq === i + 1) && seqs.length === row.version
            ? []
            : [{ case: row.hospitalizationId, version: row.version, seqs }];
        });
        expect(broken).toEqual([]);
      });

      it('no timer lost or fired twice: each fired timer has exactly one event', async () => {
        const { fired, events } = await firedTimersAndTheirEvents(database);
        expect(fired.length).toBeGreaterThanOrEqual(CASES);
        expect(events).toEqual(fired);
      });

      it('every notice went out at least once under its own Message-ID; a duplicate only where a kill fell between send and record', async () => {
        const notices = await database.db.select().from(outbox);
        const seen = new Map<string, number>();
        for (const m of smtp.mails) seen.set(m.messageId ?? '', (seen.get(m.messageId ?? '') ?? 0) + 1);
        const expected = new Set(notices.map((r) => `<${r.id}@renkei>`));
        expect([...expected].filter((id) => !seen.has(id))).toEqual([]);
        expect([...seen.keys()].filter((id) => !expected.has(id))).toEqual([]);
        const duplicates = [...seen.values()].reduce((n, c) => n + c - 1, 0);
        // One sweep at a time per process: a kill can interrupt at most the mode's unrecorded sends.
        expect(duplicates).toBeLessThanOrEqual(counts.kills * unrecordedPerKill);
        expect([...seen.values()].every((c) => c <= 2)).toBe(true);
        // The result of each send is recorded once, whatever was resent.
        const sentAttempts = await database.db
          .select({ outboxId: deliveryAttempts.outboxId })
          .from(deliveryAttempts)
          .where(eq(deliveryAttempts.status, 'sent'));
        expect(sentAttempts.map((a) => a.outboxId).sort()).toEqual(notices.map((r) => r.id).sort());
        // A discharge-start notice that went out is known to the case (else the rule would count a leak).
        const delivered = new Set(
          (
            await database.db
              .select({ key: caseEvents.dedupeKey })
              .from(caseEvents)
              .where(eq(caseEvents.source, 'system'))
          ).map((e) => e.key),
        );
        expect(
          notices
            .filter((r) => r.notice === 'discharge_start_notice' && !delivered.has(`delivered:${r.id}`))
            .map((r) => r.id),
        ).toEqual([]);

        console.log(
          `crash (${mode}): kills ${counts.kills}, deliveries ${deliveries.length}, 2xx ${counts.ok}, retries ${counts.retries}, ` +
            `notices ${notices.length}, duplicate sends ${duplicates}, accepted-but-lost ${counts.acceptedButLost} ` +
            `in ${Math.round((Date.now() - startedAt) / 1000)} s`,
        );
      });
    });
  },
);

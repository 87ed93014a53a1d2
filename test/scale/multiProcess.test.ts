import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, lte, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import type { LibsqlDatabase } from '../../db/database.js';
import { caseEvents, cases, deliveryAttempts, inboundRejections, outbox, timers } from '../../db/schema.js';
import { ADMIN_TOKEN, type ServiceClient, serviceClient } from '../support/client.js';
import { firedTimersAndTheirEvents } from '../support/invariants.js';
import { type ServerProcess, startServerProcess } from '../support/processes.js';
import { admittedEvent, registerCareOffice } from '../support/server.js';
import { startSmtp, type TestSmtp } from '../support/smtp.js';
import { waitUntil } from '../support/wait.js';

const PROCESSES = 4;
const CASES = 200;
const CONFERENCES = 3;
const HOSPITALS = ['sanda-shimin', 'sanda-hyogo-chuo', 'sanda-hirashima', 'sanda-aino'];

/** Runs tasks with at most `limit` in flight (a hospital system's connection pool). */
async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

describe(`scale-out: ${PROCESSES} Node processes on one libSQL file, ${CASES} cases, events interleaved, sweeps concurrent`, () => {
  let dir: string;
  let smtp: TestSmtp;
  let servers: ServerProcess[] = [];
  let clients: ServiceClient[] = [];
  let database: LibsqlDatabase;
  const sent: { webhookId: string; encounter: string; status: number }[] = [];
  const secrets = new Map<string, string>();
  const startedAt = Date.now();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'renkei-scale-'));
    smtp = await startSmtp();
    const env = {
      DATABASE_URL: `file:${join(dir, 'shared.db')}`,
      RENKEI_ADMIN_TOKEN: ADMIN_TOKEN,
      RENKEI_TEST_CLOCK: '1',
      SCHEDULE_INTERVAL_SECONDS: '1',
      SMTP_URL: smtp.url,
      PUBLIC_BASE_URL: 'http://renkei.test',
      RENKEI_SECRET: 'a-shared-task-link-key-of-32-chars-or-more',
    };
    // All four start at once on a new file: migrations and directory sync race, as a rollout's would.
    servers = await Promise.all(Array.from({ length: PROCESSES }, () => startServerProcess(env)));
    clients = servers.map((s) => serviceClient((path, init) => fetch(`${s.base}${path}`, init)));
    database = await openDatabase(env.DATABASE_URL);
    await registerCareOffice(clients[0]!);
    for (const h of HOSPITALS) secrets.set(h, await clients[0]!.secretFor(h));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    database?.close();
    await smtp?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('takes every delivery while the processes sweep concurrently: all answered 202, none refused', async () => {
    // Admitted four days ago: the information-sheet reminder and deadline are due at once, so the
    // in-process sweeps of all four processes race to fire them while the events arrive.
    const occurredAt = new Date(Date.now() - 4 * 24 * 3600_000).toISOString();
    const at = (minutes: number) => new Date(Date.now() - 4 * 24 * 3600_000 + minutes * 60_000).toISOString();
    let n = 0;
    const deliver = async (
      hospital: string,
      body: { hospitalizationId: string },
      id = `msg-scale-${++n}`,
      via = n % PROCESSES,
    ) => {
      const res = await clients[via]!.sendEvent(hospital, body, { id, secret: secrets.get(hospital)! });
      sent.push({ webhookId: id, encounter: body.hospitalizationId, status: res.status });
      return id;
    };
    let sweeping = true;
    const sweeps = (async () => {
      for (let _i = 0; sweeping; _i++) {
        await Promise.all(clients.map((c) => c.admin('/v1/scheduled', { method: 'POST', body: {} })));
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const encounters = Array.from({ length: CASES }, (_, i) => ({
      encounter: `E-scale-${i}`,
      hospital: HOSPITALS[i % HOSPITALS.length]!,
    }));
    await pool(encounters, 24, async ({ encounter, hospital }) => {
      // Every tenth admission is delivered twice at once through two processes (a hospital's
      // retry racing its original): one case, one event, one notice.
      const copies = Number(encounter.split('-').at(-1)) % 10 === 0 ? 2 : 1;
      const admissionId = `msg-scale-admit-${encounter}`;
      await Promise.all(
        Array.from({ length: copies }, (_, k) =>
          deliver(hospital, admittedEvent(encounter, { occurredAt }), admissionId, k),
        ),
      );
      await deliver(hospital, {
        type: 'discharge_planning_started',
        hospitalizationId: encounter,
        occurredAt: at(60),
        data: { expectedDischargeDate: '2026-12-31' },
      } as never);
      await Promise.all(
        Array.from({ length: CONFERENCES }, (_, k) =>
          deliver(
            hospital,
            {
              type: 'conference_scheduled',
              hospitalizationId: encounter,
              occurredAt: at(120 + k),
              data: { at: `2026-12-${String(20 + k).padStart(2, '0')}T14:00:00+09:00`, online: k % 2 === 0 },
            } as never,
            undefined,
            k,
          ),
        ),
      );
    });
    sweeping = false;
    await sweeps;
    expect(sent.filter((s) => s.status !== 202)).toEqual([]);
    expect(await database.db.select().from(inboundRejections)).toEqual([]);
  }, 240_000);

  it('no lost update: every delivery is in the event log exactly once, and each case version counts its events', async () => {
    // One read transaction: the sweeps may still be firing timers, which add events and versions.
    const [events, rows] = await database.db.batch([
      database.db
        .select({
          caseId: caseEvents.caseId,
          seq: caseEvents.seq,
          dedupeKey: caseEvents.dedupeKey,
          source: caseEvents.source,
        })
        .from(caseEvents),
      database.db.select().from(cases),
    ]);
    const hospitalKeys = events.filter((e) => e.source === 'hospital').map((e) => e.dedupeKey!.split(':').at(-1));
    const distinctSent = [...new Set(sent.map((s) => s.webhookId))];
    expect(hospitalKeys.sort()).toEqual(distinctSent.sort());
    expect(rows).toHaveLength(CASES);
    const broken = rows.flatMap((row) => {
      const seqs = events
        .filter((e) => e.caseId === row.id)
        .map((e) => e.seq)
        .sort((a, b) => a - b);
      const conferences = (row.snapshot as { context: { conferences: unknown[] } }).context.conferences.length;
      const contiguous = seqs.every((seq, i) => seq === i + 1) && seqs.length === row.version;
      return contiguous && conferences === CONFERENCES
        ? []
        : [{ case: row.hospitalizationId, version: row.version, seqs, conferences }];
    });
    expect(broken).toEqual([]);
  });

  it('no timer fired twice: each fired timer has exactly one event, and none is left due', async () => {
    await waitUntil(
      async () =>
        (
          await database.db
            .select()
            .from(timers)
            .where(and(eq(timers.status, 'pending'), lte(timers.dueAt, Date.now())))
        ).length === 0,
      30_000,
    );
    const { fired, events } = await firedTimersAndTheirEvents(database);
    expect(fired.length).toBeGreaterThanOrEqual(CASES);
    expect(events).toEqual(fired);
  });

  it('no notice sent twice: the SMTP server receives each notice id once, and every notice is sent', async () => {
    await waitUntil(
      async () => (await database.db.select().from(outbox).where(eq(outbox.status, 'pending'))).length === 0,
      110_000,
      () => 'every notice sent',
    );
    const notices = await database.db.select().from(outbox);
    expect(notices.filter((r) => r.status !== 'sent')).toEqual([]);
    const kinds = new Map<string, number>();
    for (const r of notices) kinds.set(r.notice, (kinds.get(r.notice) ?? 0) + 1);
    // Every case: the admission, the discharge start, each conference, and the overdue notice for the
    // information sheet nobody reported (no reminder: the sheet was already overdue when its reminder
    // timer came up).
    expect(Object.fromEntries(kinds)).toEqual({
      admission_notice: CASES,
      discharge_start_notice: CASES,
      conference_notice: CASES * CONFERENCES,
      deadline_overdue_notice: CASES,
    });
    // Nothing failed on the way: no attempt lost to a busy database or a doubled claim.
    expect(await database.db.select().from(deliveryAttempts).where(ne(deliveryAttempts.status, 'sent'))).toEqual([]);
    await smtp.waitFor(notices.length, 10_000);
    const ids = smtp.mails.map((m) => m.messageId);
    const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(twice).toEqual([]);
    expect(ids.sort()).toEqual(notices.map((r) => `<${r.id}@renkei>`).sort());
  }, 120_000);

  it('every process took its share and none logged an unhandled error', () => {
    for (const s of servers) {
      expect(
        s.logs.some((l) => l.includes('"message":"event recorded"') || l.includes('"message":"case admitted"')),
      ).toBe(true);
      expect(s.logs.filter((l) => /"level":"error"/.test(l))).toEqual([]);
    }
    console.log(
      `scale-out: ${sent.length} deliveries, ${smtp.mails.length} mails in ${Math.round((Date.now() - startedAt) / 1000)} s`,
    );
  });

  it('reports the database size per case (the README sizes deployments with it)', async () => {
    const rs = await database.client.execute(
      'SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()',
    );
    const perCase = Number(rs.rows[0]!.bytes) / CASES;
    console.log(
      `scale-out: ${Math.round(perCase / 1024)} KiB of database per case (${CONFERENCES + 2} notices, ~${CONFERENCES + 4} events each)`,
    );
    expect(perCase).toBeGreaterThan(1024);
  });
});

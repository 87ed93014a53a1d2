import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libsqlDatabase } from '../../db/database.js';
import { outbox } from '../../db/schema.js';
import { groupCommit } from '../../engine/cases/index.js';
import { readConfig } from '../../engine/config.js';
import type { Deps } from '../../engine/deps.js';
import { issueWebhookSecret, upsertCareOffice } from '../../engine/directory/index.js';
import { silentLogger } from '../../engine/log.js';
import { runScheduled } from '../../engine/sweep/index.js';
import { createApp } from '../../functions/app.js';
import { startEngine } from '../../functions/runtime.js';
import { type Call, counting } from '../support/countingClient.js';
import { startHrana, type TestHrana } from '../support/hranaServer.js';
import { admittedEvent, testClock } from '../support/server.js';
import { signedEventInit } from '../support/signed.js';

describe('one hospital event costs at most two round trips: one read batch, one write batch', () => {
  let dir: string;
  let deps: Deps;
  let setup: Deps;
  let secret: string;
  const calls: Call[] = [];
  const hospital = 'sanda-shimin';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'renkei-rt-'));
    const url = `file:${join(dir, 'rt.db')}`;
    // The morning summary (its own once-a-day write, tested in morningSummary.test.ts) is off: these
    // counts are the notices' own.
    const config = readConfig({ DATABASE_URL: url, RENKEI_ADMIN_TOKEN: 'x'.repeat(20), MORNING_SUMMARY_HOUR: 'off' });
    setup = await startEngine(config, {
      log: silentLogger,
      now: testClock('2026-12-04T11:00:00+09:00').now,
    });
    await upsertCareOffice(setup, 'sanda-kyotaku-01', { name: '三田ケアプランセンター', email: 'cm@example.jp' });
    secret = await issueWebhookSecret(setup, hospital);
    const client = counting(createClient({ url, timeout: 5000 }), calls);
    const database = libsqlDatabase(client, url);
    // Group commit is on by default: a lone event is still its own one write batch.
    deps = { ...setup, database, commitEvent: groupCommit((statements) => database.commit(statements)) };
  });
  afterAll(async () => {
    deps.database.close();
    setup.database.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function deliver(body: unknown, id?: string): Promise<{ status: number; calls: Call[] }> {
    const app = createApp(deps);
    calls.length = 0;
    const res = await app.request(
      `/v1/hospitals/${hospital}/events`,
      await signedEventInit(secret, body, id ? { id } : {}),
    );
    return { status: res.status, calls: [...calls] };
  }

  it('an admission: one read batch, then case + event log + task + notice + timers in one write batch', async () => {
    const { status, calls: made } = await deliver(admittedEvent('E-rt-1'), 'msg-rt-1');
    expect(status).toBe(202);
    expect(made.map((c) => c.method)).toEqual(['batch', 'batch']);
    expect(made[1]!.mode).toBe('write');
    expect(made[1]!.statements).toBeGreaterThanOrEqual(5);
  });

  it('a later event on the case: the same two round trips', async () => {
    const { status, calls: made } = await deliver({
      type: 'discharge_planning_started',
      hospitalizationId: 'E-rt-1',
      occurredAt: '2026-12-04T10:40:00+09:00',
      data: { expectedDischargeDate: '2026-12-20' },
    });
    expect(status).toBe(202);
    expect(made).toHaveLength(2);
    expect(made[1]!.mode).toBe('write');
  });

  it('a sweep claims all its due notices in one statement, then records the sends that end together in one write', async () => {
    for (const e of ['E-rt-2', 'E-rt-3']) expect((await deliver(admittedEvent(e))).status).toBe(202);
    calls.length = 0;
    const counts = await runScheduled(deps, deps.now());
    // Four waiting: two admissions here, and the admission and discharge-start notices of E-rt-1.
    expect(counts.notices.sent).toBe(4);
    const claims = calls.filter((c) => /^update "outbox" set "claimed_until"/.test(c.sql));
    expect(claims).toHaveLength(2); // the claim that took all four, and the one that found nothing left
    const writes = calls.filter((c) => c.mode === 'write');
    // The sends that end together are recorded together (RENKEI_DISPATCH_GROUP_COMMIT, on by default):
    // fewer writes than notices, each notice whole in its write (the discharge-start notice's delivery
    // on its case in the write that marks it sent: test/engine/notices/dispatchRecords.test.ts).
    expect(writes.length).toBeGreaterThanOrEqual(1);
    expect(writes.length).toBeLessThan(4);
  });

  it('a repeated delivery is answered from the read batch alone: one round trip, nothing written', async () => {
    const { status, calls: made } = await deliver(admittedEvent('E-rt-1'), 'msg-rt-1');
    expect(status).toBe(202);
    expect(made).toHaveLength(1);
    expect(made[0]!.method).toBe('batch');
  });

  it("他の事業所への写し: a stay's other providers are read, in the one read batch, only for a fact that may copy them", async () => {
    const readsProviders = (call: Call) => /from "case_providers"/.test(call.sql);
    const nurse = { kind: 'visiting_nursing', name: 'さくら訪問看護ステーション', email: 'nurse@example.jp' };
    const admission = admittedEvent('E-rt-4');
    const admitted = await deliver({ ...admission, data: { ...admission.data, otherProviders: [nurse] } });
    expect(admitted.status).toBe(202);
    expect(admitted.calls.map((c) => c.method)).toEqual(['batch', 'batch']);
    // An admission copies no one: its read batch has no providers query (the write names the nurse).
    expect(readsProviders(admitted.calls[0]!)).toBe(false);
    const discharged = await deliver({
      type: 'discharged',
      hospitalizationId: 'E-rt-4',
      occurredAt: '2026-12-04T10:45:00+09:00',
      data: { destination: 'home', nursingSummarySent: true },
    });
    expect(discharged.status).toBe(202);
    // The discharge copies the nurse: the providers come with the case, and still two round trips.
    expect(discharged.calls.map((c) => c.method)).toEqual(['batch', 'batch']);
    expect(readsProviders(discharged.calls[0]!)).toBe(true);
    const copies = await setup.database.db.select().from(outbox).where(eq(outbox.notice, 'discharge_copy'));
    expect(copies.map((c) => c.recipientKind)).toEqual(['other_provider']);
  });
});

describe('over real HTTP to a remote libSQL (the Hrana protocol of sqld and Turso): the same two requests', () => {
  let dir: string;
  let hrana: TestHrana;
  let deps: Deps;
  let secret: string;
  const hospital = 'sanda-shimin';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'renkei-rt-remote-'));
    hrana = await startHrana(join(dir, 'remote.db'));
    deps = await startEngine(readConfig({ DATABASE_URL: hrana.url, RENKEI_ADMIN_TOKEN: 'x'.repeat(20) }), {
      log: silentLogger,
      now: testClock('2026-12-04T11:00:00+09:00').now,
    });
    await upsertCareOffice(deps, 'sanda-kyotaku-01', { name: '三田ケアプランセンター', email: 'cm@example.jp' });
    secret = await issueWebhookSecret(deps, hospital);
  });
  afterAll(async () => {
    deps.database.close();
    await hrana.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function requestsFor(body: unknown, id?: string): Promise<{ status: number; requests: number }> {
    const before = hrana.requests;
    const res = await createApp(deps).request(
      `/v1/hospitals/${hospital}/events`,
      await signedEventInit(secret, body, id ? { id } : {}),
    );
    return { status: res.status, requests: hrana.requests - before };
  }

  it('the database is remote: the engine runs on @libsql/client over HTTP', () => {
    expect(deps.database.backend).toBe('libsql-remote');
  });

  it('an admission, a later event: two HTTP requests each; a repeated delivery: one', async () => {
    expect(await requestsFor(admittedEvent('E-remote-1'), 'msg-remote-1')).toEqual({ status: 202, requests: 2 });
    expect(
      await requestsFor({
        type: 'discharge_planning_started',
        hospitalizationId: 'E-remote-1',
        occurredAt: '2026-12-04T10:40:00+09:00',
        data: { expectedDischargeDate: '2026-12-20' },
      }),
    ).toEqual({ status: 202, requests: 2 });
    expect(await requestsFor(admittedEvent('E-remote-1'), 'msg-remote-1')).toEqual({ status: 202, requests: 1 });
  });
});

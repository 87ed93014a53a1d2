import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents } from '../../db/schema.js';
import { recordHospitalEvent } from '../../engine/cases/index.js';
import { readConfig } from '../../engine/config.js';
import { silentLogger } from '../../engine/log.js';
import { startEngine } from '../../functions/runtime.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer, testClock } from '../support/server.js';

type Detail = {
  version: number;
  state: string;
  timeline: { kind: string; type?: string; seq?: number; outcome?: string; source?: string }[];
};

describe('concurrent events on one case never lose an update', () => {
  let s: TestServer;
  const hospital = 'sanda-hyogo-chuo';
  const ev = (encounter: string, type: string, occurredAt: string, data: unknown) => ({
    type,
    hospitalizationId: encounter,
    occurredAt,
    data,
  });

  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
    await registerCareOffice(s);
  });
  afterAll(async () => {
    await s.close();
  });

  async function caseInConference(encounter: string) {
    const { caseId } = (await (await s.sendEvent(hospital, admittedEvent(encounter))).json()) as { caseId: string };
    await s.sendEvent(
      hospital,
      ev(encounter, 'discharge_planning_started', '2026-12-04T10:40:00+09:00', { expectedDischargeDate: '2026-12-20' }),
    );
    await s.sendEvent(
      hospital,
      ev(encounter, 'conference_scheduled', '2026-12-04T10:41:00+09:00', {
        at: '2026-12-10T14:00:00+09:00',
        online: true,
      }),
    );
    return caseId;
  }

  it('two events posted at the same moment are both applied, in sequence', async () => {
    const caseId = await caseInConference('E-two');
    const [a, b] = await Promise.all([
      s.sendEvent(
        hospital,
        ev('E-two', 'conference_scheduled', '2026-12-04T10:50:00+09:00', {
          at: '2026-12-12T14:00:00+09:00',
          online: false,
          place: '会議室',
        }),
      ),
      s.sendEvent(
        hospital,
        ev('E-two', 'conference_held', '2026-12-04T10:50:00+09:00', { participants: [{ profession: 'msw' }] }),
      ),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    const after = (await (await s.admin(`/v1/admin/hospitalizations/${caseId}`)).json()) as Detail;
    const events = after.timeline.filter((t) => t.kind === 'event');
    // The delivery of the discharge-start notice is recorded on the case too, whenever it lands.
    expect(events.filter((t) => t.source === 'hospital')).toHaveLength(5);
    expect(events.map((t) => t.seq).sort((x, y) => x! - y!)).toEqual(
      Array.from({ length: after.version }, (_, i) => i + 1),
    );
    const rows = await s.running.deps.database.db.select().from(caseEvents);
    const snapshot = (await s.running.deps.database.db.query.cases.findFirst({
      where: (c, { eq }) => eq(c.id, caseId),
    }))!.snapshot as {
      context: { conferences: { heldAt: string | null }[] };
    };
    expect(snapshot.context.conferences).toHaveLength(2);
    expect(snapshot.context.conferences.filter((c) => c.heldAt !== null)).toHaveLength(1);
    expect(rows.filter((r) => r.caseId === caseId && r.source === 'hospital')).toHaveLength(5);
  });

  it('twenty events at once: twenty accepted, twenty recorded', async () => {
    const caseId = await caseInConference('E-twenty');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        s.sendEvent(
          hospital,
          ev('E-twenty', 'conference_scheduled', '2026-12-04T10:55:00+09:00', {
            at: `2026-12-${String(11 + (i % 9)).padStart(2, '0')}T14:00:00+09:00`,
            online: true,
          }),
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(202));
    const snapshot = (await s.running.deps.database.db.query.cases.findFirst({
      where: (c, { eq }) => eq(c.id, caseId),
    }))!;
    const logged = (await s.running.deps.database.db.select().from(caseEvents)).filter((r) => r.caseId === caseId);
    expect(logged.filter((r) => r.source === 'hospital')).toHaveLength(3 + 20);
    expect(snapshot.version).toBe(logged.length);
    expect((snapshot.snapshot as { context: { conferences: unknown[] } }).context.conferences).toHaveLength(21);
  });
});

describe('two engines (two connections) on one libSQL file share a case without losing updates', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'renkei-two-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('interleaved events from both land, each exactly once', async () => {
    const config = readConfig({ DATABASE_URL: `file:${join(dir, 'shared.db')}`, RENKEI_ADMIN_TOKEN: 'x'.repeat(20) });
    const clock = testClock('2026-12-04T11:00:00+09:00');
    const a = await startEngine(config, { log: silentLogger, now: clock.now });
    const b = await startEngine(config, { log: silentLogger, now: clock.now });
    try {
      const { upsertCareOffice } = await import('../../engine/directory/index.js');
      await upsertCareOffice(a, 'sanda-kyotaku-01', { name: '三田ケアプランセンター', email: 'cm@example.jp' });
      const admitted = admittedEvent('E-shared') as Parameters<typeof recordHospitalEvent>[3];
      const first = await recordHospitalEvent(a, 'sanda-shimin', 'w-0', admitted);
      expect(first.kind).toBe('accepted');
      await recordHospitalEvent(b, 'sanda-shimin', 'w-1', {
        type: 'discharge_planning_started',
        hospitalizationId: 'E-shared',
        occurredAt: '2026-12-04T10:40:00+09:00',
        data: { expectedDischargeDate: '2026-12-20' },
      });
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          recordHospitalEvent(i % 2 ? a : b, 'sanda-shimin', `w-c${i}`, {
            type: 'conference_scheduled',
            hospitalizationId: 'E-shared',
            occurredAt: '2026-12-04T10:50:00+09:00',
            data: { at: '2026-12-10T14:00:00+09:00', online: true },
          }),
        ),
      );
      expect(results.every((r) => r.kind === 'accepted')).toBe(true);
      // The same deliveries again, through the other engine: replays, nothing new.
      const replays = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          recordHospitalEvent(i % 2 ? b : a, 'sanda-shimin', `w-c${i}`, {
            type: 'conference_scheduled',
            hospitalizationId: 'E-shared',
            occurredAt: '2026-12-04T10:50:00+09:00',
            data: { at: '2026-12-10T14:00:00+09:00', online: true },
          }),
        ),
      );
      expect(replays.every((r) => r.kind === 'accepted' && r.replayed)).toBe(true);
      const row = await a.database.db.query.cases.findFirst();
      expect(row!.version).toBe(32);
      expect((row!.snapshot as { context: { conferences: unknown[] } }).context.conferences).toHaveLength(30);
      const seqs = (await a.database.db.select({ seq: caseEvents.seq }).from(caseEvents))
        .map((r) => r.seq)
        .sort((x, y) => x - y);
      expect(seqs).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
      // Engines without a dispatcher: nothing was delivered, so no delivery facts joined the log.
    } finally {
      a.database.close();
      b.database.close();
    }
  });
});

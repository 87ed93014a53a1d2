// A dispatch composes a claimed chunk's notices from one read batch (engine/notices/noticeReads.ts):
// the cases, care offices, hospitals, windows and tasks of every notice in the chunk, read together.
// Counted on a real libSQL client, like test/db/roundTrips.test.ts: each call is one round trip on a
// remote database.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libsqlDatabase } from '../../../db/database.js';
import { outbox } from '../../../db/schema.js';
import { type HospitalEventInput, recordHospitalEvent, reportAdmission } from '../../../engine/cases/index.js';
import { readConfig } from '../../../engine/config.js';
import type { Deps } from '../../../engine/deps.js';
import { getCareOffice, upsertCareOffice } from '../../../engine/directory/index.js';
import { silentLogger } from '../../../engine/log.js';
import { dispatchOutbox } from '../../../engine/notices/index.js';
import { NoticeReads } from '../../../engine/notices/noticeReads.js';
import { type NodeDeps, startEngine } from '../../../functions/runtime.js';
import { type Call, counting } from '../../support/countingClient.js';
import { admittedEvent, plannedEvent, testClock } from '../../support/server.js';
import { startSmtp, type TestSmtp } from '../../support/smtp.js';

const HOSPITAL = 'sanda-shimin';
const STAYS = 9;
/** A chunk's read batch: the only read of the dispatch that reads the hospitals' windows. */
const CHUNK_READ = /from "contact_windows"/;

describe('a chunk of notices is composed from one read batch, not reads per notice', () => {
  let dir: string;
  let smtp: TestSmtp;
  let setup: NodeDeps;
  let deps: Deps;
  const calls: Call[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'renkei-chunk-reads-'));
    smtp = await startSmtp();
    const url = `file:${join(dir, 'chunk.db')}`;
    const clock = testClock('2026-12-04T11:00:00+09:00');
    setup = await startEngine(
      readConfig({
        DATABASE_URL: url,
        RENKEI_ADMIN_TOKEN: 'x'.repeat(20),
        SMTP_URL: smtp.url,
        FAX_PROVIDER: 'email-gateway',
        FAX_GATEWAY_DOMAIN: 'fax.example.jp',
        SCHEDULE_INTERVAL_SECONDS: '0',
        MORNING_SUMMARY_HOUR: 'off',
        NOTIFIER_CONCURRENCY: '4',
      }),
      { log: silentLogger, now: clock.now },
    );
    // Two offices, one by email and one by FAX, so the chunk's notices take both channels.
    await upsertCareOffice(setup, 'sanda-kyotaku-01', { name: '三田ケアプランセンター', email: 'cm@example.jp' });
    await upsertCareOffice(setup, 'sanda-kyotaku-02', {
      name: '三田北ケアプランセンター',
      fax: '079-000-1234',
      preferredChannel: 'fax',
    });
    // Admissions to either office, admissions planned (the office and the hospital's window are told),
    // and discharge-start notices (a notice whose delivery the case is told of).
    for (let i = 0; i < STAYS; i++) {
      const office = i % 2 === 0 ? 'sanda-kyotaku-01' : 'sanda-kyotaku-02';
      const event =
        i % 3 === 2
          ? plannedEvent(`P-${i}`, { careOfficeId: office })
          : admittedEvent(`A-${i}`, { careOfficeId: office });
      const r = await recordHospitalEvent(setup, HOSPITAL, `chunk-${i}`, event as HospitalEventInput);
      if (r.kind !== 'accepted') throw new Error(r.kind);
      if (i % 3 === 1) {
        const started = await recordHospitalEvent(setup, HOSPITAL, `chunk-start-${i}`, {
          type: 'discharge_planning_started',
          hospitalizationId: `A-${i}`,
          occurredAt: '2026-12-04T10:40:00+09:00',
          data: { expectedDischargeDate: '2026-12-20' },
        } as HospitalEventInput);
        if (started.kind !== 'accepted') throw new Error(started.kind);
      }
    }
    // A care manager who heard of an admission first: the hospital's window is told (先に知った方が連絡する).
    const office = await getCareOffice(setup, 'sanda-kyotaku-01');
    const reported = await reportAdmission(setup, office!, {
      patient: { name: '三田 次郎', birthDate: '1938-02-11' },
      hospitalId: HOSPITAL,
      admittedOn: '2026-12-03',
    });
    if (reported.kind !== 'recorded') throw new Error(reported.kind);
    deps = { ...setup, database: libsqlDatabase(counting(createClient({ url, timeout: 5000 }), calls), url) };
  });
  afterAll(async () => {
    deps.database.close();
    setup.email.close?.();
    setup.database.close();
    await smtp.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('every notice of the chunk sent, of several kinds and channels, with the directory read once per claimed chunk', async () => {
    const queued = await setup.database.db.select().from(outbox);
    const kinds = new Set(queued.map((n) => n.notice));
    const recipients = new Set(queued.map((n) => n.recipientKind));
    // The chunk is mixed: several kinds of notice, to care offices and to the hospital.
    expect(kinds.size).toBeGreaterThanOrEqual(3);
    expect(recipients.size).toBeGreaterThanOrEqual(2);
    calls.length = 0;
    const counts = await dispatchOutbox(deps, deps.now(), 100);
    expect(counts).toEqual({ sent: queued.length, failed: 0, dead: 0, deferred: 0 });
    await smtp.waitFor(queued.length);
    expect(smtp.mails.some((m) => m.to.some((t) => t.endsWith('@fax.example.jp')))).toBe(true);

    const claims = calls.filter((c) => /^update "outbox" set "claimed_until"/.test(c.sql));
    const composing = calls.filter((c) => CHUNK_READ.test(c.sql));
    // One read batch per claimed chunk (the last claim finds nothing and reads nothing), holding the
    // cases, offices, hospitals, windows and tasks together. Per-notice reads would be one each.
    expect(composing).toHaveLength(claims.length - 1);
    for (const read of composing) {
      expect(read.method).toBe('batch');
      for (const table of ['cases', 'care_offices', 'hospitals', 'contact_windows', 'tasks'])
        expect(read.sql).toContain(`from "${table}"`);
    }
    // All the reads of the dispatch: one batch per chunk, and the case a discharge-start notice's
    // delivery is recorded on (one read each), nothing per notice besides.
    const reads = calls.filter((c) => c.mode !== 'write' && !/^update "outbox" set "claimed_until"/.test(c.sql));
    const toldToCase = queued.filter((n) => n.notice === 'discharge_start_notice').length;
    expect(reads.length).toBeLessThanOrEqual(claims.length - 1 + toldToCase);
  });

  it('an entry the chunk did not name is read on first use and kept; one it named and did not find is null with no read', async () => {
    const rows = await setup.database.db.select().from(outbox).limit(3);
    calls.length = 0;
    const reads = await NoticeReads.of(deps, [
      ...rows,
      { caseId: null, recipientKind: 'care_office', recipientId: 'no-such-office', taskId: null },
    ]);
    expect(calls).toHaveLength(1);
    // Named through the notices' cases: their hospital, its windows, their office.
    expect(await reads.hospital(HOSPITAL)).toMatchObject({ id: HOSPITAL });
    expect((await reads.windowsOfHospital(HOSPITAL)).length).toBeGreaterThan(0);
    expect(await reads.office('no-such-office')).toBeNull();
    expect(calls).toHaveLength(1);
    // A hospital no notice named (a transfer's receiving hospital, say): read once, then kept.
    expect(await reads.hospital('sanda-aino')).toMatchObject({ id: 'sanda-aino' });
    expect(await reads.hospital('sanda-aino')).toMatchObject({ id: 'sanda-aino' });
    expect(calls).toHaveLength(2);
  });
});

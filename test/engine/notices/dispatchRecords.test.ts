// The sweep's dispatch records the sends that end together in one transaction (engine/notices/outbox.ts,
// sendsRecordedTogether): fewer syncs, and each notice still marked sent exactly when its delivery
// fact (notice_delivered, for a discharge-start notice) is in the case's log.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, outbox } from '../../../db/schema.js';
import { type HospitalEventInput, recordHospitalEvent } from '../../../engine/cases/index.js';
import { readConfig } from '../../../engine/config.js';
import type { Deps } from '../../../engine/deps.js';
import { upsertCareOffice } from '../../../engine/directory/index.js';
import { silentLogger } from '../../../engine/log.js';
import { dispatchOutbox } from '../../../engine/notices/index.js';
import { type NodeDeps, startEngine } from '../../../functions/runtime.js';
import { admittedEvent, testClock } from '../../support/server.js';
import { startSmtp, type TestSmtp } from '../../support/smtp.js';

const HOSPITAL = 'sanda-shimin';
const STAYS = 12;

/** The engine on its own file, with its commits counted (each is one transaction, one sync). */
async function engine(dir: string, name: string, smtp: TestSmtp, env: Record<string, string>) {
  const clock = testClock('2026-12-04T11:00:00+09:00');
  const deps: NodeDeps = await startEngine(
    readConfig({
      DATABASE_URL: `file:${join(dir, `${name}.db`)}`,
      RENKEI_ADMIN_TOKEN: 'x'.repeat(20),
      SMTP_URL: smtp.url,
      SCHEDULE_INTERVAL_SECONDS: '0',
      ...env,
    }),
    { log: silentLogger, now: clock.now },
  );
  await upsertCareOffice(deps, 'sanda-kyotaku-01', { name: '三田ケアプランセンター', email: 'cm@example.jp' });
  let commits = 0;
  const counted: Deps = {
    ...deps,
    database: {
      ...deps.database,
      commit: (statements) => {
        commits++;
        return deps.database.commit(statements);
      },
    },
  };
  return { deps, counted, commits: () => commits, clock };
}

describe('the dispatch records the sends that end together in one transaction', () => {
  let dir: string;
  let smtp: TestSmtp;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'renkei-dispatch-records-'));
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await smtp.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function admitAndDispatch(name: string, env: Record<string, string>) {
    const e = await engine(dir, name, smtp, env);
    try {
      for (let i = 0; i < STAYS; i++) {
        const r = await recordHospitalEvent(e.deps, HOSPITAL, `${name}-adm-${i}`, {
          ...admittedEvent(`${name}-${i}`),
        } as HospitalEventInput);
        expect(r.kind).toBe('accepted');
      }
      const before = e.commits();
      const counts = await dispatchOutbox(e.counted, e.deps.now(), 100);
      const admissions = await e.deps.database.db.select().from(outbox);
      return { counts, commits: e.commits() - before, admissions, e };
    } finally {
      e.deps.email.close?.();
      e.deps.database.close();
    }
  }

  it('A① twelve admission notices sent side by side are all marked sent, in fewer transactions than notices', async () => {
    const mails = smtp.mails.length;
    const { counts, commits, admissions } = await admitAndDispatch('grouped', { NOTIFIER_CONCURRENCY: '4' });
    expect(counts).toEqual({ sent: STAYS, failed: 0, dead: 0, deferred: 0 });
    expect(admissions.filter((n) => n.status === 'sent')).toHaveLength(STAYS);
    await smtp.waitFor(mails + STAYS);
    // Twelve sends at four at once end in at most a few groups; one transaction each would be twelve.
    expect(commits).toBeLessThanOrEqual(4);
  });

  it('grouped records and the SMTP pool are on unless turned off', () => {
    expect(readConfig({})).toMatchObject({ dispatchGroupCommit: true, smtpPool: true });
    expect(readConfig({ RENKEI_DISPATCH_GROUP_COMMIT: '0', SMTP_POOL: '0' })).toMatchObject({
      dispatchGroupCommit: false,
      smtpPool: false,
    });
  });

  it('RENKEI_DISPATCH_GROUP_COMMIT=0 records every send in its own transaction', async () => {
    const { counts, commits } = await admitAndDispatch('alone', {
      NOTIFIER_CONCURRENCY: '4',
      RENKEI_DISPATCH_GROUP_COMMIT: '0',
    });
    expect(counts.sent).toBe(STAYS);
    expect(commits).toBe(STAYS);
  });

  it('discharge-start notices of many stays recorded together: each marked sent with its notice_delivered in its own case log', async () => {
    const e = await engine(dir, 'facts', smtp, { NOTIFIER_CONCURRENCY: '4' });
    try {
      const caseIds: string[] = [];
      for (let i = 0; i < STAYS; i++) {
        const r = await recordHospitalEvent(e.deps, HOSPITAL, `facts-adm-${i}`, {
          ...admittedEvent(`F-${i}`),
        } as HospitalEventInput);
        if (r.kind !== 'accepted') throw new Error(r.kind);
        caseIds.push(r.caseId);
      }
      await dispatchOutbox(e.deps, e.deps.now(), 100);
      e.clock.set('2026-12-10T09:05:00+09:00');
      for (let i = 0; i < STAYS; i++) {
        const r = await recordHospitalEvent(e.deps, HOSPITAL, `facts-start-${i}`, {
          type: 'discharge_planning_started',
          hospitalizationId: `F-${i}`,
          occurredAt: '2026-12-10T09:00:00+09:00',
          data: { expectedDischargeDate: '2026-12-20' },
        } as HospitalEventInput);
        expect(r.kind).toBe('accepted');
      }
      const before = e.commits();
      const counts = await dispatchOutbox(e.counted, e.deps.now(), 100);
      expect(counts.sent).toBe(STAYS);
      // Each notice's sent mark and its fact: in fewer transactions than notices, none split.
      expect(e.commits() - before).toBeLessThan(STAYS);
      for (const caseId of caseIds) {
        const [notice] = await e.deps.database.db
          .select()
          .from(outbox)
          .where(and(eq(outbox.caseId, caseId), eq(outbox.notice, 'discharge_start_notice')));
        expect(notice?.status).toBe('sent');
        const delivered = (
          await e.deps.database.db
            .select()
            .from(caseEvents)
            .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.type, 'notice_delivered')))
        ).map((r) => (r.data as { noticeId: string }).noticeId);
        expect(delivered).toEqual([notice!.id]);
      }
    } finally {
      e.deps.email.close?.();
      e.deps.database.close();
    }
  });
});

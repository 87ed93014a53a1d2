import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, cases, outbox } from '../../../db/schema.js';
import { type HospitalEventInput, recordHospitalEvent, removeCaseProvider } from '../../../engine/cases/index.js';
import { readConfig } from '../../../engine/config.js';
import type { Deps } from '../../../engine/deps.js';
import { upsertCareOffice } from '../../../engine/directory/index.js';
import { silentLogger } from '../../../engine/log.js';
import { dispatchOutbox } from '../../../engine/notices/index.js';
import { type NodeDeps, startEngine } from '../../../functions/runtime.js';
import type { RegionOtherProvider } from '../../../regions/schema.js';
import { admittedEvent, testClock } from '../../support/server.js';
import { startSmtp, type TestSmtp } from '../../support/smtp.js';
import { waitUntil } from '../../support/wait.js';

// 他の事業所への写し, in the engine: a provider named from the region directory by id is reached at the
// directory's address as it is when the copy goes; a provider removed after its copy was queued is not
// sent it; a copy is not a handoff (not fed back to the rule: no notice_delivered, no leak).

const HOSPITAL = 'sanda-shimin';
const LISTED: RegionOtherProvider = {
  id: 'sanda-houmon-sakura',
  kind: 'visiting_nursing',
  name: 'さくら訪問看護ステーション',
  email: 'sakura@houmon.example.jp',
  preferredChannel: 'email',
};

describe('copies to other providers, in the engine', () => {
  let dir: string;
  let smtp: TestSmtp;
  let base: NodeDeps;
  let deps: Deps;
  let listed: RegionOtherProvider;
  const clock = testClock('2026-12-04T11:00:00+09:00');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'renkei-provider-copies-'));
    smtp = await startSmtp();
    base = await startEngine(
      readConfig({
        DATABASE_URL: `file:${join(dir, 'renkei.db')}`,
        RENKEI_ADMIN_TOKEN: 'x'.repeat(20),
        SMTP_URL: smtp.url,
        SCHEDULE_INTERVAL_SECONDS: '0',
      }),
      { log: silentLogger, now: clock.now },
    );
    // Sanda's pack with one provider listed in its directory (the packs list none yet).
    listed = { ...LISTED };
    deps = {
      ...base,
      regions: new Map(
        [...base.regions].map(([id, pack]) => [id, id === 'sanda' ? { ...pack, providers: [listed] } : pack]),
      ),
    };
    await upsertCareOffice(deps, 'sanda-kyotaku-01', { name: '三田ケアプランセンター', email: 'cm@example.jp' });
  });
  afterAll(async () => {
    base.email.close?.();
    base.database.close();
    await smtp.close();
    await rm(dir, { recursive: true, force: true });
  });

  const record = async (webhookId: string, input: unknown) => {
    const r = await recordHospitalEvent(deps, HOSPITAL, webhookId, input as HospitalEventInput);
    if (r.kind !== 'accepted') throw new Error(`${webhookId}: ${JSON.stringify(r)}`);
    return r.caseId;
  };
  const admitted = (id: string, otherProviders: unknown[]) => {
    const e = admittedEvent(id);
    return { ...e, data: { ...e.data, otherProviders } };
  };
  const started = (id: string) => ({
    type: 'discharge_planning_started',
    hospitalizationId: id,
    occurredAt: '2026-12-08T09:50:00+09:00',
    data: { expectedDischargeDate: '2026-12-20' },
  });
  const copiesOf = (caseId: string) =>
    deps.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.caseId, caseId), eq(outbox.recipientKind, 'other_provider')));

  it("a provider named by its directory id is copied at the directory's address as it is when the copy goes", async () => {
    const caseId = await record('w-1', admitted('E-1', [{ directoryId: LISTED.id }]));
    clock.set('2026-12-08T10:00:00+09:00');
    await record('w-2', started('E-1'));
    // The directory's entry is corrected before the copy is sent: the corrected address is used.
    listed.email = 'sakura-renkei@houmon.example.jp';
    await dispatchOutbox(deps, deps.now(), 100);
    await waitUntil(() => smtp.mails.some((m) => m.to.includes('sakura-renkei@houmon.example.jp')));
    const mail = smtp.mails.find((m) => m.to.includes('sakura-renkei@houmon.example.jp'))!;
    expect(mail.subject).toBe('【退院調整開始のお知らせ (写し)】三田市民病院');
    expect(smtp.mails.filter((m) => m.to.includes(LISTED.email!))).toEqual([]);
    const [copy] = await copiesOf(caseId);
    expect(copy).toMatchObject({ notice: 'discharge_start_copy', status: 'sent', taskId: null, route: 'preferred' });
  });

  it('a copy is not a handoff: the rule hears of the notice to the care manager, never of the copy', async () => {
    const [row] = await deps.database.db.select().from(cases).where(eq(cases.hospitalizationId, 'E-1'));
    const delivered = await deps.database.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, row!.id), eq(caseEvents.type, 'notice_delivered')));
    // One: the discharge-start notice to the care manager (what the leak rate judges).
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.fact).toMatchObject({ notice: 'discharge_start_notice' });
  });

  it('a provider removed after its copy was queued is not sent it (the copy is skipped, not dead)', async () => {
    const caseId = await record(
      'w-3',
      admitted('E-2', [{ kind: 'day_service', name: 'ひまわりデイサービス', email: 'himawari@day.example.jp' }]),
    );
    await record('w-4', started('E-2'));
    const [queued] = await copiesOf(caseId);
    expect(queued?.status).toBe('pending');
    const removed = await removeCaseProvider(deps, caseId, queued!.recipientId, {
      actor: 'care_office:sanda-kyotaku-01',
      requester: { ip: null, userAgent: null },
    });
    expect(removed).toBe(true);
    await dispatchOutbox(deps, deps.now(), 100);
    const [after] = await copiesOf(caseId);
    expect(after).toMatchObject({ status: 'skipped', lastError: 'provider removed from the stay' });
    expect(smtp.mails.filter((m) => m.to.includes('himawari@day.example.jp'))).toEqual([]);
  });
});

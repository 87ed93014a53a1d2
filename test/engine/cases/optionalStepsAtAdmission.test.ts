// What the engine finds at admission for the optional steps: the repeat admission (Sanda FAQ 3–4),
// the rule's scope (§2(3)) and the support center of the patient's town (A① ※, FAQ 13). Real libSQL file.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, outbox } from '../../../db/schema.js';
import { type HospitalEventInput, recordHospitalEvent } from '../../../engine/cases/index.js';
import { readConfig } from '../../../engine/config.js';
import type { Deps } from '../../../engine/deps.js';
import { upsertCareOffice } from '../../../engine/directory/index.js';
import { silentLogger } from '../../../engine/log.js';
import { startEngine } from '../../../functions/runtime.js';
import { testClock } from '../../support/server.js';

describe('optional steps found at admission', () => {
  let dir: string;
  let deps: Deps;
  const hospital = 'sanda-shimin';
  const patient = { name: '山田 花子', birthDate: '1941-05-02' };
  const send = (id: string, input: unknown) => recordHospitalEvent(deps, hospital, id, input as HospitalEventInput);
  const caseOf = async (encounter: string) =>
    (await deps.database.db.select().from(cases).where(eq(cases.hospitalizationId, encounter)))[0]!;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'renkei-optional-'));
    const config = readConfig({ DATABASE_URL: `file:${join(dir, 'e.db')}`, RENKEI_ADMIN_TOKEN: 'x'.repeat(20) });
    deps = await startEngine(config, { log: silentLogger, now: testClock('2026-12-04T11:00:00+09:00').now });
    await upsertCareOffice(deps, 'office-1', { name: 'ケアプランさくら', email: 'cm@example.jp', region: 'sanda' });
    const center = { kind: 'community_support_center' as const, region: 'sanda' };
    await upsertCareOffice(deps, 'center-city', { ...center, name: '市の包括', email: 'c@example.jp', town: '三田市' });
    await upsertCareOffice(deps, 'center-miwa', {
      ...center,
      name: '三輪の包括',
      email: 'm@example.jp',
      town: '三田市三輪',
    });
  });
  afterAll(async () => {
    deps.database.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('FAQ 3–4: a second stay of the same patient within the pack’s days is a repeat admission; the first is not', async () => {
    const at = (d: string) => `2026-11-${d}T10:00:00+09:00`;
    await send('r1', {
      type: 'admitted',
      hospitalizationId: 'R-1',
      occurredAt: at('02'),
      data: { patient, ward: '4階', careOfficeId: 'office-1' },
    });
    await send('r2', {
      type: 'discharged',
      hospitalizationId: 'R-1',
      occurredAt: at('10'),
      data: { destination: 'home', nursingSummarySent: true },
    });
    await send('r3', {
      type: 'admitted',
      hospitalizationId: 'R-2',
      occurredAt: at('20'),
      data: { patient, ward: '4階', careOfficeId: 'office-1' },
    });
    expect((await caseOf('R-1')).snapshot.context.repeatAdmission ?? null).toBeNull();
    const second = await caseOf('R-2');
    expect(second.snapshot.context.repeatAdmission).toMatchObject({ previousCaseId: (await caseOf('R-1')).id });
  });

  it('§2(3): an admission said not to be from home to home is kept, out of the rule’s scope, and so marked for the measures', async () => {
    await send('s1', {
      type: 'admitted',
      hospitalizationId: 'S-1',
      occurredAt: '2026-12-01T10:00:00+09:00',
      data: {
        patient: { name: '佐藤 一郎', birthDate: '1940-01-01' },
        ward: '4階',
        careOfficeId: 'office-1',
        fromHomeToHome: false,
      },
    });
    const row = await caseOf('S-1');
    expect(row.snapshot.context.inRuleScope).toBe(false);
    expect(row.outOfRuleScope).toBe(true);
  });

  it('A① ※ / FAQ 13: with the care manager unknown, the center whose town the address is in is asked (the longest match), else the pack’s default', async () => {
    const unknown = (encounter: string, addressTown?: string) =>
      send(`u-${encounter}`, {
        type: 'admitted',
        hospitalizationId: encounter,
        occurredAt: '2026-12-01T10:00:00+09:00',
        data: {
          patient: { name: `鈴木 ${encounter}`, birthDate: '1939-03-03' },
          ward: '4階',
          careOfficeId: null,
          usedCareServices: true,
          ...(addressTown ? { addressTown } : {}),
        },
      });
    await unknown('U-1', '三田市三輪2丁目');
    await unknown('U-2', '三田市駅前町');
    const asked = async (encounter: string) =>
      (
        await deps.database.db
          .select()
          .from(outbox)
          .where(eq(outbox.caseId, (await caseOf(encounter)).id))
      )
        .filter((r) => r.notice === 'care_manager_search_request')
        .map((r) => r.recipientId);
    expect(await asked('U-1')).toEqual(['center-miwa']);
    expect(await asked('U-2')).toEqual(['center-city']);
  });
});

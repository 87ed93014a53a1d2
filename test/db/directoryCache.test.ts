import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libsqlDatabase } from '../../db/database.js';
import { readConfig } from '../../engine/config.js';
import type { Deps } from '../../engine/deps.js';
import { issueWebhookSecret, upsertCareOffice } from '../../engine/directory/index.js';
import { silentLogger } from '../../engine/log.js';
import { createApp } from '../../functions/app.js';
import { startEngine } from '../../functions/runtime.js';
import { type Call, counting } from '../support/countingClient.js';
import { admittedEvent, testClock } from '../support/server.js';
import { signedEventInit } from '../support/signed.js';

const HOSPITAL = 'sanda-shimin';
const OFFICE = 'sanda-kyotaku-01';
const readsDirectory = (c: Call) => /from "(hospitals|hospital_secrets|care_offices)"/.test(c.sql);

/**
 * The directory a webhook reads (hospital, its secrets, the care office) is kept between events
 * and checked against the version row in each read batch. `other` is a second connection to the
 * same file, as another process would hold: what it edits, by the engine or by hand, the cached
 * process must see at its next event.
 */
describe('the directory cache: kept between events, dropped by any edit from any process', () => {
  let dir: string;
  let other: Awaited<ReturnType<typeof startEngine>>;
  let deps: Deps;
  let secret: string;
  const calls: Call[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'renkei-dircache-'));
    const url = `file:${join(dir, 'dc.db')}`;
    other = await startEngine(readConfig({ DATABASE_URL: url, RENKEI_ADMIN_TOKEN: 'x'.repeat(20) }), {
      log: silentLogger,
      now: testClock('2026-12-04T11:00:00+09:00').now,
    });
    await upsertCareOffice(other, OFFICE, { name: '三田ケアプランセンター', email: 'cm@example.jp' });
    secret = await issueWebhookSecret(other, HOSPITAL);
    deps = { ...other, database: libsqlDatabase(counting(createClient({ url, timeout: 5000 }), calls), url) };
  });
  afterAll(async () => {
    deps.database.close();
    other.database.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function deliver(body: unknown, key = secret): Promise<{ status: number; reads: Call; all: Call[] }> {
    calls.length = 0;
    const res = await createApp(deps).request(`/v1/hospitals/${HOSPITAL}/events`, await signedEventInit(key, body));
    return { status: res.status, reads: calls[0]!, all: [...calls] };
  }

  it("a hospital's second event reads no directory row: its one read batch has the version row and the case", async () => {
    const first = await deliver(admittedEvent('E-dc-1'));
    expect(first.status).toBe(202);
    expect(readsDirectory(first.reads)).toBe(true);
    const second = await deliver(admittedEvent('E-dc-2'));
    expect(second.status).toBe(202);
    expect(second.reads.method).toBe('batch');
    expect(second.reads.sql).toMatch(/from "directory_version"/);
    expect(readsDirectory(second.reads)).toBe(false);
    expect(second.reads.statements).toBeLessThan(first.reads.statements);
  });

  it('a secret expired by hand in another process is refused at the next event (401), a new one accepted', async () => {
    // By hand, not through the engine: the trigger, not the code path, tells the cache.
    await other.database.client.execute({
      sql: 'UPDATE hospital_secrets SET expires_at = 1 WHERE hospital_id = ?',
      args: [HOSPITAL],
    });
    expect((await deliver(admittedEvent('E-dc-3'))).status).toBe(401);
    const renewed = await issueWebhookSecret(other, HOSPITAL);
    expect((await deliver(admittedEvent('E-dc-3'), renewed)).status).toBe(202);
    secret = renewed;
  });

  it('a care office removed in another process is refused at the next event that names it (400)', async () => {
    expect((await deliver(admittedEvent('E-dc-4'))).status).toBe(202);
    await other.database.client.execute({ sql: 'DELETE FROM care_offices WHERE id = ?', args: [OFFICE] });
    const res = await deliver(admittedEvent('E-dc-5'));
    expect(res.status).toBe(400);
    // The version moved: the cached entries are dropped and read again (a second read batch, after an edit only).
    expect(res.all.filter((c) => c.mode !== 'write').some(readsDirectory)).toBe(true);
  });

  it('an office registered in another process after an event named it unknown is found at the next event', async () => {
    await upsertCareOffice(other, OFFICE, { name: '三田ケアプランセンター', email: 'cm@example.jp' });
    expect((await deliver(admittedEvent('E-dc-5'))).status).toBe(202);
  });
});
